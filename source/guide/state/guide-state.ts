// The guide's whole state, where it starts, and where its fields start from. Anything that can
// be worked out from it (done marks, the redirect URI, what can be copied) is derived by the
// selectors beside it rather than stored twice.

import type {DeviceCode} from '../../auth/types.js';
import {
	type AppKind,
	allScopes,
	appKinds,
	defaultRedirectUri,
	type Scope,
} from '../../provider/constant-contact.js';
import {findInputs} from '../../session/inputs.js';
import type {Profile} from '../../store/index.js';
import {stepIndex} from './step-order.js';

export type FieldName = 'apiKey' | 'clientSecret' | 'port' | 'paste';

export type Tone = 'info' | 'success' | 'warning' | 'error';

export interface Notice {
	tone: Tone;
	text: string;
}

export interface GuideState {
	step: number;
	/** The furthest step reached: the reading steps count as done once passed. */
	furthest: number;
	/** The steps shown so far. */
	visited: readonly number[];
	fields: Record<FieldName, string>;
	/** The redirect URI the person started with; the port field edits only its port. */
	baseRedirectUri: string;
	focus?: FieldName;
	/** The flow the application was created with, once the person has said (or it is known). */
	kind?: AppKind;
	kindCursor: number;
	/** Ready-made applications (the demo's): choosing a kind fills in its fields. */
	demoApps?: Partial<Record<AppKind, ReadyApp>>;
	scopes: Record<Scope, boolean>;
	scopeCursor: number;
	credentialCursor: number;
	commandCursor: number;
	revealed: boolean;
	signIn: SignIn;
	/** What the running (or last) sign-in was started with, to tell when the fields moved on. */
	signInInputs?: SignInInputs;
	/** What the server said about the application before the running sign-in started. */
	signInVerdict?: SignInVerdict;
	/** The signed-in profile: stored at start, or saved by a sign-in here. */
	credentials?: Profile;
	/** Whether the credentials come from a sign-in in this run of the guide. */
	signedInHere: boolean;
	notice?: Notice;
	/** Drawn over the steps: the help, the quit question, or each value whole for the mouse. */
	overlay?: 'help' | 'confirm-quit' | 'whole-values';
	/** How many rows the step's pane is scrolled down. */
	scroll: number;
	/** What the pane last measured: its visible rows, and how many more its content needs. */
	pane: {rows: number; overflow: number};
}

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

/** The inputs a sign-in was started with. */
export interface SignInInputs {
	kind?: string;
	apiKey: string;
	clientSecret?: string;
	redirectUri: string;
	scopes: string[];
}

/** What the check before the sign-in learned from the server, as the guide shows it. */
export interface SignInVerdict {
	apiKey: 'known' | 'unknown' | 'unclear';
	kind?: string;
	redirectUri: 'registered' | 'unregistered' | 'not-needed' | 'unclear';
}

/** The fields of an application that is ready to use, as the demo has one of each kind. */
export interface ReadyApp {
	apiKey: string;
	clientSecret?: string;
}

export interface InitialValues {
	kind?: AppKind;
	/** Ready-made applications (the demo's): choosing a kind fills in its fields. */
	demoApps?: Partial<Record<AppKind, ReadyApp>>;
	apiKey?: string;
	clientSecret?: string;
	redirectUri?: string;
	scopes?: readonly string[];
	credentials?: Profile;
	notice?: Notice;
}

/**
 * Where the fields start, by the same rules as `cc-token login` (session/inputs.ts): a
 * non-empty variable (CC_CLIENT_ID, CC_CLIENT_SECRET, CC_REDIRECT_URI), then the stored
 * profile, whose secret, redirect URI and scopes belong to its own API key only.
 */
export function prefillFrom(
	env: NodeJS.ProcessEnv,
	stored: Profile | undefined,
): Omit<InitialValues, 'notice'> {
	const found = findInputs({env, stored});
	return {
		apiKey: found.apiKey?.value,
		clientSecret: found.clientSecret?.value,
		// Left out when nothing was found: the state starts from its own defaults.
		redirectUri: found.redirectUri.from === 'default' ? undefined : found.redirectUri.value,
		scopes: found.scopes.from === 'default' ? undefined : found.scopes.value,
		credentials: stored?.accessToken ? stored : undefined,
	};
}

/** The explicit port of a URI, as typed ('' when it has none). */
export function portOf(uri: string): string {
	return /^[a-z][a-z0-9+.-]*:\/\/(?:\[[^\]]*\]|[^/:?#]*)(?::(\d*))?/i.exec(uri)?.[1] ?? '';
}

export function createInitialState(values: InitialValues = {}): GuideState {
	const baseRedirectUri = values.redirectUri ?? defaultRedirectUri;
	const wanted = values.scopes?.length ? new Set(values.scopes) : new Set<string>(allScopes);
	// Someone already signed in comes back for their credentials, not for the introduction.
	const start = values.credentials?.accessToken ? stepIndex('credentials') : 0;
	return {
		step: start,
		furthest: start,
		visited: [start],
		fields: {
			apiKey: values.apiKey ?? '',
			clientSecret: values.clientSecret ?? '',
			port: portOf(baseRedirectUri),
			paste: '',
		},
		baseRedirectUri,
		kind: values.kind,
		demoApps: values.demoApps,
		kindCursor: Math.max(0, appKinds.indexOf(values.kind ?? appKinds[0]!)),
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
		signedInHere: false,
		notice: values.notice,
		scroll: 0,
		pane: {rows: 0, overflow: 0},
	};
}
