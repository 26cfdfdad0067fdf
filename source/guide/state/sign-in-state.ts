// The sign-in as the guide follows it through its phases (their shapes are in guide-state.ts):
// starting, waiting (for the browser, a pasted address or a code entered elsewhere), exchanging,
// failed. The engine's news arrives as actions; news for a phase that is over is ignored.
import type {
	GuideState,
	ShownDevice,
	SignInInputs,
	SignInVerdict,
	SignInWay,
} from './guide-state.js';

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
