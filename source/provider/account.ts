// The cheapest proof that an access token works: Constant Contact's account summary, which
// also says whose account the token opens.
import {httpRequest} from '../auth/http.js';
import {CcTokenError} from '../errors.js';
import {printableLine} from '../text/printable.js';
import {serverText} from '../text/server-text.js';
import type {Endpoints} from './constant-contact.js';

export interface AccountSummary {
	name?: string;
	email?: string;
	organization?: string;
	raw: Record<string, unknown>;
}

// Longer than any real name, address or organisation; a server's junk stops here.
const fieldMaxLength = 200;

/** A field shown and stored as one printable line (see text/printable.ts). */
function text(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const line = printableLine(value).replace(/ +/g, ' ').trim();
	if (line === '') return undefined;
	return line.length > fieldMaxLength ? `${line.slice(0, fieldMaxLength - 1).trimEnd()}…` : line;
}

/** The API's own words from its error shape, `[{error_key, error_message}]` or one such object, made safe to show. */
function apiMessage(body: string, accessToken: string): string {
	try {
		const parsed: unknown = JSON.parse(body);
		const first: unknown = Array.isArray(parsed) ? parsed[0] : parsed;
		if (typeof first === 'object' && first !== null && 'error_message' in first) {
			const message = text(first.error_message);
			if (message)
				return ` Constant Contact said: “${serverText(message, {secrets: [accessToken]})}”`;
		}
	} catch {
		// Not the API's error shape; the status says enough.
	}
	return '';
}

export async function fetchAccountSummary(p: {
	endpoints: Endpoints;
	accessToken: string;
}): Promise<AccountSummary> {
	const response = await httpRequest(p.endpoints.accountSummary, {
		method: 'GET',
		headers: {authorization: `Bearer ${p.accessToken}`},
		idempotent: true,
	});
	const said = apiMessage(response.body, p.accessToken);
	switch (response.status) {
		case 200:
			break;
		case 401:
			throw new CcTokenError(
				'not_signed_in',
				`Constant Contact rejected the access token: it is invalid or has expired.${said}`,
				{hint: 'Get a fresh one with `cc-token token`, or sign in again with `cc-token login`.'},
			);
		case 403:
			throw new CcTokenError(
				'insufficient_scope',
				`The access token may not read the account details: that needs the account_read scope.${said}`,
				{hint: 'Sign in again with `cc-token login` and include the account_read scope.'},
			);
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
