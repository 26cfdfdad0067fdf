// Requests the emulator tests make, written as a client would write them.
import {createHash, randomBytes} from 'node:crypto';
import type {Emulator, EmulatorApp} from '../../source/provider/emulator/index.js';
import {describePage} from './browser.js';

// Never served: token tests read the code from the redirect's Location without following it.
export const unservedRedirect = 'http://127.0.0.1:9/callback';

export function pkcePair(): {verifier: string; challenge: string} {
	const verifier = randomBytes(32).toString('base64url');
	return {verifier, challenge: createHash('sha256').update(verifier).digest('base64url')};
}

export function authorizeUrl(
	emulator: Emulator,
	params: Record<string, string | undefined>,
): string {
	const url = new URL(emulator.endpoints.authorize);
	for (const [name, value] of Object.entries(params)) {
		if (value !== undefined) url.searchParams.set(name, value);
	}
	return url.href;
}

/** A complete, valid authorization request for the app; override or drop (undefined) any part. */
export function validParams(
	app: EmulatorApp,
	overrides: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
	const {challenge} = pkcePair();
	return {
		client_id: app.clientId,
		redirect_uri: app.redirectUris[0],
		response_type: 'code',
		scope: 'account_read offline_access',
		state: 'state-1234567890',
		code_challenge: challenge,
		code_challenge_method: 'S256',
		...overrides,
	};
}

export async function visit(url: string): Promise<{status: number; location?: URL; body: string}> {
	const response = await fetch(url, {redirect: 'manual'});
	const location = response.headers.get('location');
	return {
		status: response.status,
		...(location ? {location: new URL(location)} : {}),
		body: await response.text(),
	};
}

// biome-ignore lint/suspicious/noExplicitAny: answers are checked field by field in the tests.
export type Json = any;

export interface TokenReply {
	status: number;
	headers: Headers;
	json: Json;
}

export async function postForm(
	url: string,
	params: Record<string, string>,
	options: {basic?: [string, string]; contentType?: string} = {},
): Promise<TokenReply> {
	const headers: Record<string, string> = {
		'Content-Type': options.contentType ?? 'application/x-www-form-urlencoded',
		Accept: 'application/json',
	};
	if (options.basic) {
		const [id, secret] = options.basic.map(encodeURIComponent);
		headers.Authorization = `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
	}
	const response = await fetch(url, {
		method: 'POST',
		headers,
		body: new URLSearchParams(params).toString(),
	});
	const text = await response.text();
	return {status: response.status, headers: response.headers, json: text ? JSON.parse(text) : null};
}

export function jwtClaims(token: string) {
	return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
}

export async function accountSummary(emulator: Emulator, accessToken?: string) {
	const response = await fetch(emulator.endpoints.accountSummary, {
		headers: accessToken ? {Authorization: `Bearer ${accessToken}`} : {},
	});
	return {status: response.status, json: (await response.json()) as Json};
}

/** The text a person reads on a page. */
export function pageText(body: string): string {
	return describePage(body).text;
}
