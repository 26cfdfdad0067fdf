// The one place that decides what a key press means. It is pure: given the state and the key,
// it looks the key up in the binding table and returns commands for the app to carry out, so
// the whole key map is testable without a terminal.

import {bindingFor, type KeyContext, type KeyPress} from './key-bindings.js';
import type {FieldName, GuideState, SignInWay} from './state/guide-state.js';
import type {Action} from './state/reducer.js';
import {isSignInRunning} from './state/sign-in-state.js';
import {currentStep, type StepContext, stepAfter, stepFields, stepLink} from './steps.js';

export type Command =
	| {type: 'dispatch'; action: Action}
	| {type: 'open'; url: string; label: string}
	| {type: 'copy'; text: string; label: string}
	| {type: 'start-sign-in'; way: SignInWay}
	| {type: 'submit-field'; field: FieldName}
	/** Ends the guide; Ctrl+C ends it with 130, as an interrupted command does. */
	| {type: 'quit'; exitCode: 0 | 130};

const dispatch = (action: Action): Command => ({type: 'dispatch', action});
const notice = (text: string): Command => dispatch({type: 'notice', notice: {tone: 'info', text}});
const quit: Command = {type: 'quit', exitCode: 0};
const interrupt: Command = {type: 'quit', exitCode: 130};

/** Whether a chunk is a paste (or keys typed ahead) rather than one key. */
const isPaste = (input: string, key: KeyPress) => [...input].length > 1 && !key.ctrl && !key.meta;

/**
 * The key presses in one chunk of text, where keys typed while the guide was busy (or loading)
 * arrive together and are taken one by one, as typed. Where typing goes into a field, the chunk
 * stays whole: it is one paste. (Enter, Tab and Backspace always come alone: system/input-filter.ts.)
 */
export function keyPresses(state: GuideState, input: string, key: KeyPress): [string, KeyPress][] {
	const typingGoesToField =
		state.focus !== undefined || (state.overlay === undefined && stepFields(state).length > 0);
	if (!isPaste(input, key) || typingGoesToField) return [[input, key]];
	return [...input].map((character) => [character, {}]);
}

function open(state: GuideState, context: StepContext): Command {
	const link = stepLink(state, context);
	if (link) return {type: 'open', ...link};
	return notice(
		currentStep(state).id === 'sign-in'
			? 'Start the sign-in first: Enter or s (or d for a code on another device).'
			: 'This step has nothing to open.',
	);
}

function copy(state: GuideState, context: StepContext): Command {
	const target = currentStep(state).copy?.(state, context);
	return target ? {type: 'copy', ...target} : notice('Nothing to copy on this step.');
}

function enter(state: GuideState, context: StepContext): Command[] {
	switch (currentStep(state).enter) {
		case 'focus': {
			const field = stepFields(state)[0];
			return field ? [dispatch({type: 'focus', field})] : [];
		}
		case 'choose-kind':
			return [dispatch({type: 'choose-kind'})];
		case 'toggle':
			return [dispatch({type: 'toggle-scope'})];
		case 'copy':
			return [copy(state, context)];
		case 'sign-in':
			switch (state.signIn.phase) {
				case 'waiting':
					return state.signIn.way === 'browser'
						? [dispatch({type: 'focus', field: 'paste'})]
						: [copy(state, context)];
				case 'failed':
					// Tries again the way that failed.
					return [{type: 'start-sign-in', way: state.signIn.way}];
				case 'starting':
					return [];
				default:
					return [{type: 'start-sign-in', way: 'browser'}];
			}
		case 'next':
			return [dispatch({type: 'go', step: stepAfter(state, 1)})];
	}
}

/** ↑↓ scroll by a row, PgUp and PgDn by a page less one, so the reader keeps their place. */
function scroll(state: GuideState, command: string): Command | undefined {
	const page = Math.max(1, state.pane.rows - 1);
	const delta = {up: -1, down: 1, 'page-up': -page, 'page-down': page}[command];
	return delta === undefined ? undefined : dispatch({type: 'scroll', delta});
}

function inField(input: string, key: KeyPress): Command[] {
	const command = bindingFor('field', input, key)?.command;
	switch (command) {
		case 'interrupt':
			return [interrupt];
		case 'leave-field':
			return [dispatch({type: 'focus', field: undefined})];
		case 'next-field':
		case 'previous-field':
			return [dispatch({type: 'cycle-focus', delta: command === 'next-field' ? 1 : -1})];
		default:
			// The rest is the field's own (text-field.tsx): ink-text-input takes the typing, ← →,
			// Backspace and Enter. Enter is taken there alone, through its onSubmit: were it
			// also taken here, one Enter would submit the field and act on the next step.
			return [];
	}
}

export function routeKey(
	state: GuideState,
	context: StepContext,
	input: string,
	key: KeyPress,
): Command[] {
	if (state.overlay === 'confirm-quit') {
		switch (bindingFor('confirm', input, key)?.command) {
			case 'interrupt':
				return [interrupt];
			case 'yes':
				return [quit];
			case 'no':
				return [dispatch({type: 'overlay', overlay: undefined})];
			default:
				return [];
		}
	}
	const where: KeyContext = state.focus ? 'field' : 'steps';
	if (state.overlay === 'whole-values') {
		// Any key goes back to the steps.
		const command = bindingFor('steps', input, key)?.command;
		return [command === 'interrupt' ? interrupt : dispatch({type: 'overlay', overlay: undefined})];
	}
	if (state.overlay === 'help') {
		const command = bindingFor(where, input, key)?.command;
		if (command === 'interrupt') return [interrupt];
		return [scroll(state, command ?? '') ?? dispatch({type: 'overlay', overlay: undefined})];
	}

	if (state.focus) {
		// PgUp and PgDn scroll the step while a field is typed in too: no field uses them.
		const page = bindingFor('steps', input, key)?.command;
		if (page === 'page-up' || page === 'page-down') return [scroll(state, page)!];
		return inField(input, key);
	}

	// A paste arrives as one event of several characters: on a step with a text field it
	// becomes that field's value and focuses it, so people can paste without pressing Enter
	// first; the field (ink-text-input) takes what follows, Enter included.
	if (isPaste(input, key)) {
		const field = stepFields(state)[0];
		const value = input.trim();
		if (!field || value === '') return [];
		return [dispatch({type: 'focus', field}), dispatch({type: 'edit', field, value})];
	}

	const step = currentStep(state);
	const command = bindingFor('steps', input, key)?.command;
	switch (command) {
		case 'interrupt':
			return [interrupt];
		case 'previous-step':
			return [dispatch({type: 'go', step: stepAfter(state, -1)})];
		case 'next-step':
			return [dispatch({type: 'go', step: stepAfter(state, 1)})];
		case 'jump':
			// The digit is the step's number; 0 is the tenth.
			return [dispatch({type: 'go', step: (Number(input) + 9) % 10})];
		case 'up':
		case 'down':
			// ↑↓ choose in a list; elsewhere they scroll a step too long for the window.
			if (step.list) return [dispatch({type: 'move', delta: command === 'up' ? -1 : 1})];
			return [scroll(state, command)!];
		case 'page-up':
		case 'page-down':
			return [scroll(state, command)!];
		case 'next-field':
		case 'previous-field':
			return [dispatch({type: 'cycle-focus', delta: command === 'next-field' ? 1 : -1})];
		case 'enter':
			return enter(state, context);
		case 'dismiss':
			return state.notice ? [dispatch({type: 'notice', notice: undefined})] : [];
		case 'toggle':
			// Space switches a scope, or picks the kind under the cursor, as Enter does.
			return step.enter === 'toggle' || step.enter === 'choose-kind' ? enter(state, context) : [];
		case 'open':
			return [open(state, context)];
		case 'copy':
			return [copy(state, context)];
		case 'reveal':
			return step.secrets ? [dispatch({type: 'toggle-reveal'})] : [];
		case 'whole-values':
			return (step.wholeValues?.(state).length ?? 0) > 0
				? [dispatch({type: 'overlay', overlay: 'whole-values'})]
				: [notice('Nothing to show whole on this step.')];
		case 'sign-in':
			return [{type: 'start-sign-in', way: 'browser'}];
		case 'sign-in-device':
			return [{type: 'start-sign-in', way: 'device'}];
		case 'help':
			return [dispatch({type: 'overlay', overlay: 'help'})];
		case 'quit':
			return isSignInRunning(state)
				? [dispatch({type: 'overlay', overlay: 'confirm-quit'})]
				: [quit];
		default:
			return [];
	}
}
