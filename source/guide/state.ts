// The guide's whole state and the one pure reducer that changes it. Anything that can be
// worked out from the state (done marks, the redirect URI, what can be copied) is derived by
// the selectors below rather than stored twice.
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

export type SignIn =
	| {phase: 'idle'}
	| {phase: 'starting'; redirectUri: string; listening?: string}
	| {
			phase: 'waiting';
			redirectUri: string;
			authorizeUrl?: string;
			/** Epoch ms when the wait gives up. */
			deadline?: number;
			/** Where the listener answers; absent when only a pasted address can finish. */
			listening?: string;
			/** What happened when the browser was asked to open. */
			browser?: string;
			/** The last pasted address that did not count, and why. */
			pasteProblem?: string;
			exchanging: boolean;
	  }
	| {phase: 'failed'; message: string; hint?: string};

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
	| {type: 'sign-in-starting'; redirectUri: string}
	| {type: 'sign-in-waiting'; authorizeUrl?: string; deadline: number}
	| {type: 'sign-in-listening'; address: string}
	| {type: 'sign-in-browser'; message: string}
	| {type: 'sign-in-exchanging'}
	| {type: 'paste-rejected'; problem: string}
	| {type: 'sign-in-failed'; message: string; hint?: string}
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

/** What stands in the way of starting a sign-in, as a sentence naming the step to fix it. */
export function signInBlocker(state: GuideState): string | undefined {
	const key = apiKeyCheck(state);
	if (!key.ok) {
		return state.fields.apiKey.trim() === ''
			? 'Paste your API key first (step 4).'
			: `Check the API key first (step 4): ${key.problem}`;
	}
	const port = portProblem(state);
	if (port) return `Fix the redirect port first (step 6): ${port}`;
	const redirect = redirectCheck(state);
	if (!redirect.ok) return `Fix the redirect URI first (step 6): ${redirect.problem}`;
	if (selectedScopes(state).length === 0) return 'Choose at least one scope first (step 7).';
	return undefined;
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
	// The paste box only means something while a sign-in waits for it.
	return fields.filter((field) => field !== 'paste' || state.signIn.phase === 'waiting');
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

function goTo(state: GuideState, step: number): GuideState {
	const target = clamp(step, 0, stepCount - 1);
	if (target === state.step) return state;
	return {
		...state,
		step: target,
		furthest: Math.max(state.furthest, target),
		focus: undefined,
		notice: undefined,
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
			return {...state, overlay: action.overlay};
		case 'notice':
			return {...state, notice: action.notice};
		case 'sign-in-starting':
			return {
				...state,
				signIn: {phase: 'starting', redirectUri: action.redirectUri},
				fields: {...state.fields, paste: ''},
				focus: state.focus === 'paste' ? undefined : state.focus,
			};
		case 'sign-in-waiting': {
			if (state.signIn.phase !== 'starting') return state;
			return {
				...state,
				signIn: {
					phase: 'waiting',
					redirectUri: state.signIn.redirectUri,
					listening: state.signIn.listening,
					authorizeUrl: action.authorizeUrl,
					deadline: action.deadline,
					exchanging: false,
				},
			};
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
		case 'sign-in-failed':
			return {
				...state,
				signIn: {phase: 'failed', message: action.message, hint: action.hint},
				focus: state.focus === 'paste' ? undefined : state.focus,
			};
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
