// The V3 API client behind `cc-token api` and the Node library's createClient: a fresh token
// from the store, requests paced to 4 a second,
// a `throttled` 429 waited out a bounded number of times, a 401 on a token believed good met
// with one refresh under the store's lock and one retry, and list answers followed page by page
// along `_links.next.href`, never off the API's own host.
import {setTimeout as sleep} from 'node:timers/promises';
import {CcTokenError} from '../errors.js';
import {endpointsFrom, profileEndpoints} from '../provider/constant-contact.js';
import type {CredentialStore} from '../store/credential-store.js';
import {defaultMinValidityMs, type FreshToken} from '../store/fresh-token.js';
import {defaultProfileName} from '../store/profile.js';
import {pathUnderBase, resolveApiUrl} from './api-url.js';
import {freshAccessToken} from './fresh-token.js';
import {Pacer} from './pacer.js';
import {tokenScopes} from './token-scopes.js';
import {type ApiResponse, exchange} from './transport.js';

export interface ApiRequest {
	method?: string;
	/** A path under the API base (`/contacts`, `contacts`, `/v3/contacts`) or a URL on its host. */
	path: string;
	/** Added to the path's own query string. */
	query?: Array<[string, string]>;
	headers?: Record<string, string>;
	/** A JSON text, sent as application/json. */
	body?: string;
}

export interface ApiAnswer extends ApiResponse {
	method: string;
	url: URL;
	/** The path under the API base, e.g. /contacts. */
	path: string;
}

export interface ApiClientOptions {
	profile?: string;
	/** Default: the store CC_TOKEN_STORE names, else the settings file. */
	store?: CredentialStore;
	/** Default: the API of the profile's own server (which CC_TOKEN_API_URL, if set, must name). */
	apiBase?: string;
	/** Refresh the token first when less than this is left. Default 5 minutes. */
	minValidityMs?: number;
	/** How many `throttled` answers in a row to wait out before giving up. Default 5. */
	maxThrottleWaits?: number;
	/** Told each time a request waits for the rate limit. */
	onWait?: (wait: {reason: 'pacing' | 'throttled'; ms: number}) => void;
}

export interface Page {
	answer: ApiAnswer;
	/** The page's list (the array beside `_links`), or undefined when the answer holds none. */
	items: unknown[] | undefined;
	/** The document as parsed. */
	document: unknown;
}

const throttleWaitsMs = [1000, 1500, 2000, 3000, 4000, 5000, 5000, 5000];

function itemsOf(document: unknown): unknown[] | undefined {
	if (typeof document !== 'object' || document === null || Array.isArray(document))
		return undefined;
	const lists = Object.entries(document).filter(
		([key, value]) => key !== '_links' && Array.isArray(value),
	);
	return lists[0]?.[1] as unknown[] | undefined;
}

function nextHref(document: unknown): string | undefined {
	const links = (document as {_links?: {next?: {href?: unknown}}} | null)?._links;
	const href = links?.next?.href;
	return typeof href === 'string' && href !== '' ? href : undefined;
}

export function createApiClient(options: ApiClientOptions = {}) {
	const profileName = options.profile ?? defaultProfileName;
	/** The API of the profile's own server, once the profile is read (see apiOf). */
	let apiBase: string | undefined;
	const pacer = new Pacer();
	const maxThrottleWaits = options.maxThrottleWaits ?? 5;
	let current: FreshToken | undefined;

	async function token(force = false): Promise<FreshToken> {
		const fresh = await freshAccessToken(profileName, {
			accessTokenRefused: force,
			...(options.minValidityMs === undefined ? {} : {minValidityMs: options.minValidityMs}),
			...(options.store ? {store: options.store} : {}),
		});
		apiBase = apiOf(fresh.profile);
		current = fresh;
		return current;
	}

	/**
	 * A profile's token goes only to the API of the server that issued it (profileEndpoints: a
	 * server variable set to another is refused); an apiBase given to the client must be that one.
	 */
	function apiOf(profile: FreshToken['profile']): string {
		const own = profileEndpoints(profileName, profile.server).apiBase;
		if (options.apiBase === undefined || options.apiBase.replace(/\/+$/, '') === own) return own;
		throw new CcTokenError(
			'bad_input',
			`Profile “${profileName}” was signed in to the API at ${own}, but the client was given ${options.apiBase}; cc-token will not send its token there.`,
			{hint: `Leave apiBase out, or sign in to another profile for that server.`},
		);
	}

	/**
	 * The request's URL, checked to be on the API; throws a usage error otherwise. Before the
	 * profile is read, the path is checked against the API the environment names.
	 */
	function urlOf(request: ApiRequest): URL {
		const url = resolveApiUrl(apiBase ?? options.apiBase ?? endpointsFrom().apiBase, request.path);
		for (const [name, value] of request.query ?? []) url.searchParams.append(name, value);
		return url;
	}

	async function send(request: ApiRequest): Promise<ApiAnswer> {
		const method = (request.method ?? 'GET').toUpperCase();
		// A long-lived client (the library's) checks the token's time left before each request.
		const minValidityMs = options.minValidityMs ?? defaultMinValidityMs;
		// A bad path is refused before any token is read; checked again on the profile's own API.
		urlOf(request);
		let fresh =
			current && current.expiresAt - Date.now() >= minValidityMs ? current : await token();
		const url = urlOf(request);
		let renewed = false;
		let throttled = 0;
		for (;;) {
			const paced = await pacer.next();
			if (paced > 0) options.onWait?.({reason: 'pacing', ms: paced});
			const response = await exchange({
				method,
				url,
				headers: {
					...request.headers,
					...(request.body === undefined ? {} : {'content-type': 'application/json'}),
					authorization: `Bearer ${fresh.accessToken}`,
				},
				...(request.body === undefined ? {} : {body: request.body}),
			});
			if (response.status === 401 && !renewed) {
				// A token cc-token believed good: revoked, or the server's clock is ahead.
				renewed = true;
				const stale = fresh.accessToken;
				fresh = await token(true);
				if (fresh.accessToken !== stale) continue;
			}
			if (response.status === 429 && throttled < maxThrottleWaits) {
				// Error bodies are read only when there is one: the common answer loads nothing more.
				const {apiErrors} = await import('./api-errors.js');
				const keys = apiErrors(response.body).map((error) => error.key);
				if (!keys.includes('quota_exceeded')) {
					// Constant Contact sends no Retry-After; should one come, it is honoured (up to a minute).
					const retryAfter = Number(response.headers['retry-after']);
					const ms =
						retryAfter > 0
							? Math.min(retryAfter * 1000, 60_000)
							: throttleWaitsMs[Math.min(throttled, throttleWaitsMs.length - 1)]!;
					throttled++;
					options.onWait?.({reason: 'throttled', ms});
					await sleep(ms);
					continue;
				}
			}
			return {...response, method, url, path: pathUnderBase(apiBase!, url)};
		}
	}

	/** Follows `_links.next.href` from the first page to the last, one page at a time. */
	async function* pages(request: ApiRequest): AsyncGenerator<Page> {
		let next: ApiRequest | undefined = request;
		const seen = new Set<string>();
		while (next) {
			const answer = await send(next);
			let document: unknown;
			try {
				document = JSON.parse(answer.body);
			} catch {
				document = undefined;
			}
			yield {answer, items: itemsOf(document), document};
			if (answer.status >= 400) return;
			const href = nextHref(document);
			if (href === undefined) return;
			if (seen.has(href)) {
				throw new CcTokenError(
					'bad_response',
					`Constant Contact sent the same next page twice (${href}); cc-token stopped following it.`,
					{
						hint: 'Try again; if it repeats, fetch the pages without --paginate.',
					},
				);
			}
			seen.add(href);
			next = {method: 'GET', path: href, ...(request.headers ? {headers: request.headers} : {})};
		}
	}

	/** What to tell a person about an answer of 400 or more. */
	async function refusal(answer: ApiAnswer) {
		const {refusalError} = await import('./api-errors.js');
		const accessToken = current?.accessToken ?? '';
		return refusalError({
			method: answer.method,
			path: answer.path,
			status: answer.status,
			body: answer.body,
			profileName,
			scopes: current?.profile.scopes ?? tokenScopes(accessToken),
			secrets: [accessToken],
		});
	}

	return {
		send,
		pages,
		refusal,
		urlOf,
	};
}

export type ApiClient = ReturnType<typeof createApiClient>;
