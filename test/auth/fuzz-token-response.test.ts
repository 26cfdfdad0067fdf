// Property-based answers from a token endpoint: a real loopback server replies to the real
// token client with arbitrary statuses, content types and bodies (JSON of the wrong shape,
// huge or nested junk, HTML, nothing), some of them echoing the request's secrets back.
// exchangeCode and refreshTokens must return a usable TokenSet or throw a CcTokenError whose
// message is short, names no secret and quotes no more than a capped excerpt of the body.
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import fc from 'fast-check';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {HttpResponse} from '../../source/auth/http.js';
import {exchangeCode, refreshTokens} from '../../source/auth/token-client.js';
import {readOAuthAnswer, tokenSetFrom} from '../../source/auth/token-response.js';
import type {TokenSet} from '../../source/auth/types.js';
import {CcTokenError, exitCodes} from '../../source/errors.js';
import {type Endpoints, endpointsFrom} from '../../source/provider/constant-contact.js';

/** Where a server-controlled value is replaced by a secret from the request it answers. */
const echo = 'ECHO';

interface Answer {
	status: number;
	contentType: string | undefined;
	body: string;
}

let answer: Answer = {status: 200, contentType: undefined, body: ''};
let echoedSecret = '';
let endpoints: Endpoints;
let close: () => Promise<void>;

beforeAll(async () => {
	const server = createServer((request, response) => {
		request.resume();
		request.on('end', () => {
			const headers: Record<string, string> = {};
			if (answer.contentType !== undefined) {
				headers['content-type'] = answer.contentType.replaceAll(echo, echoedSecret);
			}
			response.writeHead(answer.status, headers);
			response.end(answer.body.replaceAll(echo, echoedSecret));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	endpoints = endpointsFrom({
		CC_TOKEN_AUTH_URL: `${origin}/oauth2/default/v1`,
		CC_TOKEN_API_URL: `${origin}/v3`,
	});
	close = () =>
		new Promise((resolve) => {
			server.close(() => resolve());
			server.closeAllConnections();
		});
});
afterAll(() => close());

const secretValue = fc.stringMatching(/^[A-Za-z0-9_-]{24,64}$/);

/** Anything a JSON field could hold, the right type included. */
const junk = fc.oneof(
	fc.string({maxLength: 20}),
	fc.constant(echo),
	fc.constant(`token ${echo} is not valid`),
	fc.double(),
	fc.integer(),
	fc.boolean(),
	fc.constant(null),
	fc.array(fc.string(), {maxLength: 3}),
	fc.dictionary(fc.string({maxLength: 5}), fc.integer(), {maxKeys: 3}),
	fc.string({unit: 'grapheme-ascii', minLength: 500, maxLength: 20_000}),
);

const expiresIn = fc.oneof(
	fc.integer({min: -1e6, max: 1e6}),
	fc.double({noNaN: false}),
	fc.constantFrom(0, 1, 86_400, 1e10, 1e12, 1e13, 1e15, 1e20, 8.64e15, Number.MAX_VALUE),
	fc.constantFrom('86400', 'soon', '', ' ', '1e400', '0x10', '-5', 'Infinity', '9'.repeat(30)),
	fc.integer({min: 0, max: 4e9}).map((offset) => Math.floor(Date.now() / 1000) + offset - 2e9),
	junk,
);

/** A token answer with every field present, missing or of the wrong type. */
const tokenShaped = fc.record(
	{
		access_token: fc.oneof(fc.stringMatching(/^[\w.-]{1,80}$/), junk),
		token_type: fc.oneof(fc.constant('Bearer'), junk),
		expires_in: expiresIn,
		refresh_token: fc.oneof(fc.stringMatching(/^[\w-]{1,60}$/), junk),
		scope: fc.oneof(fc.constant('account_read offline_access'), junk),
		id_token: junk,
		error: fc.oneof(
			fc.constantFrom('invalid_grant', 'invalid_client', 'server_error', 'slow_down', echo),
			junk,
		),
		error_description: junk,
	},
	{requiredKeys: []},
);

const markup = fc.constantFrom(
	'<html><head><title>Wi-Fi</title><script>steal()</script></head><body><h1>Sign in</h1></body></html>',
	`<p>your refresh token is ${echo}</p>`,
	'<script>',
	'\u001b[31mred\u001b[0m and \u0007 bell',
);

const bodies = fc.oneof(
	tokenShaped.map((value) => JSON.stringify(value)),
	fc.jsonValue({maxDepth: 6}).map((value) => JSON.stringify(value)),
	fc.constant(''),
	fc.string({unit: 'binary', maxLength: 200}),
	markup,
	fc
		.tuple(fc.constantFrom('x', '<b>', echo, '{"a":', '[['), fc.integer({min: 100, max: 20_000}))
		.map(([unit, times]) => unit.repeat(times)),
	fc.constantFrom('{"error":', 'null', '[]', '"access_token"', '{"access_token":"a"}x'),
);

// Node refuses to send control characters in a header, so a content type is printable.
const headerText = fc.string({
	unit: fc.integer({min: 0x20, max: 0x7e}).map((code) => String.fromCharCode(code)),
	maxLength: 3000,
});
const contentTypes = fc.oneof(
	fc.constantFrom(
		undefined,
		'application/json',
		'application/json; charset=utf-8',
		'text/html; charset=utf-8',
		'text/plain',
		'',
		`application/json; ${echo}`,
		`text/${echo}`,
		`text/${'x'.repeat(2000)}`,
	),
	headerText,
);

const statuses = fc.oneof(
	fc.constantFrom(200, 200, 201, 204, 301, 302, 304, 400, 401, 403, 404, 418, 429, 500, 502, 503),
	fc.integer({min: 200, max: 599}),
);

// The longest fixed wording plus a quoted excerpt capped at 200 characters.
const maxMessageLength = 600;
const maxHintLength = 400;
// A date that cannot be written as a time (new Date(…).toISOString() throws beyond it).
const maxTime = 8.64e15;

function expectUsable(tokens: TokenSet, before: number, after: number): void {
	expect(tokens.accessToken).toEqual(expect.any(String));
	expect(tokens.accessToken).not.toBe('');
	expect(tokens.tokenType).toEqual(expect.any(String));
	expect(Number.isFinite(tokens.expiresAt)).toBe(true);
	expect(tokens.expiresAt).toBeGreaterThanOrEqual(before);
	expect(tokens.expiresAt).toBeLessThan(maxTime);
	expect(() => new Date(tokens.expiresAt).toISOString()).not.toThrow();
	// No answer can make a token look valid for more than ten years.
	expect(tokens.expiresAt).toBeLessThanOrEqual(after + 10 * 365 * 86_400_000);
	expect(tokens.scopes.every((scope) => typeof scope === 'string' && scope !== '')).toBe(true);
}

function expectPresentable(error: unknown, secrets: string[], body: string): void {
	expect(error).toBeInstanceOf(CcTokenError);
	const failure = error as CcTokenError;
	expect([exitCodes.authorizationFailed, exitCodes.network]).toContain(failure.exitCode);
	expect(failure.message.length).toBeLessThanOrEqual(maxMessageLength);
	expect(failure.hint?.length ?? 0).toBeLessThanOrEqual(maxHintLength);
	expect(failure.message).not.toMatch(/[\p{Cc}]/u);
	for (const secret of secrets) expect(failure.toText()).not.toContain(secret);
	// Nothing the server sent is quoted beyond the 200-character excerpt.
	if (body.length > 200) expect(failure.toText()).not.toContain(body.slice(0, 201));
	expect(failure.toText()).not.toMatch(/\n\s+at /);
}

describe('the token client against arbitrary token endpoint answers', () => {
	it('exchangeCode and refreshTokens return usable tokens or a short, secret-free CcTokenError', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.record({
					status: statuses,
					contentType: contentTypes,
					body: bodies,
					grant: fc.constantFrom('code', 'refresh'),
					clientSecret: fc.option(secretValue, {nil: undefined}),
					code: secretValue,
					codeVerifier: fc.stringMatching(/^[A-Za-z0-9_-]{43}$/),
					refreshToken: secretValue,
					echoed: fc.nat(),
				}),
				async (run) => {
					answer = {status: run.status, contentType: run.contentType, body: run.body};
					const secrets =
						run.grant === 'code'
							? [run.code, run.codeVerifier, run.clientSecret]
							: [run.refreshToken, run.clientSecret];
					const sent = secrets.filter((secret): secret is string => secret !== undefined);
					echoedSecret = sent[run.echoed % sent.length] ?? '';
					const client = {
						endpoints,
						apiKey: '1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d',
						...(run.clientSecret ? {clientSecret: run.clientSecret} : {}),
					};
					const before = Date.now();
					const call =
						run.grant === 'code'
							? exchangeCode({
									...client,
									code: run.code,
									redirectUri: 'http://localhost:47325/callback',
									codeVerifier: run.codeVerifier,
								})
							: refreshTokens({...client, refreshToken: run.refreshToken});
					const outcome = await call.then(
						(tokens) => ({tokens}),
						(error: unknown) => ({error}),
					);
					const body = run.body.replaceAll(echo, echoedSecret);
					if ('tokens' in outcome) {
						expect(run.status).toBeGreaterThanOrEqual(200);
						expect(run.status).toBeLessThan(300);
						expectUsable(outcome.tokens, before, Date.now());
						if (run.grant === 'refresh')
							expect(outcome.tokens.refreshToken).toEqual(expect.any(String));
					} else {
						expectPresentable(outcome.error, sent, body);
					}
				},
			),
			{numRuns: 1000},
		);
	});
});

describe('reading a token answer', () => {
	it('takes any response as tokens or a short, secret-free CcTokenError', () => {
		const secret = 'refresh-token-value-that-must-stay-hidden-42';
		fc.assert(
			fc.property(statuses, contentTypes, bodies, (status, contentType, template) => {
				const response: HttpResponse = {
					status,
					contentType: (contentType ?? '').replaceAll(echo, secret),
					body: template.replaceAll(echo, secret),
				};
				const now = Date.now();
				let tokens: TokenSet;
				try {
					tokens = tokenSetFrom(readOAuthAnswer(response, 'refresh', [secret]), now);
				} catch (error) {
					expectPresentable(error, [secret], response.body);
					return;
				}
				expectUsable(tokens, now, now);
			}),
			{numRuns: 5000},
		);
	});
});
