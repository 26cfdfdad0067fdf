// The cheapest proof that an access token works: Constant Contact's account summary, which
// also says whose account the token opens. Sent with the API client's transport and read with
// its error rules (either error form; a 403 blames a scope only when the token lacks it).
import {setTimeout} from 'node:timers/promises';
import {CcTokenError} from '../errors.js';
import type {Endpoints} from '../provider/constant-contact.js';
import {printableLine} from '../text/printable.js';
import {serverMessages} from './api-errors.js';
import {tokenScopes} from './token-scopes.js';
import {type ApiResponse, exchange} from './transport.js';

export interface AccountSummary {
	name?: string;
	email?: string;
	organization?: string;
	raw: Record<string, unknown>;
}

const throttleWaits = 3;

// Longer than any real name, address or organisation; a server's junk stops here.
const fieldMaxLength = 200;

/** A field shown and stored as one printable line (see text/printable.ts). */
function text(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const line = printableLine(value).replace(/ +/g, ' ').trim();
	if (line === '') return undefined;
	return line.length > fieldMaxLength ? `${line.slice(0, fieldMaxLength - 1).trimEnd()}…` : line;
}

function saidBy(body: string, accessToken: string): string {
	const messages = serverMessages(body, [accessToken]);
	return messages.length === 0
		? ''
		: ` Constant Contact said: ${messages.map((message) => `“${message}”`).join('; ')}`;
}

async function get(url: string, accessToken: string): Promise<ApiResponse> {
	const request = {
		method: 'GET',
		url: new URL(url),
		headers: {authorization: `Bearer ${accessToken}`},
	};
	let response = await exchange(request);
	// A read may be repeated: one more try after a server failure.
	if (response.status >= 500) response = await exchange(request);
	// “At most 4 a second” (another cc-token, a script with the same API key): waited out a few
	// times, as the API client does; a spent daily quota is not.
	for (let wait = 1; wait <= throttleWaits && response.status === 429; wait++) {
		const {apiErrors} = await import('./api-errors.js');
		if (apiErrors(response.body).some((error) => error.key === 'quota_exceeded')) break;
		await setTimeout(wait * 500);
		response = await exchange(request);
	}
	return response;
}

export async function fetchAccountSummary(p: {
	endpoints: Endpoints;
	accessToken: string;
	/** The scopes the token carries, when known; else read from the token itself. */
	scopes?: string[];
}): Promise<AccountSummary> {
	const response = await get(p.endpoints.accountSummary, p.accessToken);
	const said = saidBy(response.body, p.accessToken);
	switch (response.status) {
		case 200:
			break;
		case 401:
			throw new CcTokenError(
				'not_signed_in',
				`Constant Contact rejected the access token: it is invalid or has expired.${said}`,
				{hint: 'Get a fresh one with `cc-token token`, or sign in again with `cc-token login`.'},
			);
		case 403: {
			const scopes = p.scopes ?? tokenScopes(p.accessToken);
			if (scopes && !scopes.includes('account_read')) {
				throw new CcTokenError(
					'insufficient_scope',
					`The access token may not read the account details: that needs the account_read scope, which it does not have.${said}`,
					{hint: 'Sign in again with `cc-token login` and include the account_read scope.'},
				);
			}
			throw new CcTokenError(
				'api_error',
				`Constant Contact refused to show the account details (HTTP 403).${said}`,
				{
					hint: 'Check that the application is active in the developer portal and that the user’s role may read account details.',
				},
			);
		}
		case 429:
			throw new CcTokenError(
				'rate_limited',
				`Constant Contact is limiting requests for this API key (at most 4 a second and 10,000 a day).${said}`,
				{hint: 'Wait a little and try again.'},
			);
		default:
			throw new CcTokenError(
				response.status >= 500 ? 'server_error' : 'bad_response',
				`Constant Contact’s API answered the account check with HTTP ${response.status}.${said}`,
				{hint: 'Try again in a few minutes.'},
			);
	}
	let raw: unknown;
	try {
		raw = JSON.parse(response.body);
	} catch {
		raw = undefined;
	}
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
		throw new CcTokenError(
			'bad_response',
			'Constant Contact’s API answered the account check with something that is not account details.',
			{
				hint: 'On a network with its own sign-in page, sign in to it first; behind a proxy, set HTTPS_PROXY. Then try again.',
			},
		);
	}
	const fields = raw as Record<string, unknown>;
	const name = [text(fields.first_name), text(fields.last_name)].filter(Boolean).join(' ');
	const email = text(fields.contact_email);
	const organization = text(fields.organization_name);
	return {
		...(name ? {name} : {}),
		...(email ? {email} : {}),
		...(organization ? {organization} : {}),
		raw: fields,
	};
}
