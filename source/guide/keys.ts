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
	hasCursor,
	isSignInRunning,
	redirectUri,
	type SignInWay,
	stepFields,
} from './state.js';
import {steps, usageCommands} from './steps.js';

export type Command =
	| {type: 'dispatch'; action: Action}
	| {type: 'open'; url: string; label: string}
	| {type: 'copy'; text: string; label: string}
	| {type: 'start-sign-in'; way: SignInWay}
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
		| 'pageUp'
		| 'pageDown'
	>
>;

const dispatch = (action: Action): Command => ({type: 'dispatch', action});
const notice = (text: string): Command => dispatch({type: 'notice', notice: {tone: 'info', text}});

/**
 * Makes typed or pasted text plain: a line break means Enter (and is removed), Backspaces that
 * arrived in the same chunk as other keys (key repeat, typing ahead) delete what precedes them,
 * and no other control character is kept.
 */
export function cleanTypedText(text: string): {text: string; submitted: boolean} {
	const kept: string[] = [];
	let submitted = false;
	for (const character of text) {
		if (character === '\r' || character === '\n') submitted = true;
		else if (character === '\u007F' || character === '\b') kept.pop();
		else if (character >= ' ') kept.push(character);
	}
	return {text: kept.join(''), submitted};
}

/**
 * The key presses in one chunk of input. Keys typed while the guide was busy (or loading)
 * arrive together; on a step without a text field they are taken one by one, as typed. On a
 * step with a field, or focused, the chunk is one paste.
 */
export function keyPresses(state: GuideState, input: string, key: KeyPress): [string, KeyPress][] {
	const typedAhead =
		input.length > 1 &&
		!key.ctrl &&
		!key.meta &&
		!state.focus &&
		state.overlay === undefined &&
		stepFields(state).length === 0;
	if (!typedAhead) return [[input, key]];
	return [...input].map((character) =>
		character === '\r' || character === '\n' ? ['', {return: true}] : [character, {}],
	);
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
		case 'authorize': {
			const {signIn} = state;
			if (signIn.phase !== 'waiting') return undefined;
			if (signIn.way === 'device') {
				return signIn.device
					? {
							url: signIn.device.verificationUriComplete ?? signIn.device.verificationUri,
							label: 'the page for the code',
						}
					: undefined;
			}
			return signIn.authorizeUrl ? {url: signIn.authorizeUrl, label: link.label} : undefined;
		}
		default:
			return undefined;
	}
}

function open(state: GuideState, setup: GuideSetup): Command {
	const link = linkFor(state, setup);
	if (link) return {type: 'open', ...link};
	return notice(
		currentStepId(state) === 'sign-in'
			? 'Start the sign-in first: Enter or s (or d for a code on another device).'
			: 'This step has nothing to open.',
	);
}

/** What `c` copies on the current step. */
function copyTargetFor(
	state: GuideState,
	setup: GuideSetup,
): {text: string; label: string} | undefined {
	switch (currentStepId(state)) {
		case 'redirect':
			return {text: redirectUri(state), label: 'the redirect URI'};
		case 'sign-in': {
			const {signIn} = state;
			if (signIn.phase !== 'waiting') return undefined;
			if (signIn.way === 'device') {
				return signIn.device && {text: signIn.device.userCode, label: 'the code'};
			}
			return signIn.authorizeUrl
				? {text: signIn.authorizeUrl, label: 'the sign-in address'}
				: undefined;
		}
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
			switch (state.signIn.phase) {
				case 'waiting':
					return state.signIn.way === 'browser'
						? [dispatch({type: 'focus', field: 'paste'})]
						: [copy(state, setup)];
				case 'failed':
					// Tries again the way that failed.
					return [{type: 'start-sign-in', way: state.signIn.way}];
				case 'starting':
					return [];
				default:
					return [{type: 'start-sign-in', way: 'browser'}];
			}
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

/** ↑↓ scroll by a row, PgUp and PgDn by a page less one, so the reader keeps their place. */
function scrollFor(state: GuideState, key: KeyPress): Command | undefined {
	if (key.upArrow || key.downArrow) return dispatch({type: 'scroll', delta: key.upArrow ? -1 : 1});
	if (!key.pageUp && !key.pageDown) return undefined;
	const page = Math.max(1, state.pane.rows - 1);
	return dispatch({type: 'scroll', delta: key.pageUp ? -page : page});
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
	if (state.overlay === 'help') {
		const scroll = scrollFor(state, key);
		return [scroll ?? dispatch({type: 'overlay', overlay: undefined})];
	}

	if (state.focus) return whileFocused(state.focus, key);

	// A paste arrives as one event of several characters: on a step with a text field it goes
	// into that field, so people can paste without pressing Enter first.
	if (input.length > 1 && !key.ctrl && !key.meta) {
		const field = stepFields(state)[0];
		if (!field) return [];
		const {text, submitted} = cleanTypedText(input);
		if (text.trim() === '') return [];
		return [
			dispatch({type: 'focus', field}),
			dispatch({type: 'edit', field, value: text.trim()}),
			...(submitted ? [{type: 'submit-field', field} as const] : []),
		];
	}

	if (key.leftArrow) return [dispatch({type: 'go', step: state.step - 1})];
	if (key.rightArrow) return [dispatch({type: 'go', step: state.step + 1})];
	// ↑↓ choose in a list; elsewhere they scroll a step too long for the window.
	if ((key.upArrow || key.downArrow) && hasCursor(state)) {
		return [dispatch({type: 'move', delta: key.upArrow ? -1 : 1})];
	}
	const scroll = scrollFor(state, key);
	if (scroll) return [scroll];
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
			return [{type: 'start-sign-in', way: 'browser'}];
		case 'd':
			return [{type: 'start-sign-in', way: 'device'}];
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

function signInHints(state: GuideState): string[] {
	const {signIn} = state;
	switch (signIn.phase) {
		case 'waiting':
			if (signIn.exchanging) return [];
			return signIn.way === 'browser'
				? ['Enter paste address', 'c copy', 'o open', 'd code instead']
				: ['c copy code', 'o open', 's browser instead'];
		case 'failed':
			return ['Enter try again', signIn.way === 'browser' ? 'd code instead' : 's browser instead'];
		default:
			return ['Enter sign in', 'd code on another device'];
	}
}

/** The keys that work right now, for the bottom line: the step's own first. */
export function keyHints(state: GuideState, setup: GuideSetup): string {
	if (state.overlay === 'confirm-quit') return 'y quit · n keep waiting';
	if (state.overlay === 'help') {
		return state.pane.overflow > 0
			? '↑↓ PgUp PgDn scroll · any other key closes the help'
			: 'any key closes the help';
	}
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
			here.push(...signInHints(state));
			break;
		case 'credentials':
			here.push('↑↓ choose', 'c copy', 'r show/hide');
			break;
		case 'use-it':
			here.push('↑↓ choose', 'c copy');
			break;
	}
	if (state.pane.overflow > 0) here.push(hasCursor(state) ? 'PgUp/PgDn scroll' : '↑↓ scroll');
	if (currentStepId(state) !== 'sign-in' && linkFor(state, setup)) here.push('o open');
	const signIn = currentStepId(state) === 'sign-in' ? [] : ['s sign in'];
	return [...here, '←→ steps', ...signIn, '? help', 'q quit'].join(' · ');
}
