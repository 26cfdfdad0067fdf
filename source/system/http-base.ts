// What every HTTP request cc-token sends has in common, whichever client sends it: got for the
// sign-in, token and revoke calls (auth/http.ts, with its retry rule), Node's own http for the
// V3 API (api/transport.ts, which `cc-token api` loads without got). Defined here once: who is
// asking, how long a request may take, how large its answer may be, which proxy it goes
// through, and what a person is told when no answer came.
import {CcTokenError} from '../errors.js';
import {proxyFor} from './proxy.js';
import type {ProxyAgents} from './proxy-agents.js';

declare const CC_TOKEN_VERSION: string | undefined;

/** The headers every request starts with: JSON is wanted, and who is asking. */
export const baseHeaders: Readonly<Record<string, string>> = {
	accept: 'application/json',
	'user-agent': `cc-token/${typeof CC_TOKEN_VERSION === 'string' ? CC_TOKEN_VERSION : 'dev'}`,
};

/** How long a request may take and how large its answer may be, by whom it asks. */
export const httpLimits = {
	// Sign-in and token answers are a few kilobytes, and a person or a script waits for them;
	// anything far larger is not Constant Contact.
	auth: {deadlineMs: 15_000, maxBodyBytes: 1_000_000},
	// The V3 API: a page of contacts can be large, and slow to put together.
	api: {deadlineMs: 30_000, maxBodyBytes: 64_000_000},
	// A refresh: once the server has rotated the token, giving up on its answer can cost the
	// sign-in, so a slow answer is worth twice the wait (its size cap is auth's).
	refresh: {deadlineMs: 30_000},
} as const;

/**
 * How long one request may take: `ownMs` (its kind's deadline from httpLimits, or one its
 * caller chose for it), unless CC_TOKEN_HTTP_TIMEOUT_MS sets every request's (tests, slow links).
 */
export function deadlineMs(ownMs: number, env: NodeJS.ProcessEnv = process.env): number {
	const configured = Number(env.CC_TOKEN_HTTP_TIMEOUT_MS);
	return Number.isFinite(configured) && configured > 0 ? configured : ownMs;
}

/** The proxy a request goes through and the agents that send it there; empty to go direct. */
export interface ProxyRoute {
	proxy?: string;
	agents?: ProxyAgents;
}

/** The route to this URL. The proxy agents (hpagent) load only when there is a proxy to use. */
export async function proxyRoute(url: string): Promise<ProxyRoute> {
	const proxy = proxyFor(url);
	if (!proxy) return {};
	const {agentsThrough} = await import('./proxy-agents.js');
	return {proxy, agents: agentsThrough(proxy, url)};
}

function through(route: ProxyRoute): {words: string; hint: string} {
	return route.proxy
		? {
				words: ` through the proxy ${new URL(route.proxy).host}`,
				hint: 'Check that the proxy in HTTPS_PROXY (or HTTP_PROXY) works, or list the host in NO_PROXY to reach it directly.',
			}
		: {
				words: '',
				hint: 'Check your internet connection. Behind a proxy, set HTTPS_PROXY (and NO_PROXY for hosts to reach directly).',
			};
}

/** The request ran out of time before its answer was in. */
export function timedOut(
	url: URL,
	route: ProxyRoute,
	ms: number,
	cause: unknown,
	options: {notSent?: boolean} = {},
): CcTokenError {
	const {words, hint} = through(route);
	return new CcTokenError(
		'request_timeout',
		`${url.host} did not answer${words} within ${Math.round(ms / 1000) || 1} s.`,
		{hint, cause, ...options},
	);
}

/** The request could not be sent, or its connection broke; `detail` says how (a code). */
export function unreachable(
	url: URL,
	route: ProxyRoute,
	detail: string,
	cause: unknown,
	options: {notSent?: boolean} = {},
): CcTokenError {
	const {words, hint} = through(route);
	return new CcTokenError('network', `Could not reach ${url.host}${words}: ${detail}`, {
		hint,
		cause,
		...options,
	});
}

/** The answer grew past `maxBodyBytes` (in MB, 10⁶ bytes), so it was not read further. */
export function tooLarge(url: URL, maxBodyBytes: number, hint: string, what = ''): CcTokenError {
	return new CcTokenError(
		'bad_response',
		`${url.host} sent an answer of more than ${maxBodyBytes / 1_000_000} MB${what}; cc-token stopped reading it.`,
		{hint},
	);
}
