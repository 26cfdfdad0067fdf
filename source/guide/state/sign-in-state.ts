// The sign-in as the guide follows it: starting, waiting (for the browser, a pasted address or
// a code entered elsewhere), exchanging, failed. The engine's news arrives as actions; news for a
// phase that is over is ignored.
import type {DeviceCode} from '../../auth/types.js';
import type {GuideState} from './guide-state.js';

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

export type SignInAction =
	| {type: 'sign-in-asked'; inputs: SignInInputs}
	| {type: 'sign-in-checked'; verdict: SignInVerdict}
	| {type: 'sign-in-starting'; way: SignInWay; redirectUri: string}
	| {type: 'sign-in-waiting'; authorizeUrl?: string; deadline: number}
	| {type: 'sign-in-device'; device: ShownDevice}
	| {type: 'sign-in-listening'; address: string}
	| {type: 'sign-in-browser'; message: string}
	| {type: 'sign-in-exchanging'}
	| {type: 'paste-rejected'; problem: string}
	| {type: 'sign-in-failed'; message: string; hint?: string; code?: string};

export function isSignInRunning(state: GuideState): boolean {
	return state.signIn.phase === 'starting' || state.signIn.phase === 'waiting';
}

function earliest(a: number | undefined, b: number | undefined): number | undefined {
	if (a === undefined) return b;
	return b === undefined ? a : Math.min(a, b);
}

export function signInReducer(state: GuideState, action: SignInAction): GuideState {
	const {signIn} = state;
	switch (action.type) {
		case 'sign-in-asked':
			return {...state, signInInputs: action.inputs, signInVerdict: undefined};
		case 'sign-in-checked':
			return {...state, signInVerdict: action.verdict};
		case 'sign-in-starting':
			return {
				...state,
				signIn: {phase: 'starting', way: action.way, redirectUri: action.redirectUri},
				fields: {...state.fields, paste: ''},
				focus: state.focus === 'paste' ? undefined : state.focus,
			};
		case 'sign-in-waiting':
			if (signIn.phase !== 'starting') return state;
			return {
				...state,
				signIn: {
					phase: 'waiting',
					way: signIn.way,
					redirectUri: signIn.redirectUri,
					listening: signIn.listening,
					device: signIn.device,
					authorizeUrl: action.authorizeUrl,
					deadline: earliest(action.deadline, signIn.device?.expiresAt),
					exchanging: false,
				},
			};
		case 'sign-in-device':
			// The engine may hand out the code while it is still starting.
			if (signIn.phase === 'starting')
				return {...state, signIn: {...signIn, device: action.device}};
			if (signIn.phase !== 'waiting') return state;
			return {
				...state,
				signIn: {
					...signIn,
					device: action.device,
					deadline: earliest(signIn.deadline, action.device.expiresAt),
				},
			};
		case 'sign-in-listening':
			// The engine reports its listener while it is still starting.
			if (signIn.phase !== 'waiting' && signIn.phase !== 'starting') return state;
			return {...state, signIn: {...signIn, listening: action.address}};
		case 'sign-in-browser':
			if (signIn.phase !== 'waiting') return state;
			return {...state, signIn: {...signIn, browser: action.message}};
		case 'sign-in-exchanging':
			if (signIn.phase !== 'waiting') return state;
			return {...state, signIn: {...signIn, exchanging: true, pasteProblem: undefined}};
		case 'paste-rejected':
			if (signIn.phase !== 'waiting') return state;
			return {...state, signIn: {...signIn, pasteProblem: action.problem}};
		case 'sign-in-failed':
			return {
				...state,
				signIn: {
					phase: 'failed',
					way: signIn.phase === 'idle' ? 'browser' : signIn.way,
					message: action.message,
					hint: action.hint,
					code: action.code,
				},
				focus: state.focus === 'paste' ? undefined : state.focus,
				// Nothing waits any more: the question whether to quit anyway is void.
				overlay: state.overlay === 'confirm-quit' ? undefined : state.overlay,
			};
	}
}
