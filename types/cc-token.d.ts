// The types of `import … from 'cc-token'`, shipped as dist/library.d.ts. Checked against
// source/library.ts by test/library-types.test.ts.

/** A failure cc-token explains: `code` is stable, `message` says what happened, `hint` what to do. */
export declare class CcTokenError extends Error {
	/** cc-token makes these; programs only catch them. */
	protected constructor(code: never, message: string, options?: {hint?: string; cause?: unknown});
	readonly name: 'CcTokenError';
	readonly code: string;
	readonly hint: string | undefined;
	get exitCode(): number;
	toText(): string;
	toJSON(): {code: string; message: string; hint?: string};
}

// Both functions use the store CC_TOKEN_STORE names (a Redis store shared by a fleet), else the
// settings file, and read a profile's secrets from the OS keychain when it was signed in with
// `cc-token login --keychain`. An idle Redis connection does not keep the program alive.

export interface AccessTokenOptions {
	/** The cc-token profile (default: $CC_TOKEN_PROFILE, else the one `cc-token use` chose, else "default"). */
	profile?: string;
	/** Refresh first when the token has less than this left, in milliseconds (default: 5 minutes). */
	minValidityMs?: number;
}

/** An access token with at least `minValidityMs` left, refreshed under the store's lock if needed. */
export declare function getAccessToken(options?: AccessTokenOptions): Promise<string>;

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

export interface PaginateInit extends Pick<ClientRequestInit, 'headers' | 'query'> {
	/** Stop with an error before fetching more pages than this. Default 1000. */
	maxPages?: number;
	/** Stop with an error once following the pages has taken longer than this. Default 15 minutes. */
	deadlineMs?: number;
}

/** An authenticated, fetch-like call to the V3 API, with cc-token's refresh, pacing and paging. */
export declare function createClient(options?: ClientOptions): Client;
