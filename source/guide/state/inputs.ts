// What the person typed or chose, read back as the values a sign-in needs: the API key as
// judged, the secret, the redirect URI with the typed port, and the scopes.
import {
	allScopes,
	checkApiKey,
	checkRedirectUri,
	type Scope,
} from '../../provider/constant-contact.js';
import {type GuideState, portOf} from './guide-state.js';

// Rewrites only the port, leaving every other character as registered: Constant Contact
// compares redirect URIs as exact strings, so URL normalisation (a trailing "/") would break it.
function withPort(uri: string, port: string): string {
	return uri.replace(
		/^([a-z][a-z0-9+.-]*:\/\/(?:\[[^\]]*\]|[^/:?#]*))(?::\d*)?/i,
		(_, origin: string) => `${origin}:${port}`,
	);
}

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
