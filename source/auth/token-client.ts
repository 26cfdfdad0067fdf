// The calls to Constant Contact's token server: code exchange, refresh, the device flow and a
// best-effort revoke. Client authentication follows the app: HTTP Basic when it has a secret
// (never the secret in the body), otherwise client_id in the body and PKCE alone.
import {setTimeout as delay} from 'node:timers/promises';
import {CcTokenError, isCcTokenError} from '../errors.js';
import type {Endpoints} from '../provider/constant-contact.js';
import {httpLimits} from '../system/http-base.js';
import {isUserCode, webAddress} from '../text/grammar.js';
import {httpRequest} from './http.js';
import {oauthError} from './oauth-error.js';
import {oauthErrorName, readOAuthAnswer, tokenSetFrom} from './token-response.js';
import type {DeviceCode, TokenSet} from './types.js';

interface Client {
	apiKey: string;
	clientSecret?: string;
}

function clientAuthentication(client: Client): {
	headers: Record<string, string>;
	form: Record<string, string>;
} {
	if (!client.clientSecret) return {headers: {}, form: {client_id: client.apiKey}};
	const pair = `${encodeURIComponent(client.apiKey)}:${encodeURIComponent(client.clientSecret)}`;
	return {headers: {authorization: `Basic ${Buffer.from(pair).toString('base64')}`}, form: {}};
}

export async function exchangeCode(p: {
	endpoints: Endpoints;
	apiKey: string;
	clientSecret?: string;
	code: string;
	redirectUri: string;
	codeVerifier: string;
}): Promise<TokenSet> {
	const auth = clientAuthentication(p);
	const response = await httpRequest(p.endpoints.token, {
		method: 'POST',
		headers: auth.headers,
		form: {
			grant_type: 'authorization_code',
			code: p.code,
			redirect_uri: p.redirectUri,
			code_verifier: p.codeVerifier,
			...auth.form,
		},
		idempotent: false,
	});
	const secrets = [p.code, p.codeVerifier, p.clientSecret];
	return tokenSetFrom(readOAuthAnswer(response, 'code', secrets));
}

export async function refreshTokens(p: {
	endpoints: Endpoints;
	apiKey: string;
	clientSecret?: string;
	refreshToken: string;
}): Promise<TokenSet> {
	const auth = clientAuthentication(p);
	const response = await httpRequest(p.endpoints.token, {
		method: 'POST',
		headers: auth.headers,
		form: {grant_type: 'refresh_token', refresh_token: p.refreshToken, ...auth.form},
		idempotent: false,
		deadlineMs: httpLimits.refresh.deadlineMs,
	});
	const tokens = tokenSetFrom(
		readOAuthAnswer(response, 'refresh', [p.refreshToken, p.clientSecret]),
	);
	// A server that issues no new refresh token leaves the old one valid (RFC 6749, 6).
	return tokens.refreshToken ? tokens : {...tokens, refreshToken: p.refreshToken};
}

const defaultDeviceLifetimeSeconds = 600;
const defaultPollIntervalSeconds = 5;

function positiveNumber(value: unknown): number | undefined {
	const number = typeof value === 'string' ? Number(value) : value;
	return typeof number === 'number' && Number.isFinite(number) && number > 0 ? number : undefined;
}

function address(value: unknown): string | undefined {
	return typeof value === 'string' ? webAddress(value) : undefined;
}

function unusableDeviceAnswer(what: string): CcTokenError {
	return new CcTokenError(
		'bad_response',
		`Constant Contact’s sign-in server answered the device sign-in with ${what}, so cc-token will not show it.`,
		{hint: 'Try again in a minute, or sign in in a browser with `cc-token login`.'},
	);
}

export async function requestDeviceCode(p: {
	endpoints: Endpoints;
	apiKey: string;
	scopes: string[];
}): Promise<DeviceCode> {
	const response = await httpRequest(p.endpoints.deviceAuthorize, {
		method: 'POST',
		form: {client_id: p.apiKey, scope: p.scopes.join(' ')},
		idempotent: false,
	});
	const json = readOAuthAnswer(response, 'device', []);
	if (
		typeof json.device_code !== 'string' ||
		json.device_code === '' ||
		typeof json.user_code !== 'string' ||
		json.user_code === '' ||
		typeof json.verification_uri !== 'string'
	) {
		throw new CcTokenError(
			'bad_response',
			'Constant Contact’s sign-in server answered the device sign-in without a usable code or address.',
			{hint: 'Try again in a minute, or sign in in a browser with `cc-token login`.'},
		);
	}
	// What a person reads and opens is refused, not cleaned, when it is not what RFC 8628 describes.
	if (!isUserCode(json.user_code))
		throw unusableDeviceAnswer('a code that is not short letters and digits');
	const verificationUri = address(json.verification_uri);
	if (!verificationUri) {
		throw unusableDeviceAnswer('an address that is not https (nor http on this machine)');
	}
	let complete: string | undefined;
	if (json.verification_uri_complete !== undefined) {
		complete = address(json.verification_uri_complete);
		if (!complete) {
			throw unusableDeviceAnswer('an address that is not https (nor http on this machine)');
		}
		// The QR code must lead where the printed address does; another site's is left out.
		if (new URL(complete).origin !== new URL(verificationUri).origin) complete = undefined;
	}
	return {
		deviceCode: json.device_code,
		userCode: json.user_code,
		verificationUri,
		...(complete ? {verificationUriComplete: complete} : {}),
		expiresAt:
			Date.now() + (positiveNumber(json.expires_in) ?? defaultDeviceLifetimeSeconds) * 1000,
		interval: Math.ceil(positiveNumber(json.interval) ?? defaultPollIntervalSeconds),
	};
}

// Polls leave a little extra time so that a server whose clock runs slightly ahead does not
// see them as too fast (and answer slow_down).
const pollMarginMs = 1000;

export function cancelledError(): CcTokenError {
	return new CcTokenError('cancelled', 'The sign-in was cancelled.', {
		hint: 'Run `cc-token login` to sign in again.',
	});
}

function abortReason(signal: AbortSignal): unknown {
	return isCcTokenError(signal.reason) ? signal.reason : cancelledError();
}

/** Waits with any sleep, but gives up the moment the signal aborts. */
function pause(ms: number, sleep: (ms: number) => Promise<void>, signal?: AbortSignal) {
	if (!signal) return sleep(ms);
	if (signal.aborted) return Promise.reject(abortReason(signal));
	return new Promise<void>((resolve, reject) => {
		const onAbort = () => reject(abortReason(signal));
		signal.addEventListener('abort', onAbort, {once: true});
		sleep(ms).then(
			() => {
				signal.removeEventListener('abort', onAbort);
				resolve();
			},
			(error: unknown) => {
				signal.removeEventListener('abort', onAbort);
				reject(signal.aborted ? abortReason(signal) : error);
			},
		);
	});
}

export async function pollDeviceToken(p: {
	endpoints: Endpoints;
	apiKey: string;
	clientSecret?: string;
	device: DeviceCode;
	signal?: AbortSignal;
	onPoll?: (interval: number) => void;
	sleep?: (ms: number) => Promise<void>;
}): Promise<TokenSet> {
	const sleep = p.sleep ?? ((ms: number) => delay(ms, undefined, {signal: p.signal}));
	const auth = clientAuthentication(p);
	const secrets = [p.device.deviceCode, p.clientSecret];
	let interval = p.device.interval;
	for (;;) {
		if (Date.now() >= p.device.expiresAt) throw oauthError('expired_token', undefined, 'device');
		p.onPoll?.(interval);
		await pause(interval * 1000 + pollMarginMs, sleep, p.signal);
		const response = await httpRequest(p.endpoints.token, {
			method: 'POST',
			headers: auth.headers,
			form: {
				grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
				device_code: p.device.deviceCode,
				...auth.form,
			},
			idempotent: true,
			...(p.signal ? {signal: p.signal} : {}),
		}).catch((error: unknown) => {
			throw p.signal?.aborted ? abortReason(p.signal) : error;
		});
		const error = oauthErrorName(response);
		if (error === 'authorization_pending') continue;
		if (error === 'slow_down') {
			interval += 5;
			continue;
		}
		return tokenSetFrom(readOAuthAnswer(response, 'device', secrets));
	}
}

export async function revokeToken(p: {
	endpoints: Endpoints;
	apiKey: string;
	clientSecret?: string;
	token: string;
	tokenTypeHint?: 'refresh_token' | 'access_token';
}): Promise<boolean> {
	const auth = clientAuthentication(p);
	try {
		const response = await httpRequest(p.endpoints.revoke, {
			method: 'POST',
			headers: auth.headers,
			form: {token: p.token, token_type_hint: p.tokenTypeHint, ...auth.form},
			idempotent: true,
		});
		return response.status === 200;
	} catch {
		return false;
	}
}
