// The guide's whole state and the one pure reducer that changes it. Anything that can be
// worked out from the state (done marks, the redirect URI, what can be copied) is derived by
// the selectors below rather than stored twice.

import type {DeviceCode} from '../auth/types.js';
import {
	allScopes,
	checkApiKey,
	checkRedirectUri,
	defaultRedirectUri,
	type Scope,
} from '../provider/constant-contact.js';
import type {Account, Profile} from '../store/index.js';
import {type StepId, stepCount, steps, usageCommandCount} from './steps.js';

export type FieldName = 'apiKey' | 'clientSecret' | 'port' | 'paste';

/** The text fields each step offers, in Tab order. */
const fieldsByStep: Partial<Record<StepId, FieldName[]>> = {
	'api-key': ['apiKey'],
	secret: ['clientSecret'],
	redirect: ['port'],
	'sign-in': ['paste'],
};

/** How a sign-in comes back: through the browser (redirect or pasted address), or by a code
 * entered on another device. */
export type SignInWay = 'browser' | 'device';

/** The device code as the person sees it (the device code itself stays in the engine). */
export type ShownDevice = Omit<DeviceCode, 'deviceCode'>;

export type SignIn =
	| {phase: 'idle'}
	| {
			phase: 'starting';
			way: SignInWay;
			redirectUri: string;
			listening?: string;
			device?: ShownDevice;
	  }
	| {
			phase: 'waiting';
			way: SignInWay;
			redirectUri: string;
			authorizeUrl?: string;
			/** Epoch ms when the wait gives up. */
			deadline?: number;
			/** Where the listener answers; absent when only a pasted address can finish. */
			listening?: string;
			/** The code to enter on another device, once the server has handed it out. */
			device?: ShownDevice;
			/** What happened when the browser was asked to open. */
			browser?: string;
			/** The last pasted address that did not count, and why. */
			pasteProblem?: string;
			exchanging: boolean;
	  }
	| {phase: 'failed'; way: SignInWay; message: string; hint?: string; code?: string};

export type Tone = 'info' | 'success' | 'warning' | 'error';

export interface Notice {
	tone: Tone;
	text: string;
}

export interface GuideState {
	step: number;
	/** The furthest step reached: the reading steps count as done once passed. */
	furthest: number;
	fields: Record<FieldName, string>;
	/** The redirect URI the person started with; the port field edits only its port. */
	baseRedirectUri: string;
	focus?: FieldName;
	scopes: Record<Scope, boolean>;
	scopeCursor: number;
	credentialCursor: number;
	commandCursor: number;
	revealed: boolean;
	signIn: SignIn;
	/** The signed-in profile: stored at start, or saved by a sign-in here. */
	credentials?: Profile;
	notice?: Notice;
	overlay?: 'help' | 'confirm-quit';
	/** How many rows the step's pane is scrolled down. */
	scroll: number;
	/** What the pane last measured: its visible rows, and how many more its content needs. */
	pane: {rows: number; overflow: number};
}

export type Action =
	| {type: 'go'; step: number}
	| {type: 'move'; delta: 1 | -1}
	| {type: 'focus'; field: FieldName | undefined}
	| {type: 'cycle-focus'; delta: 1 | -1}
	| {type: 'edit'; field: FieldName; value: string}
	| {type: 'toggle-scope'}
	| {type: 'toggle-reveal'}
	| {type: 'overlay'; overlay: GuideState['overlay']}
	| {type: 'notice'; notice: Notice | undefined}
	| {type: 'scroll'; delta: number}
	| {type: 'pane-measured'; rows: number; overflow: number}
	| {type: 'reveal'; top: number; bottom: number}
	| {type: 'sign-in-starting'; way: SignInWay; redirectUri: string}
	| {type: 'sign-in-waiting'; authorizeUrl?: string; deadline: number}
	| {type: 'sign-in-device'; device: ShownDevice}
	| {type: 'sign-in-listening'; address: string}
	| {type: 'sign-in-browser'; message: string}
	| {type: 'sign-in-exchanging'}
	| {type: 'paste-rejected'; problem: string}
	| {type: 'sign-in-failed'; message: string; hint?: string; code?: string}
	| {type: 'signed-in'; credentials: Profile}
	| {type: 'account'; account: Account};

export interface InitialValues {
	apiKey?: string;
	clientSecret?: string;
	redirectUri?: string;
	scopes?: readonly string[];
	credentials?: Profile;
	notice?: Notice;
}

/**
 * Where the fields start: the environment (CC_CLIENT_ID, CC_CLIENT_SECRET, CC_REDIRECT_URI)
 * first, then the stored profile. A stored secret or redirect URI belongs to the stored API
 * key, so it is used only while the key is the same.
 */
export function prefillFrom(
	env: NodeJS.ProcessEnv,
	stored: Profile | undefined,
): Omit<InitialValues, 'notice'> {
	const apiKey = env.CC_CLIENT_ID || stored?.apiKey;
	const key = apiKey === undefined ? undefined : checkApiKey(apiKey);
	const sameApp = stored !== undefined && key?.ok === true && key.apiKey === stored.apiKey;
	return {
		apiKey: key?.ok ? key.apiKey : apiKey,
		clientSecret: env.CC_CLIENT_SECRET || (sameApp ? stored.clientSecret : undefined),
		redirectUri: env.CC_REDIRECT_URI || (sameApp ? stored.redirectUri : undefined),
		scopes: stored?.scopes,
		credentials: stored?.accessToken ? stored : undefined,
	};
}

export function stepIndex(id: StepId): number {
	return steps.findIndex((step) => step.id === id);
}

export function currentStepId(state: GuideState): StepId {
	return steps[state.step]!.id;
}

/** The explicit port of a URI, as typed ('' when it has none). */
function portOf(uri: string): string {
	return /^[a-z][a-z0-9+.-]*:\/\/(?:\[[^\]]*\]|[^/:?#]*)(?::(\d*))?/i.exec(uri)?.[1] ?? '';
}

// Rewrites only the port, leaving every other character as registered: Constant Contact
// compares redirect URIs as exact strings, so URL normalisation (a trailing "/") would break it.
function withPort(uri: string, port: string): string {
	return uri.replace(
		/^([a-z][a-z0-9+.-]*:\/\/(?:\[[^\]]*\]|[^/:?#]*))(?::\d*)?/i,
		(_, origin: string) => `${origin}:${port}`,
	);
}

export function createInitialState(values: InitialValues = {}): GuideState {
	const baseRedirectUri = values.redirectUri ?? defaultRedirectUri;
	const wanted = values.scopes?.length ? new Set(values.scopes) : new Set<string>(allScopes);
	return {
		step: 0,
		furthest: 0,
		fields: {
			apiKey: values.apiKey ?? '',
			clientSecret: values.clientSecret ?? '',
			port: portOf(baseRedirectUri),
			paste: '',
		},
		baseRedirectUri,
		scopes: Object.fromEntries(allScopes.map((scope) => [scope, wanted.has(scope)])) as Record<
			Scope,
			boolean
		>,
		scopeCursor: 0,
		credentialCursor: 0,
		commandCursor: 0,
		revealed: false,
		signIn: {phase: 'idle'},
		credentials: values.credentials,
		notice: values.notice,
		scroll: 0,
		pane: {rows: 0, overflow: 0},
	};
}

// ---- selectors ----

export function apiKeyCheck(state: GuideState): ReturnType<typeof checkApiKey> {
	return checkApiKey(state.fields.apiKey);
}

export function clientSecret(state: GuideState): string | undefined {
	const secret = state.fields.clientSecret.trim();
	return secret === '' ? undefined : secret;
}

/** Why the typed port cannot be used, if it cannot. */
export function portProblem(state: GuideState): string | undefined {
	const port = state.fields.port.trim();
	if (port === portOf(state.baseRedirectUri)) return undefined;
	if (!/^\d+$/.test(port) || Number(port) < 1024 || Number(port) > 65_535) {
		return `The port must be a number from 1024 to 65535${port === '' ? '' : `, not “${port}”`}.`;
	}
	return undefined;
}

export function redirectUri(state: GuideState): string {
	const port = state.fields.port.trim();
	if (port === portOf(state.baseRedirectUri) || portProblem(state)) return state.baseRedirectUri;
	return withPort(state.baseRedirectUri, String(Number(port)));
}

export function redirectCheck(state: GuideState): ReturnType<typeof checkRedirectUri> {
	return checkRedirectUri(redirectUri(state));
}

export function selectedScopes(state: GuideState): Scope[] {
	return allScopes.filter((scope) => state.scopes[scope]);
}

export function isSignInRunning(state: GuideState): boolean {
	return state.signIn.phase === 'starting' || state.signIn.phase === 'waiting';
}

/**
 * What stands in the way of starting a sign-in, as a sentence naming the step to fix it. A code
 * entered on another device needs no redirect URI.
 */
export function signInBlocker(state: GuideState, way: SignInWay = 'browser'): string | undefined {
	const key = apiKeyCheck(state);
	if (!key.ok) {
		return state.fields.apiKey.trim() === ''
			? 'Paste your API key first (step 4).'
			: `Check the API key first (step 4): ${key.problem}`;
	}
	if (way === 'browser') {
		const port = portProblem(state);
		if (port) return `Fix the redirect port first (step 6): ${port}`;
		const redirect = redirectCheck(state);
		if (!redirect.ok) return `Fix the redirect URI first (step 6): ${redirect.problem}`;
	}
	if (selectedScopes(state).length === 0) return 'Choose at least one scope first (step 7).';
	return undefined;
}

/** Whether ↑↓ choose within the step's list, rather than scroll the step. */
export function hasCursor(state: GuideState): boolean {
	const id = currentStepId(state);
	return id === 'scopes' || id === 'credentials' || id === 'use-it';
}

export function hasTokens(state: GuideState): boolean {
	return state.credentials?.accessToken !== undefined;
}

export function isStepDone(state: GuideState, index: number): boolean {
	const id = steps[index]?.id;
	const passed = state.furthest > index;
	const keyReady = apiKeyCheck(state).ok;
	switch (id) {
		case 'intro':
		case 'portal':
		case 'create-app':
			return passed || keyReady || hasTokens(state);
		case 'api-key':
			return keyReady;
		case 'secret':
			return keyReady && (passed || clientSecret(state) !== undefined);
		case 'redirect':
			return passed && portProblem(state) === undefined && redirectCheck(state).ok;
		case 'scopes':
			return passed && selectedScopes(state).length > 0;
		case 'sign-in':
		case 'credentials':
			return hasTokens(state);
		case 'use-it':
			return hasTokens(state) && state.furthest >= index;
		default:
			return false;
	}
}

export function stepFields(state: GuideState): FieldName[] {
	const fields = fieldsByStep[currentStepId(state)] ?? [];
	// The paste box only means something while a browser sign-in waits for it.
	const pasting = state.signIn.phase === 'waiting' && state.signIn.way === 'browser';
	return fields.filter((field) => field !== 'paste' || pasting);
}

export interface CredentialRow {
	label: string;
	/** How messages name it ("Copied the access token"). */
	what: string;
	value: string;
	secret: boolean;
}

export function credentialRows(state: GuideState): CredentialRow[] {
	const profile = state.credentials;
	if (!profile) return [];
	const rows: CredentialRow[] = [
		{label: 'API key', what: 'the API key', value: profile.apiKey, secret: false},
	];
	if (profile.accessToken) {
		rows.push({
			label: 'Access token',
			what: 'the access token',
			value: profile.accessToken,
			secret: true,
		});
	}
	if (profile.refreshToken) {
		rows.push({
			label: 'Refresh token',
			what: 'the refresh token',
			value: profile.refreshToken,
			secret: true,
		});
	}
	if (profile.accessTokenExpiresAt !== undefined) {
		rows.push({
			label: 'Expires',
			what: 'the expiry time',
			value: new Date(profile.accessTokenExpiresAt).toISOString(),
			secret: false,
		});
	}
	const account = describeAccount(profile.account);
	if (account) rows.push({label: 'Account', what: 'the account', value: account, secret: false});
	return rows;
}

export function describeAccount(account: Account | undefined): string | undefined {
	if (!account) return undefined;
	const who = [account.name, account.email && `<${account.email}>`].filter(Boolean).join(' ');
	const parts = [who, account.organization].filter(Boolean);
	return parts.length > 0 ? parts.join(', ') : undefined;
}

// ---- reducer ----

function clamp(value: number, min: number, max: number): number {
	return Math.min(max, Math.max(min, value));
}

function earliest(a: number | undefined, b: number | undefined): number | undefined {
	if (a === undefined) return b;
	return b === undefined ? a : Math.min(a, b);
}

function goTo(state: GuideState, step: number): GuideState {
	const target = clamp(step, 0, stepCount - 1);
	if (target === state.step) return state;
	return {
		...state,
		step: target,
		furthest: Math.max(state.furthest, target),
		focus: undefined,
		notice: undefined,
		scroll: 0,
	};
}

export function reducer(state: GuideState, action: Action): GuideState {
	switch (action.type) {
		case 'go':
			return goTo(state, action.step);
		case 'move': {
			switch (currentStepId(state)) {
				case 'scopes':
					return {
						...state,
						scopeCursor: clamp(state.scopeCursor + action.delta, 0, allScopes.length - 1),
					};
				case 'credentials': {
					const last = Math.max(0, credentialRows(state).length - 1);
					return {
						...state,
						credentialCursor: clamp(state.credentialCursor + action.delta, 0, last),
					};
				}
				case 'use-it':
					return {
						...state,
						commandCursor: clamp(state.commandCursor + action.delta, 0, usageCommandCount - 1),
					};
				default:
					return state;
			}
		}
		case 'focus':
			if (action.field !== undefined && !stepFields(state).includes(action.field)) return state;
			return {...state, focus: action.field};
		case 'cycle-focus': {
			// Tab walks the step's fields and then leaves them, so it never traps the person.
			const order: (FieldName | undefined)[] = [undefined, ...stepFields(state)];
			if (order.length === 1) return state;
			const at = order.indexOf(state.focus);
			const next = order[(at + action.delta + order.length) % order.length];
			return {...state, focus: next};
		}
		case 'edit':
			return {...state, fields: {...state.fields, [action.field]: action.value}};
		case 'toggle-scope': {
			const scope = allScopes[state.scopeCursor]!;
			return {...state, scopes: {...state.scopes, [scope]: !state.scopes[scope]}};
		}
		case 'toggle-reveal':
			return {...state, revealed: !state.revealed};
		case 'overlay':
			// The help and the step scroll apart: each starts at its top.
			return {
				...state,
				overlay: action.overlay,
				scroll: action.overlay === 'help' || state.overlay === 'help' ? 0 : state.scroll,
			};
		case 'notice':
			return {...state, notice: action.notice};
		case 'scroll': {
			const scroll = clamp(state.scroll + action.delta, 0, state.pane.overflow);
			return scroll === state.scroll ? state : {...state, scroll};
		}
		case 'pane-measured': {
			if (action.rows === state.pane.rows && action.overflow === state.pane.overflow) return state;
			const pane = {rows: action.rows, overflow: action.overflow};
			return {...state, pane, scroll: Math.min(state.scroll, pane.overflow)};
		}
		case 'reveal': {
			// The least scrolling that brings those rows into view, their top first.
			let scroll = state.scroll;
			if (action.bottom > scroll + state.pane.rows) scroll = action.bottom - state.pane.rows;
			if (action.top < scroll) scroll = action.top;
			scroll = clamp(scroll, 0, state.pane.overflow);
			return scroll === state.scroll ? state : {...state, scroll};
		}
		case 'sign-in-starting':
			return {
				...state,
				signIn: {phase: 'starting', way: action.way, redirectUri: action.redirectUri},
				fields: {...state.fields, paste: ''},
				focus: state.focus === 'paste' ? undefined : state.focus,
			};
		case 'sign-in-waiting': {
			if (state.signIn.phase !== 'starting') return state;
			return {
				...state,
				signIn: {
					phase: 'waiting',
					way: state.signIn.way,
					redirectUri: state.signIn.redirectUri,
					listening: state.signIn.listening,
					device: state.signIn.device,
					authorizeUrl: action.authorizeUrl,
					deadline: earliest(action.deadline, state.signIn.device?.expiresAt),
					exchanging: false,
				},
			};
		}
		case 'sign-in-device': {
			// The engine may hand out the code while it is still starting.
			const {signIn} = state;
			if (signIn.phase === 'starting')
				return {...state, signIn: {...signIn, device: action.device}};
			if (signIn.phase !== 'waiting') return state;
			const deadline = earliest(signIn.deadline, action.device.expiresAt);
			return {...state, signIn: {...signIn, device: action.device, deadline}};
		}
		case 'sign-in-listening':
			// The engine reports its listener while it is still starting.
			if (state.signIn.phase !== 'waiting' && state.signIn.phase !== 'starting') return state;
			return {...state, signIn: {...state.signIn, listening: action.address}};
		case 'sign-in-browser':
			if (state.signIn.phase !== 'waiting') return state;
			return {...state, signIn: {...state.signIn, browser: action.message}};
		case 'sign-in-exchanging':
			if (state.signIn.phase !== 'waiting') return state;
			return {...state, signIn: {...state.signIn, exchanging: true, pasteProblem: undefined}};
		case 'paste-rejected':
			if (state.signIn.phase !== 'waiting') return state;
			return {...state, signIn: {...state.signIn, pasteProblem: action.problem}};
		case 'sign-in-failed': {
			const way = state.signIn.phase === 'idle' ? 'browser' : state.signIn.way;
			return {
				...state,
				signIn: {
					phase: 'failed',
					way,
					message: action.message,
					hint: action.hint,
					code: action.code,
				},
				focus: state.focus === 'paste' ? undefined : state.focus,
			};
		}
		case 'signed-in': {
			const moved = goTo(state, stepIndex('credentials'));
			return {
				...moved,
				signIn: {phase: 'idle'},
				credentials: action.credentials,
				credentialCursor: 0,
				revealed: false,
				fields: {...moved.fields, paste: ''},
				focus: undefined,
				notice: {tone: 'success', text: 'Signed in. Your credentials are saved.'},
			};
		}
		case 'account':
			if (!state.credentials) return state;
			return {...state, credentials: {...state.credentials, account: action.account}};
	}
}
