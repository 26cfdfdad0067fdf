import {afterEach, describe, expect, it} from 'vitest';
import {
	exchangeCode,
	pollDeviceToken,
	refreshTokens,
	requestDeviceCode,
	revokeToken,
} from '../../source/auth/token-client.js';
import type {DeviceCode} from '../../source/auth/types.js';
import type {CcTokenError} from '../../source/errors.js';
import {failure} from '../helpers/failure.js';
import {
	type Answer,
	json,
	type ScriptedServer,
	startScriptedServer,
} from '../helpers/scripted-server.js';

const apiKey = '6f1d2c8e-3b7a-4e5f-9a0c-8d4b2e6f1a37';
const code = 'code-Abc123-the-code';
const codeVerifier = 'verifier-0123456789-0123456789-0123456789-xyz';
const refreshToken = 'refresh-Zyx987-the-refresh-token';
const tokenBody = {
	access_token: 'access-jwt',
	token_type: 'Bearer',
	expires_in: 86_400,
	scope: 'account_read offline_access',
	refresh_token: 'refresh-new',
	id_token: 'id-jwt',
};

let server: ScriptedServer | undefined;
afterEach(async () => {
	await server?.close();
	server = undefined;
	delete process.env.CC_TOKEN_HTTP_TIMEOUT_MS;
});

async function serve(...answers: Answer[]): Promise<ScriptedServer> {
	server = await startScriptedServer(...answers);
	return server;
}

function noSecretsIn(error: CcTokenError, ...secrets: string[]): void {
	const shown = `${error.toText()} ${JSON.stringify(error.toJSON())}`;
	for (const secret of secrets) expect(shown).not.toContain(secret);
}

const exchange = (s: ScriptedServer, clientSecret?: string) =>
	exchangeCode({
		endpoints: s.endpoints,
		apiKey,
		...(clientSecret ? {clientSecret} : {}),
		code,
		redirectUri: 'http://localhost:47325/callback',
		codeVerifier,
	});

describe('exchangeCode', () => {
	it('sends a public client’s form with client_id and the verifier', async () => {
		const s = await serve(json(200, tokenBody));
		const before = Date.now();
		const tokens = await exchange(s);
		const [request] = s.requests;
		expect(request?.method).toBe('POST');
		expect(request?.path).toBe('/oauth2/default/v1/token');
		expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
		expect(request?.headers.accept).toBe('application/json');
		expect(request?.headers['user-agent']).toMatch(/^cc-token\//);
		expect(request?.headers.authorization).toBeUndefined();
		expect(Object.fromEntries(request?.form ?? [])).toEqual({
			grant_type: 'authorization_code',
			code,
			redirect_uri: 'http://localhost:47325/callback',
			code_verifier: codeVerifier,
			client_id: apiKey,
		});
		expect(tokens).toMatchObject({
			accessToken: 'access-jwt',
			tokenType: 'Bearer',
			refreshToken: 'refresh-new',
			idToken: 'id-jwt',
			scopes: ['account_read', 'offline_access'],
		});
		expect(tokens.receivedAt).toBeGreaterThanOrEqual(before);
		expect(tokens.expiresAt - tokens.receivedAt).toBe(86_400_000);
	});

	it('authenticates a confidential client with HTTP Basic only', async () => {
		const s = await serve(json(200, tokenBody));
		await exchange(s, 'se:cr/et+1');
		const [request] = s.requests;
		const basic = Buffer.from(`${apiKey}:se%3Acr%2Fet%2B1`).toString('base64');
		expect(request?.headers.authorization).toBe(`Basic ${basic}`);
		expect(request?.form.has('client_secret')).toBe(false);
		expect(request?.form.has('client_id')).toBe(false);
		expect(request?.form.get('code_verifier')).toBe(codeVerifier);
	});

	it('reads expires_in given as an epoch timestamp, and assumes 24 h for nonsense', async () => {
		const epoch = Math.floor(Date.now() / 1000) + 3600;
		const s = await serve(
			json(200, {...tokenBody, expires_in: epoch}),
			json(200, {...tokenBody, expires_in: -5}),
			json(200, {access_token: 'access-jwt', expires_in: 'soon'}),
		);
		expect((await exchange(s)).expiresAt).toBe(epoch * 1000);
		const negative = await exchange(s);
		expect(negative.expiresAt - negative.receivedAt).toBe(86_400_000);
		const minimal = await exchange(s);
		expect(minimal).toMatchObject({tokenType: 'Bearer', scopes: []});
		expect(minimal.refreshToken).toBeUndefined();
		expect(minimal.expiresAt - minimal.receivedAt).toBe(86_400_000);
	});

	it('explains a spent or expired code without showing it', async () => {
		const s = await serve(
			json(400, {
				error: 'invalid_grant',
				error_description: `The authorization code ${code} is invalid or has expired.`,
			}),
		);
		const error = await failure(exchange(s));
		expect(error.code).toBe('invalid_grant');
		expect(error.message).toMatch(/already used, is older than 5 minutes/);
		expect(error.message).toContain('Constant Contact said');
		expect(error.hint).toMatch(/cc-token login/);
		noSecretsIn(error, code, codeVerifier);
	});

	it('names each OAuth error a person can act on', async () => {
		const cases: Array<[string, string, RegExp]> = [
			['invalid_client', 'invalid_client', /API key or client secret/],
			['unauthorized_client', 'unauthorized_client', /does not allow this kind of sign-in/],
			['invalid_scope', 'invalid_scope', /scopes/],
			['access_denied', 'access_denied', /refused/],
			['temporarily_unavailable', 'oauth_error', /temporarily_unavailable/],
		];
		const s = await serve(
			...cases.map(([name]) => json(name === 'invalid_client' ? 401 : 400, {error: name})),
		);
		for (const [, expected, message] of cases) {
			const error = await failure(exchange(s, 'secret-value'));
			expect(error.code).toBe(expected);
			expect(error.message).toMatch(message);
			expect(error.hint).toMatch(/\w/);
			noSecretsIn(error, 'secret-value');
		}
	});

	it('does not retry a 5xx: the code may already be spent', async () => {
		const s = await serve(json(503, {error: 'server_error'}), json(200, tokenBody));
		const error = await failure(exchange(s));
		expect(error.code).toBe('server_error');
		expect(error.message).toContain('HTTP 503');
		expect(s.requests).toHaveLength(1);
	});

	it('does not retry a reset connection', async () => {
		const s = await serve((_request, response) => response.socket?.destroy(), json(200, tokenBody));
		const error = await failure(exchange(s));
		expect(error.code).toBe('network');
		expect(error.message).toMatch(/^Could not reach 127\.0\.0\.1:\d+: ECONNRESET/);
		expect(error.hint).toMatch(/HTTPS_PROXY/);
		expect(s.requests).toHaveLength(1);
	});

	it('gives up on a server that never answers', async () => {
		process.env.CC_TOKEN_HTTP_TIMEOUT_MS = '300';
		const s = await serve(() => {});
		const error = await failure(exchange(s));
		expect(error.code).toBe('request_timeout');
		expect(error.message).toMatch(/did not answer within 1 s/);
		expect(s.requests).toHaveLength(1);
	});

	it('reports a refused connection as a network failure', async () => {
		const s = await serve(json(200, tokenBody));
		const endpoints = s.endpoints;
		await s.close();
		server = undefined;
		const error = await failure(
			exchangeCode({endpoints, apiKey, code, redirectUri: 'http://localhost/', codeVerifier}),
		);
		expect(error.code).toBe('network');
		expect(error.message).toMatch(/: ECONNREFUSED$/);
	});

	it('describes an HTML page briefly, without markup', async () => {
		const page = `<html><head><title>Wi-Fi</title><style>p{}</style></head><body><h1>Sign in to the hotel network</h1>${'<p>terms</p>'.repeat(20_000)}</body></html>`;
		const s = await serve((_request, response) => {
			response.writeHead(200, {'content-type': 'text/html; charset=utf-8'});
			response.end(page);
		});
		const error = await failure(exchange(s));
		expect(error.code).toBe('bad_response');
		expect(error.message).toContain('HTTP 200, text/html');
		expect(error.message).toContain('Sign in to the hotel network');
		expect(error.message).not.toMatch(/[<>]/);
		expect(error.message.length).toBeLessThan(400);
		expect(error.hint).toMatch(/sign-in page/);
	});

	it('stops reading an answer of more than a megabyte', async () => {
		let written = 0;
		const s = await serve((_request, response) => {
			response.writeHead(200, {'content-type': 'application/json'});
			// An endless answer: the client must hang up, not buffer it all.
			const chunk = Buffer.alloc(64 * 1024, 0x20);
			const pump = () => {
				while (!response.destroyed && written < 50_000_000 && response.write(chunk)) {
					written += chunk.length;
				}
				if (!response.destroyed && written < 50_000_000) response.once('drain', pump);
			};
			pump();
		});
		const error = await failure(exchange(s));
		expect(error.code).toBe('bad_response');
		expect(error.message).toContain('more than 1 MB');
		expect(written).toBeLessThan(20_000_000);
	});

	it('refuses an answer without an access token, and does not follow redirects', async () => {
		const s = await serve(json(200, {token_type: 'Bearer'}), (_request, response) => {
			response.writeHead(302, {location: '/elsewhere'});
			response.end();
		});
		expect((await failure(exchange(s))).code).toBe('bad_response');
		const redirected = await failure(exchange(s));
		expect(redirected.code).toBe('bad_response');
		expect(redirected.message).toContain('HTTP 302');
		expect(s.requests.map((request) => request.path)).toEqual([
			'/oauth2/default/v1/token',
			'/oauth2/default/v1/token',
		]);
	});

	it('reports rate limiting', async () => {
		const s = await serve(json(429, {message: 'slow down'}));
		expect((await failure(exchange(s))).code).toBe('rate_limited');
	});
});

describe('refreshTokens', () => {
	const refresh = (s: ScriptedServer, clientSecret?: string) =>
		refreshTokens({
			endpoints: s.endpoints,
			apiKey,
			...(clientSecret ? {clientSecret} : {}),
			refreshToken,
		});

	it('sends the refresh grant and keeps the old refresh token if none comes back', async () => {
		const {refresh_token: _dropped, ...withoutRefresh} = tokenBody;
		const s = await serve(json(200, tokenBody), json(200, withoutRefresh));
		expect((await refresh(s)).refreshToken).toBe('refresh-new');
		expect(Object.fromEntries(s.requests[0]?.form ?? [])).toEqual({
			grant_type: 'refresh_token',
			refresh_token: refreshToken,
			client_id: apiKey,
		});
		expect((await refresh(s)).refreshToken).toBe(refreshToken);
	});

	it('says plainly that an invalid refresh token needs a new sign-in', async () => {
		const s = await serve(
			json(400, {
				error: 'invalid_grant',
				error_description: 'The refresh token is invalid or expired.',
			}),
		);
		const error = await failure(refresh(s, 'secret-value'));
		expect(error.code).toBe('invalid_grant');
		expect(error.message).toMatch(/^The refresh token is invalid or expired\./);
		expect(error.hint).toMatch(/cc-token login/);
		noSecretsIn(error, refreshToken, 'secret-value');
	});

	it('never retries a 5xx, and says what to do about a maybe-spent token', async () => {
		const s = await serve(json(500, {error: 'server_error'}), json(200, tokenBody));
		const error = await failure(refresh(s));
		expect(error.code).toBe('server_error');
		expect(error.hint).toMatch(/refresh token is invalid or expired, sign in again/);
		expect(s.requests).toHaveLength(1);
	});

	it('hides a refresh token a server echoes back', async () => {
		const s = await serve(
			json(400, {error: 'invalid_request', error_description: `bad token ${refreshToken}`}),
		);
		const error = await failure(refresh(s));
		expect(error.message).toContain('bad token [hidden]');
		noSecretsIn(error, refreshToken);
	});
});

describe('revokeToken', () => {
	it('posts the token with its hint and retries a 5xx once', async () => {
		const s = await serve(json(503, {}), (_request, response) => response.writeHead(200).end());
		const revoked = await revokeToken({
			endpoints: s.endpoints,
			apiKey,
			clientSecret: 'secret-value',
			token: refreshToken,
			tokenTypeHint: 'refresh_token',
		});
		expect(revoked).toBe(true);
		expect(s.requests).toHaveLength(2);
		expect(s.requests[1]?.path).toBe('/oauth2/default/v1/revoke');
		expect(Object.fromEntries(s.requests[1]?.form ?? [])).toEqual({
			token: refreshToken,
			token_type_hint: 'refresh_token',
		});
	});

	it('never throws', async () => {
		const s = await serve(json(400, {error: 'invalid_client'}));
		const endpoints = s.endpoints;
		expect(await revokeToken({endpoints, apiKey, token: refreshToken})).toBe(false);
		await s.close();
		server = undefined;
		expect(await revokeToken({endpoints, apiKey, token: refreshToken})).toBe(false);
	});
});

describe('device flow', () => {
	const deviceAnswer = {
		device_code: 'device-secret-code',
		user_code: 'ABCD-EFGH',
		verification_uri: 'https://example.test/activate',
		verification_uri_complete: 'https://example.test/activate?user_code=ABCD-EFGH',
		expires_in: 600,
		interval: 5,
	};

	it('asks for a device code with the scopes separated by %20', async () => {
		const s = await serve(json(200, deviceAnswer));
		const before = Date.now();
		const device = await requestDeviceCode({
			endpoints: s.endpoints,
			apiKey,
			scopes: ['account_read', 'offline_access'],
		});
		expect(s.requests[0]?.path).toBe('/oauth2/default/v1/device/authorize');
		expect(s.requests[0]?.body).toBe(`client_id=${apiKey}&scope=account_read%20offline_access`);
		expect(device).toMatchObject({
			deviceCode: 'device-secret-code',
			userCode: 'ABCD-EFGH',
			verificationUri: 'https://example.test/activate',
			verificationUriComplete: 'https://example.test/activate?user_code=ABCD-EFGH',
			interval: 5,
		});
		expect(device.expiresAt).toBeGreaterThanOrEqual(before + 600_000);
	});

	it('refuses a device answer it cannot use', async () => {
		const s = await serve(
			json(200, {...deviceAnswer, verification_uri: 'javascript:alert(1)'}),
			json(400, {error: 'unauthorized_client'}),
		);
		const ask = () => requestDeviceCode({endpoints: s.endpoints, apiKey, scopes: ['account_read']});
		expect((await failure(ask())).code).toBe('bad_response');
		const disabled = await failure(ask());
		expect(disabled.code).toBe('unauthorized_client');
		expect(disabled.message).toMatch(/not created with the Device Flow/);
	});

	const device = (overrides: Partial<DeviceCode> = {}): DeviceCode => ({
		deviceCode: 'device-secret-code',
		userCode: 'ABCD-EFGH',
		verificationUri: 'https://example.test/activate',
		expiresAt: Date.now() + 600_000,
		interval: 5,
		...overrides,
	});

	it('waits, keeps polling while pending, slows down when told, then returns tokens', async () => {
		const s = await serve(
			json(400, {error: 'authorization_pending'}),
			json(400, {error: 'slow_down'}),
			json(400, {error: 'authorization_pending'}),
			json(200, tokenBody),
		);
		const waits: number[] = [];
		const polls: number[] = [];
		const tokens = await pollDeviceToken({
			endpoints: s.endpoints,
			apiKey,
			device: device(),
			sleep: async (ms) => {
				waits.push(ms);
			},
			onPoll: (interval) => polls.push(interval),
		});
		expect(tokens.accessToken).toBe('access-jwt');
		expect(waits).toEqual([6000, 6000, 11_000, 11_000]);
		expect(polls).toEqual([5, 5, 10, 10]);
		expect(Object.fromEntries(s.requests[0]?.form ?? [])).toEqual({
			grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
			device_code: 'device-secret-code',
			client_id: apiKey,
		});
	});

	it('retries a 5xx once while polling', async () => {
		const s = await serve(json(502, {}), json(200, tokenBody));
		const tokens = await pollDeviceToken({
			endpoints: s.endpoints,
			apiKey,
			device: device(),
			sleep: async () => {},
		});
		expect(tokens.accessToken).toBe('access-jwt');
		expect(s.requests).toHaveLength(2);
	});

	it('ends on expired_token, access_denied and a device code past its time', async () => {
		const s = await serve(json(400, {error: 'expired_token'}), json(400, {error: 'access_denied'}));
		const poll = (d: DeviceCode) =>
			pollDeviceToken({endpoints: s.endpoints, apiKey, device: d, sleep: async () => {}});
		const expired = await failure(poll(device()));
		expect(expired.code).toBe('expired_token');
		expect(expired.hint).toMatch(/--device/);
		const denied = await failure(poll(device()));
		expect(denied.code).toBe('access_denied');
		expect(denied.message).toMatch(/activation page/);
		const late = await failure(poll(device({expiresAt: Date.now() - 1})));
		expect(late.code).toBe('expired_token');
		expect(s.requests).toHaveLength(2);
		noSecretsIn(expired, 'device-secret-code');
	});

	it('stops at once when the signal aborts, even in the middle of a wait', async () => {
		const s = await serve(json(400, {error: 'authorization_pending'}));
		const controller = new AbortController();
		const polling = pollDeviceToken({
			endpoints: s.endpoints,
			apiKey,
			device: device({interval: 3600}),
			signal: controller.signal,
		});
		controller.abort();
		const error = await failure(polling);
		expect(error.code).toBe('cancelled');
		expect(s.requests).toHaveLength(0);
	});
});
