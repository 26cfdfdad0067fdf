// The V3 API client behind `cc-token api` and the Node library's createClient: a fresh token
// from the store, requests paced to 4 a second,
// a `throttled` 429 waited out a bounded number of times, a 401 on a token believed good met
// with one refresh under the store's lock and one retry, and list answers followed page by page
// along `_links.next.href`, never off the API's own host, never round a loop, and only so far
// (a page limit and a deadline: a server's endless chain of next links ends).
import {setTimeout as sleep} from 'node:timers/promises';
import {CcTokenError} from '../errors.js';
import {
	endpointsFrom,
	profileEndpoints,
	withoutTrailingSlash,
} from '../provider/constant-contact.js';
import type {CredentialStore} from '../store/credential-store.js';
import {defaultMinValidityMs, type FreshToken} from '../store/fresh-token.js';
import {defaultProfileName} from '../store/profile.js';
import {isAbsoluteTarget, pathUnderBase, resolveApiUrl} from './api-url.js';
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

export interface PagesOptions {
	/** Stop with an error before fetching more pages than this. Default 1000. */
	maxPages?: number;
	/** Stop with an error once following the pages has taken longer than this. Default 15 minutes. */
	deadlineMs?: number;
}

export const defaultMaxPages = 1000;
const defaultPagesDeadlineMs = 15 * 60_000;

export interface Page {
	answer: ApiAnswer;
	/** The page's list (the array beside `_links`), or undefined when the answer holds none. */
	items: unknown[] | undefined;
	/** The document as parsed. */
	document: unknown;
}

const throttleWaitsMs = [1000, 1500, 2000, 3000, 4000, 5000, 5000, 5000];

// The headers cc-token sets itself: the token goes in its own Authorization header alone, to the
// API's own Host, with the body's own length.
const ownHeaders = new Set(['authorization', 'host', 'content-length']);
const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// RFC 9110, 5.5: a field value is visible characters, spaces and tabs; a line break would start
// a header of its own.
const headerValueControl = /[\x00-\x08\x0a-\x1f\x7f]/;

/** Why a request may not send this header (`cc-token api -H` and the library alike), or undefined. */
export function headerRefusal(name: string, value: string): string | undefined {
	if (!headerName.test(name)) return `“${name}” is not a header name.`;
	if (ownHeaders.has(name.toLowerCase())) return `cc-token sets the ${name} header itself.`;
	if (headerValueControl.test(value)) {
		return `the ${name} header’s value holds a control character (a line break starts another header).`;
	}
	return undefined;
}

function checkHeaders(headers: Record<string, string> | undefined): void {
	for (const [name, value] of Object.entries(headers ?? {})) {
		const refused = headerRefusal(name, String(value));
		if (refused) {
			throw new CcTokenError('usage', `A request header was refused: ${refused}`, {
				hint: 'Leave out Authorization, Host and Content-Length: cc-token sets them.',
			});
		}
	}
}

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
		if (options.apiBase === undefined || withoutTrailingSlash(options.apiBase) === own) return own;
		throw new CcTokenError(
			'bad_input',
			`Profile “${profileName}” was signed in to the API at ${own}, but the client was given ${options.apiBase}; cc-token will not send its token there.`,
			{hint: `Leave apiBase out, or sign in to another profile for that server.`},
		);
	}

	/** The request's URL on the API at `base`; throws a usage error when it is not on it. */
	function urlOn(base: string, request: ApiRequest): URL {
		const url = resolveApiUrl(base, request.path);
		for (const [name, value] of request.query ?? []) url.searchParams.append(name, value);
		return url;
	}

	/**
	 * Refuses a bad path before any token is read. Until the profile is read its API may be
	 * unknown: a path is refused the same on any API, but a full URL only against the right one,
	 * so it waits for the profile (it is checked again on the profile's own API before sending).
	 */
	function checkEarly(request: ApiRequest): void {
		const known = apiBase ?? options.apiBase;
		if (known !== undefined) urlOn(known, request);
		else if (!isAbsoluteTarget(request.path)) urlOn(endpointsFrom().apiBase, request);
	}

	async function send(request: ApiRequest): Promise<ApiAnswer> {
		const method = (request.method ?? 'GET').toUpperCase();
		checkHeaders(request.headers);
		// A long-lived client (the library's) checks the token's time left before each request.
		const minValidityMs = options.minValidityMs ?? defaultMinValidityMs;
		checkEarly(request);
		let fresh =
			current && current.expiresAt - Date.now() >= minValidityMs ? current : await token();
		const url = urlOn(apiBase!, request);
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

	/**
	 * Follows `_links.next.href` from the first page to the last, one page at a time. A next link
	 * off the API, one already followed (a loop of any length), more than `maxPages` pages or a
	 * walk past the deadline ends it with an error, before anything more is sent.
	 */
	async function* pages(request: ApiRequest, limits: PagesOptions = {}): AsyncGenerator<Page> {
		const maxPages = limits.maxPages ?? defaultMaxPages;
		const deadline = Date.now() + (limits.deadlineMs ?? defaultPagesDeadlineMs);
		let next: ApiRequest | undefined = request;
		// Known once the first page is fetched: the profile's API is known only then.
		const seen = new Set<string>();
		for (let fetched = 0; next; fetched++) {
			if (fetched === maxPages)
				throw pagesStopped(
					`after ${maxPages} pages`,
					'allow more pages (--max-pages N; maxPages in the library)',
				);
			if (Date.now() > deadline)
				throw pagesStopped(
					`after ${Math.ceil((limits.deadlineMs ?? defaultPagesDeadlineMs) / 1000)} s`,
					'fetch the list in parts (deadlineMs in the library)',
				);
			const answer = await send(next);
			if (fetched === 0) seen.add(urlOn(apiBase!, request).href);
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
			next = {method: 'GET', path: href, ...(request.headers ? {headers: request.headers} : {})};
			const url = nextPageUrl(href);
			if (seen.has(url.href)) {
				throw new CcTokenError(
					'bad_response',
					`Constant Contact sent a next page already fetched (${href}); cc-token stopped following it.`,
					{
						hint: 'Try again; if it repeats, fetch the pages without --paginate.',
					},
				);
			}
			seen.add(url.href);
		}
	}

	/** Where a next link leads, refused (as the server's fault) when that is off the API. */
	function nextPageUrl(href: string): URL {
		try {
			return urlOn(apiBase!, {path: href});
		} catch {
			throw new CcTokenError(
				'bad_response',
				`Constant Contact’s next page link (${href}) leads off its API (${new URL(apiBase!).origin}); cc-token did not follow it, so the token went nowhere else.`,
				{hint: 'Fetch the pages without --paginate, and report the link to Constant Contact.'},
			);
		}
	}

	function pagesStopped(when: string, allowMore: string): CcTokenError {
		return new CcTokenError(
			'bad_response',
			`cc-token stopped following the list’s next links ${when}.`,
			{hint: `Ask for larger pages (a limit such as 500), or ${allowMore}.`},
		);
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
	};
}

export type ApiClient = ReturnType<typeof createApiClient>;
