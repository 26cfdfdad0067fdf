// What a registered redirect URI means for cc-token: which loopback addresses can receive the
// browser's return, or none (https://localhost, the portal default, or another host), in
// which case only a pasted address brings the code back.
import {CcTokenError} from '../errors.js';

export interface RedirectTarget {
	url: URL;
	port: number;
	/** Where the listener binds; empty when a plain-http loopback listener cannot serve it. */
	listenAddresses: string[];
}

// `localhost` may resolve to either family, so both are bound; never 0.0.0.0.
const loopbackAddresses = new Map([
	['localhost', ['127.0.0.1', '::1']],
	['127.0.0.1', ['127.0.0.1']],
	['[::1]', ['::1']],
]);

function badRedirectUri(redirectUri: string, problem: string): CcTokenError {
	return new CcTokenError('bad_input', `The redirect URI “${redirectUri}” ${problem}`, {
		hint: 'Use the redirect URI exactly as registered on your application, for example http://localhost:47325/callback.',
	});
}

export function parseRedirectUri(redirectUri: string): RedirectTarget {
	let url: URL;
	try {
		url = new URL(redirectUri);
	} catch {
		throw badRedirectUri(redirectUri, 'is not a valid address.');
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw badRedirectUri(redirectUri, 'must start with http:// or https://.');
	}
	if (redirectUri.includes('#')) throw badRedirectUri(redirectUri, 'must not contain a “#” part.');
	if (url.username || url.password) {
		throw badRedirectUri(redirectUri, 'must not contain a user name or password.');
	}
	const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
	const listenAddresses =
		url.protocol === 'http:' ? (loopbackAddresses.get(url.hostname) ?? []) : [];
	return {url, port, listenAddresses};
}
