// cc-token for Node programs: `import {getAccessToken, createClient} from 'cc-token'`. The same
// store, lock and refresh rules as the command, so a program and `cc-token token` can share a
// profile (and a rotating refresh token) without ever spending it twice.
import {type ApiAnswer, createApiClient, type PagesOptions} from './api/client.js';
import {freshAccessToken} from './api/fresh-token.js';
import {CcTokenError} from './errors.js';
import {storeLocation} from './store/location.js';
import {chooseProfile} from './store/profile-choice.js';

/** The profile asked for, else the one every command would use (CC_TOKEN_PROFILE, `cc-token use`). */
function profileOf(options: {profile?: string}): string {
	return chooseProfile(options.profile, storeLocation()).name;
}

export {CcTokenError};

export interface AccessTokenOptions {
	/** The cc-token profile (default: $CC_TOKEN_PROFILE, else the one `cc-token use` chose, else "default"). */
	profile?: string;
	/** Refresh first when the token has less than this left, in milliseconds (default: 5 minutes). */
	minValidityMs?: number;
}

/** An access token with at least `minValidityMs` left, refreshed under the store's lock if needed. */
export async function getAccessToken(options: AccessTokenOptions = {}): Promise<string> {
	const {accessToken} = await freshAccessToken(profileOf(options), {
		...(options.minValidityMs === undefined ? {} : {minValidityMs: options.minValidityMs}),
	});
	return accessToken;
}

export interface ClientOptions {
	/** The cc-token profile (default: $CC_TOKEN_PROFILE, else the one `cc-token use` chose, else "default"). */
	profile?: string;
}

export interface ClientRequestInit {
	method?: string;
	headers?: Record<string, string>;
	/** A JSON text, or a value to send as JSON. */
	body?: unknown;
	/** Added to the path's query string. */
	query?: Record<string, string | number | boolean>;
}

export interface Client {
	/**
	 * Calls the V3 API like `fetch`: the path is relative to the API base (`/contacts`,
	 * `contacts`, `/v3/contacts`); a full URL must be on the API's host. Resolves with the
	 * answer whatever its status, as fetch does.
	 */
	(path: string, init?: ClientRequestInit): Promise<Response>;
	/**
	 * The items of every page of a list, following `_links.next.href` to the last page.
	 * Throws a CcTokenError with Constant Contact's message if a page is refused, and when a
	 * next link leads off the API or back to a page already fetched, or the pages run past
	 * `maxPages` (default 1000) or `deadlineMs` (default 15 minutes).
	 */
	paginate(path: string, init?: PaginateInit): AsyncGenerator<unknown>;
}

export type PaginateInit = Pick<ClientRequestInit, 'headers' | 'query'> & PagesOptions;

const bodilessStatuses = new Set([101, 204, 205, 304]);

function toResponse(answer: ApiAnswer): Response {
	const headers = new Headers();
	for (let index = 0; index < answer.rawHeaders.length; index += 2) {
		headers.append(answer.rawHeaders[index]!, answer.rawHeaders[index + 1]!);
	}
	const body = bodilessStatuses.has(answer.status) || answer.method === 'HEAD' ? null : answer.body;
	return new Response(body, {status: answer.status, statusText: answer.statusText, headers});
}

function queryOf(query: ClientRequestInit['query']): Array<[string, string]> {
	return Object.entries(query ?? {}).map(([name, value]) => [name, String(value)]);
}

/** An authenticated, fetch-like call to the V3 API, with cc-token's refresh, pacing and paging. */
export function createClient(options: ClientOptions = {}): Client {
	const api = createApiClient({profile: profileOf(options)});
	const call = async (path: string, init: ClientRequestInit = {}) => {
		const body =
			init.body === undefined || typeof init.body === 'string'
				? init.body
				: JSON.stringify(init.body);
		const answer = await api.send({
			path,
			method: init.method ?? 'GET',
			query: queryOf(init.query),
			...(init.headers ? {headers: init.headers} : {}),
			...(body === undefined ? {} : {body}),
		});
		return toResponse(answer);
	};
	async function* paginate(path: string, init: PaginateInit = {}) {
		const {maxPages, deadlineMs} = init;
		for await (const page of api.pages(
			{path, query: queryOf(init.query), ...(init.headers ? {headers: init.headers} : {})},
			{
				...(maxPages === undefined ? {} : {maxPages}),
				...(deadlineMs === undefined ? {} : {deadlineMs}),
			},
		)) {
			if (page.answer.status >= 400) throw await api.refusal(page.answer);
			if (page.items === undefined) {
				throw new CcTokenError(
					'bad_response',
					`${page.answer.path} answered with no list to page through.`,
					{
						hint: 'Call it without paginate.',
					},
				);
			}
			yield* page.items;
		}
	}
	return Object.assign(call, {paginate});
}
