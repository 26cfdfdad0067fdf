// A sign-in keeps the inputs it was started with. When the person corrects one of them while it
// waits (a mistyped API key, another port), the running sign-in is stale: the guide says which
// input changed, and s starts again with the new ones.
import type {GuideState} from './guide-state.js';
import {apiKeyCheck, clientSecret, redirectUri, selectedScopes} from './inputs.js';
import {isSignInRunning} from './sign-in-state.js';

/** The inputs that changed since the running sign-in started, as people name them. */
export function staleInputs(state: GuideState): string[] {
	const started = state.signInInputs;
	if (!started || !isSignInRunning(state)) return [];
	const key = apiKeyCheck(state);
	const changed: string[] = [];
	// A kind learned from the server after the start is not a change the person made.
	if (started.kind !== undefined && state.kind !== started.kind) {
		changed.push('the application’s flow');
	}
	if (!key.ok || key.apiKey !== started.apiKey) changed.push('the API key');
	const secret = state.kind === 'pkce' || state.kind === 'device' ? undefined : clientSecret(state);
	if (secret !== started.clientSecret) changed.push('the secret');
	if (state.kind !== 'device' && redirectUri(state) !== started.redirectUri) {
		changed.push('the redirect URI');
	}
	if (selectedScopes(state).join(' ') !== started.scopes.join(' ')) changed.push('the scopes');
	return changed;
}

/** One sentence for the screen, or undefined while the sign-in is current. */
export function staleWarning(state: GuideState): string | undefined {
	const changed = staleInputs(state);
	if (changed.length === 0) return undefined;
	const names = changed.map((name) => name.replace(/^the /, ''));
	const list =
		names.length === 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
	return `This sign-in still uses the old ${list}: press s to start again with what you changed.`;
}
