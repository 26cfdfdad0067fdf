// Whether a sign-in can start yet, and if not, which step to fix first.
import {stepNumber} from '../steps.js';
import type {GuideState} from './guide-state.js';
import {apiKeyCheck, portProblem, redirectCheck, selectedScopes} from './inputs.js';
import type {SignInWay} from './sign-in-state.js';

/**
 * What stands in the way of starting a sign-in, as a sentence naming the step to fix it. A code
 * entered on another device needs no redirect URI.
 */
export function signInBlocker(state: GuideState, way: SignInWay = 'browser'): string | undefined {
	const key = apiKeyCheck(state);
	if (!key.ok) {
		return state.fields.apiKey.trim() === ''
			? `Paste your API key first (step ${stepNumber('api-key')}).`
			: `Check the API key first (step ${stepNumber('api-key')}): ${key.problem}`;
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
