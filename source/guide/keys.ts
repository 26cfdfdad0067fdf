// The one place that decides what a key press means. It is pure: given the state and the key,
// it returns commands for the app to carry out, so the whole key map is testable without a
// terminal. A focused text field owns its keys (ink-text-input edits the text); only Esc, Tab
// and Enter reach the routing below while it is focused.
import type {Key} from 'ink';
import type {GuideSetup} from './services.js';
import {
	type Action,
	credentialRows,
	currentStepId,
	type FieldName,
	type GuideState,
	isSignInRunning,
	redirectUri,
	stepFields,
} from './state.js';
import {steps, usageCommands} from './steps.js';

export type Command =
	| {type: 'dispatch'; action: Action}
	| {type: 'open'; url: string; label: string}
	| {type: 'copy'; text: string; label: string}
	| {type: 'start-sign-in'}
	| {type: 'submit-field'; field: FieldName}
	| {type: 'quit'};

/** The subset of ink's Key the router looks at, so tests can write keys briefly. */
export type KeyPress = Partial<
	Pick<
		Key,
		| 'upArrow'
		| 'downArrow'
		| 'leftArrow'
		| 'rightArrow'
		| 'return'
		| 'escape'
		| 'ctrl'
		| 'shift'
		| 'tab'
		| 'meta'
	>
>;

const dispatch = (action: Action): Command => ({type: 'dispatch', action});
const notice = (text: string): Command => dispatch({type: 'notice', notice: {tone: 'info', text}});

/** Removes the line ending a paste may carry, and says whether it had one (it means Enter). */
export function cleanTypedText(text: string): {text: string; submitted: boolean} {
	const cleaned = text.replace(/[\r\n]+/g, '');
	return {text: cleaned, submitted: cleaned !== text};
}

/** Where `o` leads on the current step, once there is somewhere to go. */
export function linkFor(
	state: GuideState,
	setup: GuideSetup,
): {url: string; label: string} | undefined {
	const link = steps[state.step]!.link;
	switch (link?.kind) {
		case 'portal':
			return {url: setup.portalUrl, label: link.label};
		case 'authorize':
			return state.signIn.phase === 'waiting' && state.signIn.authorizeUrl
				? {url: state.signIn.authorizeUrl, label: link.label}
				: undefined;
		default:
			return undefined;
	}
}

function open(state: GuideState, setup: GuideSetup): Command {
	const link = linkFor(state, setup);
	if (link) return {type: 'open', ...link};
	return notice(
		currentStepId(state) === 'sign-in'
			? 'Start the sign-in first: Enter or s.'
			: 'This step has nothing to open.',
	);
}

/** What `c` copies on the current step. */
export function copyTargetFor(
	state: GuideState,
	setup: GuideSetup,
): {text: string; label: string} | undefined {
	switch (currentStepId(state)) {
		case 'redirect':
			return {text: redirectUri(state), label: 'the redirect URI'};
		case 'sign-in':
			return state.signIn.phase === 'waiting' && state.signIn.authorizeUrl
				? {text: state.signIn.authorizeUrl, label: 'the sign-in address'}
				: undefined;
		case 'credentials': {
			const row = credentialRows(state)[state.credentialCursor];
			return row && {text: row.value, label: row.what};
		}
		case 'use-it': {
			const line = usageCommands(setup.profileName)[state.commandCursor];
			return line && {text: line.command, label: 'the command'};
		}
		default:
			return undefined;
	}
}

function copy(state: GuideState, setup: GuideSetup): Command {
	const target = copyTargetFor(state, setup);
	return target ? {type: 'copy', ...target} : notice('Nothing to copy on this step.');
}

function enter(state: GuideState, setup: GuideSetup): Command[] {
	switch (currentStepId(state)) {
		case 'api-key':
			return [dispatch({type: 'focus', field: 'apiKey'})];
		case 'secret':
			return [dispatch({type: 'focus', field: 'clientSecret'})];
		case 'redirect':
			return [dispatch({type: 'focus', field: 'port'})];
		case 'scopes':
			return [dispatch({type: 'toggle-scope'})];
		case 'sign-in':
			return state.signIn.phase === 'waiting'
				? [dispatch({type: 'focus', field: 'paste'})]
				: [{type: 'start-sign-in'}];
		case 'credentials':
		case 'use-it':
			return [copy(state, setup)];
		default:
			return [dispatch({type: 'go', step: state.step + 1})];
	}
}

function whileFocused(field: FieldName, key: KeyPress): Command[] {
	if (key.escape) return [dispatch({type: 'focus', field: undefined})];
	if (key.tab) return [dispatch({type: 'cycle-focus', delta: key.shift ? -1 : 1})];
	if (key.return) return [{type: 'submit-field', field}];
	return [];
}

export function routeKey(
	state: GuideState,
	setup: GuideSetup,
	input: string,
	key: KeyPress,
): Command[] {
	if (key.ctrl && input === 'c') return [{type: 'quit'}];

	if (state.overlay === 'confirm-quit') {
		if (input === 'y' || input === 'Y') return [{type: 'quit'}];
		if (input === 'n' || input === 'N' || key.escape) {
			return [dispatch({type: 'overlay', overlay: undefined})];
		}
		return [];
	}
	if (state.overlay === 'help') return [dispatch({type: 'overlay', overlay: undefined})];

	if (state.focus) return whileFocused(state.focus, key);

	// A paste arrives as one event of several characters: on a step with a text field it goes
	// into that field, so people can paste without pressing Enter first.
	if (input.length > 1 && !key.ctrl && !key.meta) {
		const field = stepFields(state)[0];
		if (!field) return [];
		const {text, submitted} = cleanTypedText(input);
		return [
			dispatch({type: 'focus', field}),
			dispatch({type: 'edit', field, value: text.trim()}),
			...(submitted ? [{type: 'submit-field', field} as const] : []),
		];
	}

	if (key.leftArrow) return [dispatch({type: 'go', step: state.step - 1})];
	if (key.rightArrow) return [dispatch({type: 'go', step: state.step + 1})];
	if (key.upArrow) return [dispatch({type: 'move', delta: -1})];
	if (key.downArrow) return [dispatch({type: 'move', delta: 1})];
	if (key.tab) return [dispatch({type: 'cycle-focus', delta: key.shift ? -1 : 1})];
	if (key.return) return enter(state, setup);
	if (key.escape) return state.notice ? [dispatch({type: 'notice', notice: undefined})] : [];

	if (/^[0-9]$/.test(input)) {
		return [dispatch({type: 'go', step: input === '0' ? 9 : Number(input) - 1})];
	}
	switch (input) {
		case ' ':
			return currentStepId(state) === 'scopes' ? [dispatch({type: 'toggle-scope'})] : [];
		case 'o':
			return [open(state, setup)];
		case 'c':
			return [copy(state, setup)];
		case 'r':
			return currentStepId(state) === 'credentials' ? [dispatch({type: 'toggle-reveal'})] : [];
		case 's':
			return [{type: 'start-sign-in'}];
		case '?':
			return [dispatch({type: 'overlay', overlay: 'help'})];
		case 'q':
			return isSignInRunning(state)
				? [dispatch({type: 'overlay', overlay: 'confirm-quit'})]
				: [{type: 'quit'}];
		default:
			return [];
	}
}

/** The keys that work right now, for the bottom line. */
export function keyHints(state: GuideState): string {
	if (state.overlay === 'confirm-quit') return 'y quit · n keep waiting';
	if (state.overlay === 'help') return 'any key closes the help';
	if (state.focus) {
		const more = stepFields(state).length > 1 ? ' · Tab next field' : '';
		return `typing · Enter done · Esc leave the field${more}`;
	}
	const here: string[] = [];
	switch (currentStepId(state)) {
		case 'api-key':
		case 'secret':
			here.push('Enter type or paste');
			break;
		case 'redirect':
			here.push('c copy', 'Enter change port');
			break;
		case 'scopes':
			here.push('↑↓ choose', 'Space toggle');
			break;
		case 'sign-in':
			here.push(
				state.signIn.phase === 'waiting' ? 'Enter paste address · c copy' : 'Enter sign in',
			);
			break;
		case 'credentials':
			here.push('↑↓ choose', 'c copy', 'r show/hide');
			break;
		case 'use-it':
			here.push('↑↓ choose', 'c copy');
			break;
	}
	if (steps[state.step]!.link) here.push('o open');
	return [...here, '←→ steps', 's sign in', '? help', 'q quit'].join(' · ');
}
