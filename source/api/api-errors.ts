// Constant Contact's API errors, as a person should read them. The documented shape is a JSON
// array of {error_key, error_message}, but some answers (429s, some 401s) are one object of
// that shape: both are read. The server's own words are shown; cc-token adds only what it
// knows for sure, such as a scope the token lacks for this path.

import {CcTokenError} from '../errors.js';
import {loginCommand} from '../store/profile.js';
import {serverText} from '../text/server-text.js';
import {scopeForPath} from './scope-for-path.js';

export interface ApiError {
	key: string;
	message: string;
}

function asApiError(value: unknown): ApiError | undefined {
	if (typeof value !== 'object' || value === null) return undefined;
	const {error_key: key, error_message: message} = value as Record<string, unknown>;
	if (typeof key !== 'string' && typeof message !== 'string') return undefined;
	return {
		key: typeof key === 'string' ? key : '',
		message: typeof message === 'string' ? message : '',
	};
}

/** The errors in an API answer's body, in either form; empty when it holds none. */
export function apiErrors(body: string): ApiError[] {
	let parsed: unknown;
	try {
		parsed = JSON.parse(body);
	} catch {
		return [];
	}
	const items = Array.isArray(parsed) ? parsed : [parsed];
	return items.map(asApiError).filter((error): error is ApiError => error !== undefined);
}

/** The server's messages, each one safe to print on a line of its own. */
export function serverMessages(body: string, secrets: string[] = []): string[] {
	return apiErrors(body)
		.map((error) => serverText(error.message || error.key, {secrets, maxLength: 500}))
		.filter((message) => message !== '');
}

function quoted(messages: string[]): string {
	return messages.length === 0
		? ''
		: ` Constant Contact said: ${messages.map((m) => `“${m}”`).join('; ')}`;
}

export interface RefusalContext {
	method: string;
	/** The path under the API base, e.g. /contacts. */
	path: string;
	status: number;
	body: string;
	profileName: string;
	/** The scopes the token carries, when known. */
	scopes: string[] | undefined;
	secrets: string[];
}

/** The scope this request needs that the token lacks, when both are known. */
function missingScope(context: Pick<RefusalContext, 'method' | 'path' | 'scopes'>) {
	const needed = scopeForPath(context.method, context.path);
	if (!needed || !context.scopes || context.scopes.includes(needed)) return undefined;
	return needed;
}

/** The exact command that signs the profile in again with the scope it lacks. */
function loginWithScope(profileName: string, scopes: string[], needed: string): string {
	const wanted = [...new Set([...scopes, needed])].join(' ');
	return `${loginCommand(profileName)} --scope "${wanted}"`;
}

/** What to tell a person about an error answer (status 400 and up). */
export function refusalError(context: RefusalContext): CcTokenError {
	const messages = serverMessages(context.body, context.secrets);
	const said = quoted(messages);
	const what = `${context.method} ${context.path}`;
	if (context.status === 401) {
		return new CcTokenError(
			'not_signed_in',
			`Constant Contact rejected the access token for ${what}, even after renewing it.${said}`,
			{hint: `Sign in again: ${loginCommand(context.profileName)}`},
		);
	}
	if (context.status === 403) {
		const needed = missingScope(context);
		if (needed && context.scopes) {
			return new CcTokenError(
				'insufficient_scope',
				`Constant Contact refused ${what}: it needs the ${needed} scope, which this token does not have (it has ${context.scopes.join(', ') || 'none'}).${said}`,
				{
					hint: `Sign in again with that scope: ${loginWithScope(context.profileName, context.scopes, needed)}`,
				},
			);
		}
		return new CcTokenError('api_error', `Constant Contact refused ${what} (HTTP 403).${said}`, {
			hint: needed
				? `The token has the ${needed} scope this needs, so the refusal is about the account or the application: check that the application is active in the developer portal and that the user's role may do this.`
				: 'Check that the application is active in the developer portal and that the user’s role may do this.',
		});
	}
	if (context.status === 429) {
		const quota = apiErrors(context.body).some((error) => error.key === 'quota_exceeded');
		return new CcTokenError(
			quota ? 'quota_exceeded' : 'rate_limited',
			quota
				? `Constant Contact’s daily quota for this API key is used up (10,000 requests a day).${said}`
				: `Constant Contact kept refusing ${what} as too many requests (at most 4 a second per API key), so cc-token stopped waiting.${said}`,
			{
				hint: quota
					? 'Try again tomorrow; the quota is per API key.'
					: 'Wait a minute and try again; other programs may be using the same API key.',
			},
		);
	}
	return new CcTokenError(
		context.status >= 500 ? 'server_error' : 'api_error',
		`Constant Contact answered ${what} with HTTP ${context.status}.${said}`,
		{
			hint:
				context.status >= 500
					? 'Try again in a few minutes.'
					: 'Check the path, the fields and the body against the API reference.',
		},
	);
}
