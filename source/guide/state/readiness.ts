// Whether a sign-in can start yet, and if not, which step to fix first.
import {appKindPortalNames} from '../../provider/constant-contact.js';
import type {GuideState, SignInWay} from './guide-state.js';
import {apiKeyCheck, clientSecret, portProblem, redirectCheck, selectedScopes} from './inputs.js';
import {stepNumber} from './step-order.js';

/**
 * The way a sign-in goes: a Device Flow app can only take a code entered on another device;
 * until the kind is known, the person's choice (s or d) stands.
 */
export function signInWay(state: GuideState, asked: SignInWay = 'browser'): SignInWay {
	return state.kind === 'device' ? 'device' : asked;
}

/**
 * What stands in the way of starting a sign-in, as a sentence naming the step to fix it. A code
 * entered on another device needs no redirect URI; an Authorization Code app needs its secret.
 */
export function signInBlocker(state: GuideState, asked: SignInWay = 'browser'): string | undefined {
	const way = signInWay(state, asked);
	if (way === 'device' && (state.kind === 'code' || state.kind === 'pkce')) {
		return `A ${appKindPortalNames[state.kind]} app cannot sign in with a code on another device: only a ${appKindPortalNames.device} app can. Press Enter or s to sign in through the browser.`;
	}
	const key = apiKeyCheck(state);
	if (!key.ok) {
		return state.fields.apiKey.trim() === ''
			? `Paste your API key first (step ${stepNumber('api-key')}).`
			: `Check the API key first (step ${stepNumber('api-key')}): ${key.problem}`;
	}
	if (state.kind === 'code' && clientSecret(state) === undefined) {
		return `Paste the client secret first (step ${stepNumber('secret')}): an ${appKindPortalNames.code} app cannot sign in without it.`;
	}
	if (way === 'browser') {
		const port = portProblem(state);
		if (port) return `Fix the redirect port first (step ${stepNumber('redirect')}): ${port}`;
		const redirect = redirectCheck(state);
		if (!redirect.ok) {
			return `Fix the redirect URI first (step ${stepNumber('redirect')}): ${redirect.problem}`;
		}
	}
	if (selectedScopes(state).length === 0) {
		return `Choose at least one scope first (step ${stepNumber('scopes')}).`;
	}
	return undefined;
}
