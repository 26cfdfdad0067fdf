// Reading what a token endpoint answered: tokens, an OAuth error, or something that is not
// an OAuth answer at all (a proxy's HTML page, a server failure). Never trusts the shape.
import {CcTokenError} from '../errors.js';
import {accessTokenLifetimeSeconds} from '../provider/constant-contact.js';
import {isB64token, isRefreshTokenText} from '../text/grammar.js';
import {printableLine} from '../text/printable.js';
import {serverText} from '../text/server-text.js';
import type {HttpResponse} from './http.js';
import {type OAuthStep, oauthError} from './oauth-error.js';
import type {TokenSet} from './types.js';

const serverProblemHints: Record<OAuthStep, string> = {
	authorize: 'Wait a minute, then sign in again with `cc-token login`.',
	code: 'Wait a minute, then sign in again with `cc-token login`.',
	device:
		'Wait a minute, then start the device sign-in again (`cc-token login --device`, or `d` in the guide).',
	// A rotating refresh token may already be spent by the refresh that failed.
	refresh:
		'Try again in a few minutes. If Constant Contact then says the refresh token is invalid or expired, sign in again with `cc-token login`.',
};

const wrongNetworkHint =
	'On a network with its own sign-in page (hotel, airport, office), sign in to it first; behind a proxy, set HTTPS_PROXY. Then try again.';

function parseJson(body: string): unknown {
	try {
		return JSON.parse(body);
	} catch {
		return undefined;
	}
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The status and content type, which the server chose: as short and secret-free as its text. */
function describe(response: HttpResponse, secrets: Array<string | undefined>): string {
	const type = serverText(response.contentType.split(';')[0] ?? '', {maxLength: 60, secrets});
	return `HTTP ${response.status}, ${type || 'no content type'}`;
}

const what = 'Constant Contact’s sign-in server';

/**
 * The OAuth error of an answer and its description: RFC 6749's {error, error_description}, or
 * the {errorCode, errorSummary} body Okta gives for some refusals (an unknown client_id) when
 * its code is an OAuth error name.
 */
function oauthErrorOf(json: unknown): {name: string; description?: string} | undefined {
	if (!isRecord(json)) return undefined;
	if (typeof json.error === 'string') {
		const description =
			typeof json.error_description === 'string' ? json.error_description : undefined;
		return {name: json.error, ...(description === undefined ? {} : {description})};
	}
	if (typeof json.errorCode === 'string' && /^[a-z_]+$/.test(json.errorCode)) {
		const description = typeof json.errorSummary === 'string' ? json.errorSummary : undefined;
		return {name: json.errorCode, ...(description === undefined ? {} : {description})};
	}
	return undefined;
}

/** The OAuth error name in an answer, if it is one. */
export function oauthErrorName(response: HttpResponse): string | undefined {
	return oauthErrorOf(parseJson(response.body))?.name;
}

/** The JSON object in a token endpoint's answer, or the error it stands for. */
export function readOAuthAnswer(
	response: HttpResponse,
	step: OAuthStep,
	secrets: Array<string | undefined>,
): Record<string, unknown> {
	const json = parseJson(response.body);
	const refusal = oauthErrorOf(json);
	if (refusal && response.status < 500) {
		throw oauthError(refusal.name, refusal.description, step, secrets);
	}
	if (response.status === 429) {
		throw new CcTokenError('rate_limited', `${what} is refusing requests for now (HTTP 429).`, {
			hint: 'Wait a minute and try again.',
		});
	}
	if (response.status >= 500) {
		throw new CcTokenError(
			'server_error',
			`${what} had a problem (${describe(response, secrets)}).`,
			{hint: serverProblemHints[step]},
		);
	}
	if (!isRecord(json)) {
		const excerpt = serverText(response.body, {secrets});
		throw new CcTokenError(
			'bad_response',
			`${what} sent an answer that is not OAuth JSON (${describe(response, secrets)})${excerpt ? `: “${excerpt}”` : '.'}`,
			{hint: wrongNetworkHint},
		);
	}
	if (response.status < 200 || response.status >= 300) {
		throw new CcTokenError(
			'bad_response',
			`${what} refused the request without saying why (${describe(response, secrets)}).`,
			{hint: wrongNetworkHint},
		);
	}
	return json;
}

// An expires_in above ten years of seconds cannot be a lifetime: it is an epoch timestamp.
const tenYearsSeconds = 10 * 365 * 86_400;

function expiresAtFrom(value: unknown, now: number): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	const fallback = now + accessTokenLifetimeSeconds * 1000;
	if (typeof number !== 'number' || !Number.isFinite(number) || number <= 0) return fallback;
	if (number <= tenYearsSeconds) return now + number * 1000;
	const epochMs = number > 1e12 ? number : number * 1000;
	// A time in the past, or further ahead than any lifetime, is nonsense (and one past the
	// year 275760 cannot even be written as a date).
	return epochMs > now && epochMs - now <= tenYearsSeconds * 1000 ? epochMs : fallback;
}

function optionalString(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The granted scopes, each one made safe to show: they are printed and stored, never sent. */
function scopesFrom(value: unknown): string[] {
	if (typeof value !== 'string') return [];
	return printableLine(value).split(' ').filter(Boolean);
}

function refusedToken(which: string): CcTokenError {
	return new CcTokenError(
		'bad_response',
		`${what} answered with ${which} that is not in the form OAuth allows (RFC 6750 and RFC 6749), so cc-token did not keep it.`,
		{
			hint: 'Try again in a minute; if it keeps happening, something between you and Constant Contact is changing its answers.',
		},
	);
}

export function tokenSetFrom(json: Record<string, unknown>, now = Date.now()): TokenSet {
	const accessToken = optionalString(json.access_token);
	if (!accessToken) {
		throw new CcTokenError('bad_response', `${what} answered without an access token.`, {
			hint: 'Try again in a minute; if it keeps happening, sign in again with `cc-token login`.',
		});
	}
	// The access token goes into headers, shells and terminals: refused unless it is a b64token.
	if (!isB64token(accessToken)) throw refusedToken('an access token');
	const refreshToken = optionalString(json.refresh_token);
	if (refreshToken && !isRefreshTokenText(refreshToken)) throw refusedToken('a refresh token');
	const idToken = optionalString(json.id_token);
	const tokenType = optionalString(json.token_type);
	return {
		accessToken,
		tokenType: tokenType ? printableLine(tokenType) : 'Bearer',
		expiresAt: expiresAtFrom(json.expires_in, now),
		...(refreshToken ? {refreshToken} : {}),
		scopes: scopesFrom(json.scope),
		...(idToken ? {idToken} : {}),
		receivedAt: now,
	};
}
