import {afterEach, describe, expect, it} from 'vitest';
import {exchangeCode, refreshTokens, revokeToken} from '../../source/auth/token-client.js';
import {type Emulator, startEmulator} from '../../source/provider/emulator/index.js';
import {setUpEmulatorServer} from '../helpers/emulator.js';
import {codeFrom, tokensFrom} from '../helpers/emulator-code.js';
import {failure} from '../helpers/failure.js';

const emulator = setUpEmulatorServer();
afterEach(() => {
	delete process.env.CC_TOKEN_HTTP_TIMEOUT_MS;
});

const refresh = (apiKey: string, refreshToken: string, clientSecret?: string) =>
	refreshTokens({
		endpoints: emulator.endpoints,
		apiKey,
		...(clientSecret ? {clientSecret} : {}),
		refreshToken,
	});

describe('refreshTokens against the emulator', () => {
	it('follows rotation: each refresh gives a new token, and a used one dies after the leeway', async () => {
		const app = emulator.registerApp({refreshTokenType: 'rotating'});
		const first = await tokensFrom(emulator, app);
		const second = await refresh(app.clientId, first.refreshToken ?? '');
		expect(second.refreshToken).toMatch(/^[\w-]{43}$/);
		expect(second.refreshToken).not.toBe(first.refreshToken);
		expect(second.accessToken).not.toBe(first.accessToken);
		// Within Okta's leeway (30 s) a retry with the used token still works, as after a lost answer.
		const retried = await refresh(app.clientId, first.refreshToken ?? '');
		expect(retried.refreshToken).not.toBe(second.refreshToken);
		emulator.advanceClock(30_000);
		const reused = await failure(refresh(app.clientId, first.refreshToken ?? ''));
		expect(reused.code).toBe('invalid_grant');
		expect(reused.message).toMatch(/^The refresh token is invalid or expired\./);
		expect(reused.hint).toMatch(/cc-token login/);
		expect(reused.toText()).not.toContain(first.refreshToken);
	});

	it('gets the same refresh token back from a long-lived app', async () => {
		const app = emulator.registerApp({refreshTokenType: 'long-lived'});
		const first = await tokensFrom(emulator, app);
		const second = await refresh(app.clientId, first.refreshToken ?? '');
		expect(second.refreshToken).toBe(first.refreshToken);
		expect((await refresh(app.clientId, first.refreshToken ?? '')).refreshToken).toBe(
			first.refreshToken,
		);
	});

	it('refreshes a confidential client with its secret, and rejects a wrong one', async () => {
		const app = emulator.demoApp;
		const tokens = await tokensFrom(emulator, app);
		const renewed = await refresh(app.clientId, tokens.refreshToken ?? '', app.clientSecret);
		expect(renewed.accessToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
		const wrong = await failure(refresh(app.clientId, renewed.refreshToken ?? '', 'wrong-secret'));
		expect(wrong.code).toBe('invalid_client');
		expect(wrong.toText()).not.toContain('wrong-secret');
	});

	it('revokes a refresh token, best effort', async () => {
		const app = emulator.registerApp({});
		const tokens = await tokensFrom(emulator, app);
		expect(
			await revokeToken({
				endpoints: emulator.endpoints,
				apiKey: app.clientId,
				token: tokens.refreshToken ?? '',
				tokenTypeHint: 'refresh_token',
			}),
		).toBe(true);
		expect((await failure(refresh(app.clientId, tokens.refreshToken ?? ''))).code).toBe(
			'invalid_grant',
		);
	});

	it('reads expires_in written as an epoch timestamp', async () => {
		const epochEmulator = await startEmulator({expiresInStyle: 'epoch'});
		try {
			const tokens = await tokensFrom(epochEmulator, epochEmulator.registerApp({}));
			const lifetime = tokens.expiresAt - tokens.receivedAt;
			expect(lifetime).toBeGreaterThan(86_400_000 - 5000);
			expect(lifetime).toBeLessThan(86_400_000 + 5000);
		} finally {
			await epochEmulator.close();
		}
	});
});

describe('token server faults', () => {
	it('sends a refresh once only, whatever goes wrong', async () => {
		const app = emulator.registerApp({});
		const tokens = await tokensFrom(emulator, app);
		const cases: Array<[Parameters<Emulator['injectTokenFault']>[0], string]> = [
			[
				{kind: 'status', status: 502, body: '<h1>Bad gateway</h1>', contentType: 'text/html'},
				'server_error',
			],
			[{kind: 'html'}, 'bad_response'],
			[{kind: 'reset'}, 'network'],
		];
		for (const [fault, code] of cases) {
			emulator.injectTokenFault(fault);
			const before = emulator.counts.tokenRequests;
			const error = await failure(refresh(app.clientId, tokens.refreshToken ?? ''));
			expect(error.code, fault.kind).toBe(code);
			expect(emulator.counts.tokenRequests - before, fault.kind).toBe(1);
			expect(error.toText()).not.toContain(tokens.refreshToken);
		}
		// None of them spent the refresh token.
		expect((await refresh(app.clientId, tokens.refreshToken ?? '')).accessToken).toMatch(
			/^[\w-]+\.[\w-]+\.[\w-]+$/,
		);
	});

	it('gives up on a token server that hangs', async () => {
		process.env.CC_TOKEN_HTTP_TIMEOUT_MS = '200';
		const app = emulator.registerApp({});
		const issued = await codeFrom(emulator, app);
		emulator.injectTokenFault({kind: 'hang'});
		const error = await failure(
			exchangeCode({
				endpoints: emulator.endpoints,
				apiKey: app.clientId,
				code: issued.code,
				redirectUri: app.redirectUris[0] ?? '',
				codeVerifier: issued.codeVerifier,
			}),
		);
		expect(error.code).toBe('request_timeout');
		expect(error.message).toMatch(/^127\.0\.0\.1:\d+ did not answer within 1 s\.$/);
	});
});

describe('a live Okta that refuses an unknown client_id with its own body', () => {
	const okta = setUpEmulatorServer({okta: {unknownClientBody: 'okta'}});

	it('is told as the API key it is about, not as an unreadable answer', async () => {
		const error = await failure(
			refreshTokens({
				endpoints: okta.endpoints,
				apiKey: '0oa1b2c3d4e5f6g7h8i9',
				refreshToken: 'some-refresh-token',
			}),
		);
		expect(error.code).toBe('invalid_client');
		expect(error.message).toMatch(/did not accept the API key/);
		expect(error.hint).toMatch(/developer portal/);
		expect(error.toText()).not.toMatch(/sign-in page|without saying why/);
	});
});
