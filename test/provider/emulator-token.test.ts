// The emulator's token and revoke endpoints over real loopback HTTP: client authentication,
// the code grant's bindings, refresh token rotation (with Okta's leeway and reuse detection),
// expiry by the server clock, and faults.
import {afterEach, beforeAll, describe, expect, test, vi} from 'vitest';
import {
	defaultRotationRules,
	demoClientId,
	demoClientSecret,
	type Emulator,
	type EmulatorApp,
	type LeewayAnswer,
	type RotationRules,
	startEmulator,
} from '../../source/provider/emulator/index.js';
import {setUpEmulatorServer} from '../helpers/emulator.js';
import {
	accountSummary,
	authorizeUrl,
	type Json,
	jwtClaims,
	pkcePair,
	postForm,
	unservedRedirect,
	validParams,
	visit,
} from '../helpers/emulator-requests.js';

describe('token endpoint', () => {
	const emulator = setUpEmulatorServer({autoApprove: 'allow'});
	let publicApp: EmulatorApp;

	beforeAll(async () => {
		publicApp = emulator.registerApp({name: 'Public', redirectUris: [unservedRedirect]});
	});

	async function codeFor(
		app: EmulatorApp,
		overrides: Record<string, string | undefined> = {},
	): Promise<string> {
		const page = await visit(authorizeUrl(emulator, validParams(app, overrides)));
		const code = page.location?.searchParams.get('code');
		if (!code) throw new Error(`no code: ${page.location?.href ?? page.body}`);
		return code;
	}

	async function publicSignIn(app = publicApp, scope = 'account_read offline_access') {
		const {verifier, challenge} = pkcePair();
		const code = await codeFor(app, {code_challenge: challenge, scope});
		return postForm(emulator.endpoints.token, {
			grant_type: 'authorization_code',
			client_id: app.clientId,
			code,
			redirect_uri: app.redirectUris[0]!,
			code_verifier: verifier,
		});
	}

	function refresh(app: EmulatorApp, refreshToken: string, extra: Record<string, string> = {}) {
		return postForm(
			emulator.endpoints.token,
			{
				grant_type: 'refresh_token',
				refresh_token: refreshToken,
				...(app.clientSecret ? {} : {client_id: app.clientId}),
				...extra,
			},
			app.clientSecret ? {basic: [app.clientId, app.clientSecret]} : {},
		);
	}

	test('a public PKCE sign-in gets a Bearer JWT for a day, the scopes and a refresh token', async () => {
		const reply = await publicSignIn();
		expect(reply.status).toBe(200);
		expect(reply.headers.get('cache-control')).toBe('no-store');
		expect(reply.json).toMatchObject({
			token_type: 'Bearer',
			expires_in: 86_400,
			scope: 'account_read offline_access',
		});
		expect(reply.json.refresh_token).toMatch(/^[\w-]{43}$/);
		const header = JSON.parse(
			Buffer.from(reply.json.access_token.split('.')[0], 'base64url').toString(),
		);
		expect(header.alg).toBe('RS256');
		const claims = jwtClaims(reply.json.access_token);
		expect(claims).toMatchObject({
			aud: 'https://api.cc.email/v3',
			cid: publicApp.clientId,
			scp: ['account_read', 'offline_access'],
		});
		expect(claims.exp - claims.iat).toBe(86_400);
	});

	test('without offline_access there is no refresh token, and no error', async () => {
		const reply = await publicSignIn(publicApp, 'account_read contact_data');
		expect(reply.status).toBe(200);
		expect(reply.json.refresh_token).toBeUndefined();
		expect(reply.json.scope).toBe('account_read contact_data');
	});

	test('a confidential app signs in with HTTP Basic, with or without PKCE', async () => {
		const app = emulator.demoApp;
		const withoutPkce = await codeFor(app, {
			redirect_uri: 'https://localhost',
			code_challenge: undefined,
			code_challenge_method: undefined,
		});
		const plain = await postForm(
			emulator.endpoints.token,
			{grant_type: 'authorization_code', code: withoutPkce, redirect_uri: 'https://localhost'},
			{basic: [demoClientId, demoClientSecret]},
		);
		expect(plain.status).toBe(200);

		const {verifier, challenge} = pkcePair();
		const withPkce = await codeFor(app, {
			redirect_uri: 'https://localhost',
			code_challenge: challenge,
		});
		const both = await postForm(
			emulator.endpoints.token,
			{
				grant_type: 'authorization_code',
				code: withPkce,
				redirect_uri: 'https://localhost',
				code_verifier: verifier,
			},
			{basic: [demoClientId, demoClientSecret]},
		);
		expect(both.status).toBe(200);
	});

	test('Basic credentials are form-urlencoded before base64, as RFC 6749 says', async () => {
		const app = emulator.registerApp({
			clientSecret: 'se cret+/:%~',
			redirectUris: [unservedRedirect],
		});
		const reply = await refresh(app, 'no-such-token');
		// Authenticated (the refresh token is what fails), so the secret was decoded right.
		expect(reply.status).toBe(400);
		expect(reply.json.error).toBe('invalid_grant');
	});

	describe('client authentication', () => {
		async function confidentialCode() {
			return codeFor(emulator.demoApp, {
				redirect_uri: 'https://localhost',
				code_challenge: undefined,
				code_challenge_method: undefined,
			});
		}

		test.each([
			['a wrong secret', {basic: [demoClientId, 'wrong'] as [string, string]}, {}],
			['the secret in the body', {}, {client_id: demoClientId, client_secret: demoClientSecret}],
			['no secret at all', {}, {client_id: demoClientId}],
			['an unknown client', {}, {client_id: crypto.randomUUID()}],
			['no client_id', {}, {}],
		])('%s → 401 invalid_client, and the code issues nothing', async (_, options, body) => {
			const code = await confidentialCode();
			const reply = await postForm(
				emulator.endpoints.token,
				{grant_type: 'authorization_code', code, redirect_uri: 'https://localhost', ...body},
				options,
			);
			expect(reply.status).toBe(401);
			expect(reply.json.error).toBe('invalid_client');
			expect(reply.json.access_token).toBeUndefined();
			expect(reply.headers.get('www-authenticate')).toMatch(/^Basic /);
			expect(JSON.stringify(reply.json)).not.toContain(demoClientSecret);
		});

		// constant-contact.md: credentials both ways are refused as 401 invalid_request.
		test('Basic and a body secret → 401 invalid_request, and the code issues nothing', async () => {
			const code = await confidentialCode();
			const reply = await postForm(
				emulator.endpoints.token,
				{
					grant_type: 'authorization_code',
					code,
					redirect_uri: 'https://localhost',
					client_secret: demoClientSecret,
				},
				{basic: [demoClientId, demoClientSecret]},
			);
			expect(reply.status).toBe(401);
			expect(reply.json.error).toBe('invalid_request');
			expect(reply.json.access_token).toBeUndefined();
			expect(JSON.stringify(reply.json)).not.toContain(demoClientSecret);
		});

		test('a public app presenting Basic credentials is invalid_client', async () => {
			const reply = await postForm(
				emulator.endpoints.token,
				{grant_type: 'refresh_token', refresh_token: 'x'},
				{basic: [publicApp.clientId, '']},
			);
			expect(reply.status).toBe(401);
		});
	});

	test('a wrong or missing code_verifier is invalid_grant', async () => {
		for (const codeVerifier of [pkcePair().verifier, undefined]) {
			const code = await codeFor(publicApp);
			const reply = await postForm(emulator.endpoints.token, {
				grant_type: 'authorization_code',
				client_id: publicApp.clientId,
				code,
				redirect_uri: unservedRedirect,
				...(codeVerifier ? {code_verifier: codeVerifier} : {}),
			});
			expect(reply.status).toBe(400);
			expect(reply.json).toMatchObject({error: 'invalid_grant'});
			expect(reply.json.error_description).toContain('PKCE verification failed');
		}
	});

	test('a verifier sent for a code issued without a challenge is invalid_grant', async () => {
		const code = await codeFor(emulator.demoApp, {
			redirect_uri: 'https://localhost',
			code_challenge: undefined,
			code_challenge_method: undefined,
		});
		const reply = await postForm(
			emulator.endpoints.token,
			{
				grant_type: 'authorization_code',
				code,
				redirect_uri: 'https://localhost',
				code_verifier: pkcePair().verifier,
			},
			{basic: [demoClientId, demoClientSecret]},
		);
		expect(reply.json.error).toBe('invalid_grant');
	});

	test('a reused code is invalid_grant and issues nothing', async () => {
		const {verifier, challenge} = pkcePair();
		const code = await codeFor(publicApp, {code_challenge: challenge});
		const exchange = () =>
			postForm(emulator.endpoints.token, {
				grant_type: 'authorization_code',
				client_id: publicApp.clientId,
				code,
				redirect_uri: unservedRedirect,
				code_verifier: verifier,
			});
		expect((await exchange()).status).toBe(200);
		const again = await exchange();
		expect(again.status).toBe(400);
		expect(again.json).toEqual({
			error: 'invalid_grant',
			error_description: 'The authorization code is invalid or has expired.',
		});
	});

	test('a failed exchange uses the code up', async () => {
		const {verifier, challenge} = pkcePair();
		const code = await codeFor(publicApp, {code_challenge: challenge});
		const exchange = (codeVerifier: string) =>
			postForm(emulator.endpoints.token, {
				grant_type: 'authorization_code',
				client_id: publicApp.clientId,
				code,
				redirect_uri: unservedRedirect,
				code_verifier: codeVerifier,
			});
		expect((await exchange(pkcePair().verifier)).status).toBe(400);
		expect((await exchange(verifier)).json.error).toBe('invalid_grant');
	});

	test('a code expires 5 minutes after it is issued', async () => {
		const {verifier, challenge} = pkcePair();
		const code = await codeFor(publicApp, {code_challenge: challenge});
		emulator.advanceClock(5 * 60_000 + 1);
		const reply = await postForm(emulator.endpoints.token, {
			grant_type: 'authorization_code',
			client_id: publicApp.clientId,
			code,
			redirect_uri: unservedRedirect,
			code_verifier: verifier,
		});
		expect(reply.json.error).toBe('invalid_grant');
	});

	test('a redirect_uri at /token that differs from the authorize request is invalid_grant', async () => {
		const app = emulator.registerApp({
			redirectUris: [unservedRedirect, 'http://127.0.0.1:9/other'],
		});
		const {verifier, challenge} = pkcePair();
		const code = await codeFor(app, {code_challenge: challenge});
		const reply = await postForm(emulator.endpoints.token, {
			grant_type: 'authorization_code',
			client_id: app.clientId,
			code,
			redirect_uri: 'http://127.0.0.1:9/other',
			code_verifier: verifier,
		});
		expect(reply.json).toMatchObject({error: 'invalid_grant'});
		expect(reply.json.error_description).toContain('redirect_uri');
	});

	test("another app's code is invalid_grant", async () => {
		const other = emulator.registerApp({redirectUris: [unservedRedirect]});
		const {verifier, challenge} = pkcePair();
		const code = await codeFor(publicApp, {code_challenge: challenge});
		const reply = await postForm(emulator.endpoints.token, {
			grant_type: 'authorization_code',
			client_id: other.clientId,
			code,
			redirect_uri: unservedRedirect,
			code_verifier: verifier,
		});
		expect(reply.json.error).toBe('invalid_grant');
	});

	test('a body that is not form-encoded is invalid_request', async () => {
		const response = await fetch(emulator.endpoints.token, {
			method: 'POST',
			headers: {'Content-Type': 'application/json'},
			body: JSON.stringify({grant_type: 'refresh_token', client_id: publicApp.clientId}),
		});
		expect(response.status).toBe(400);
		expect(((await response.json()) as Json).error).toBe('invalid_request');
	});

	test('a repeated parameter is invalid_request', async () => {
		const response = await fetch(emulator.endpoints.token, {
			method: 'POST',
			headers: {'Content-Type': 'application/x-www-form-urlencoded'},
			body: `grant_type=refresh_token&client_id=${publicApp.clientId}&refresh_token=a&refresh_token=b`,
		});
		expect(response.status).toBe(400);
		expect(await response.json()).toEqual({
			error: 'invalid_request',
			error_description: "The 'refresh_token' parameter was repeated.",
		});
	});

	test('an unknown grant type is unsupported_grant_type', async () => {
		const reply = await postForm(emulator.endpoints.token, {
			grant_type: 'password',
			client_id: publicApp.clientId,
		});
		expect(reply.json.error).toBe('unsupported_grant_type');
	});

	test.each([
		['pkce', 'urn:ietf:params:oauth:grant-type:device_code'],
		['device', 'authorization_code'],
	] as const)('a %s app asking for %s is unauthorized_client', async (kind, grantType) => {
		const app = emulator.demoApps[kind];
		const reply = await postForm(emulator.endpoints.token, {
			grant_type: grantType,
			client_id: app.clientId,
			code: 'x',
			device_code: 'x',
			redirect_uri: unservedRedirect,
		});
		expect(reply.status).toBe(400);
		expect(reply.json.error).toBe('unauthorized_client');
	});

	test('a code app asking for the device grant, with its secret, is unauthorized_client', async () => {
		const reply = await postForm(
			emulator.endpoints.token,
			{grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: 'x'},
			{basic: [demoClientId, demoClientSecret]},
		);
		expect(reply.json.error).toBe('unauthorized_client');
	});

	// What a tool may ask before anyone signs in: a made-up code, no secret. Each kind answers
	// differently, and nothing is issued.
	test.each([
		['code', 401, 'invalid_client'],
		['pkce', 400, 'invalid_grant'],
		['device', 400, 'unauthorized_client'],
	] as const)(
		'a dummy code without a secret tells a %s app apart: %i %s',
		async (kind, status, error) => {
			const reply = await postForm(emulator.endpoints.token, {
				grant_type: 'authorization_code',
				client_id: emulator.demoApps[kind].clientId,
				code: 'not-a-real-code',
				redirect_uri: 'http://localhost:47325/callback',
				code_verifier: pkcePair().verifier,
			});
			expect(reply.status).toBe(status);
			expect(reply.json.error).toBe(error);
			expect(reply.json.access_token).toBeUndefined();
		},
	);

	test('a code app whose secret was never generated fails every token request', async () => {
		const app = emulator.registerApp({kind: 'code', redirectUris: [unservedRedirect]});
		const code = await codeFor(app, {code_challenge: undefined, code_challenge_method: undefined});
		for (const [body, options] of [
			[{client_id: app.clientId}, {}],
			[{}, {basic: [app.clientId, ''] as [string, string]}],
		] as const) {
			const reply = await postForm(
				emulator.endpoints.token,
				{grant_type: 'authorization_code', code, redirect_uri: unservedRedirect, ...body},
				options,
			);
			expect(reply.status).toBe(401);
			expect(reply.json.error).toBe('invalid_client');
		}
	});

	test('the portal refuses impossible apps: a secret on a public app, redirect URIs on a device app', () => {
		expect(() => emulator.registerApp({kind: 'pkce', clientSecret: 's'})).toThrow(
			/no client secret/,
		);
		expect(() => emulator.registerApp({kind: 'device', clientSecret: 's'})).toThrow(
			/no client secret/,
		);
		expect(() => emulator.registerApp({kind: 'device', redirectUris: [unservedRedirect]})).toThrow(
			/no redirect URIs/,
		);
	});

	test('rotating: every refresh returns a new token; an earlier one stops working once the leeway has passed', async () => {
		const first = (await publicSignIn()).json.refresh_token;
		const before = emulator.counts.refreshes;
		const second = await refresh(publicApp, first);
		expect(second.status).toBe(200);
		expect(second.json.refresh_token).not.toBe(first);
		const third = await refresh(publicApp, second.json.refresh_token);
		expect(third.status).toBe(200);
		expect(third.json.refresh_token).not.toBe(second.json.refresh_token);
		emulator.advanceClock(30_000);
		const late = await refresh(publicApp, first);
		expect(late.status).toBe(400);
		expect(late.json).toEqual({
			error: 'invalid_grant',
			error_description: 'The refresh token is invalid or expired.',
		});
		expect(emulator.counts.refreshes - before).toBe(2);
	});

	test('long-lived: the same refresh token comes back and keeps working', async () => {
		const app = emulator.registerApp({
			redirectUris: [unservedRedirect],
			refreshTokenType: 'long-lived',
		});
		const token = (await publicSignIn(app)).json.refresh_token;
		for (let round = 0; round < 3; round++) {
			const reply = await refresh(app, token);
			expect(reply.status).toBe(200);
			expect(reply.json.refresh_token).toBe(token);
		}
	});

	test('a confidential app refreshes with Basic only', async () => {
		const code = await codeFor(emulator.demoApp, {
			redirect_uri: 'https://localhost',
			code_challenge: undefined,
			code_challenge_method: undefined,
		});
		const tokens = await postForm(
			emulator.endpoints.token,
			{grant_type: 'authorization_code', code, redirect_uri: 'https://localhost'},
			{basic: [demoClientId, demoClientSecret]},
		);
		const withoutSecret = await postForm(emulator.endpoints.token, {
			grant_type: 'refresh_token',
			client_id: demoClientId,
			refresh_token: tokens.json.refresh_token,
		});
		expect(withoutSecret.status).toBe(401);
		expect((await refresh(emulator.demoApp, tokens.json.refresh_token)).status).toBe(200);
	});

	test("another app's refresh token is invalid_grant", async () => {
		const token = (await publicSignIn()).json.refresh_token;
		const other = emulator.registerApp({redirectUris: [unservedRedirect]});
		expect((await refresh(other, token)).json.error).toBe('invalid_grant');
	});

	test('a refresh token dies after 180 days unused, and each use restarts the count', async () => {
		const app = emulator.registerApp({
			redirectUris: [unservedRedirect],
			refreshTokenType: 'long-lived',
		});
		const token = (await publicSignIn(app)).json.refresh_token;
		const day = 86_400_000;
		emulator.advanceClock(179 * day);
		expect((await refresh(app, token)).status).toBe(200);
		emulator.advanceClock(179 * day);
		expect((await refresh(app, token)).status).toBe(200);
		emulator.advanceClock(181 * day);
		expect((await refresh(app, token)).json.error).toBe('invalid_grant');
	});

	test('a refresh may narrow the scopes but never widen them', async () => {
		const token = (await publicSignIn()).json.refresh_token;
		const narrower = await refresh(publicApp, token, {scope: 'offline_access'});
		expect(narrower.json.scope).toBe('offline_access');
		const wider = await refresh(publicApp, narrower.json.refresh_token, {
			scope: 'offline_access campaign_data',
		});
		expect(wider.json.error).toBe('invalid_scope');
	});

	test('revoking a refresh token kills it and the access tokens of its sign-in', async () => {
		const tokens = (await publicSignIn()).json;
		const revoke = await postForm(emulator.endpoints.revoke, {
			client_id: publicApp.clientId,
			token: tokens.refresh_token,
			token_type_hint: 'refresh_token',
		});
		expect(revoke.status).toBe(200);
		expect((await refresh(publicApp, tokens.refresh_token)).json.error).toBe('invalid_grant');
		expect((await accountSummary(emulator, tokens.access_token)).status).toBe(401);
	});

	test('revoking an access token, or an unknown token, answers 200', async () => {
		const tokens = (await publicSignIn()).json;
		for (const token of [tokens.access_token, 'never-issued']) {
			const reply = await postForm(emulator.endpoints.revoke, {
				client_id: publicApp.clientId,
				token,
			});
			expect(reply.status).toBe(200);
		}
		expect((await accountSummary(emulator, tokens.access_token)).status).toBe(401);
		expect((await refresh(publicApp, tokens.refresh_token)).status).toBe(200);
	});

	test('revoke authenticates the client like /token', async () => {
		const reply = await postForm(emulator.endpoints.revoke, {
			client_id: demoClientId,
			token: 'x',
		});
		expect(reply.status).toBe(401);
	});

	test('counts record every token request by grant type', async () => {
		const before = structuredClone(emulator.counts);
		await publicSignIn();
		await postForm(emulator.endpoints.token, {grant_type: 'refresh_token', client_id: 'x'});
		expect(emulator.counts.tokenRequests - before.tokenRequests).toBe(2);
		expect(emulator.counts.grants.authorization_code! - before.grants.authorization_code!).toBe(1);
		expect(emulator.counts.grants.refresh_token! - before.grants.refresh_token!).toBe(1);
	});
});

describe("rotation: Okta's leeway and reuse detection", () => {
	let emulator: Emulator;
	afterEach(() => emulator?.close());

	async function start(rotation: Partial<RotationRules> = {}) {
		emulator = await startEmulator({autoApprove: 'allow', rotation});
		return emulator;
	}

	/** A fresh PKCE sign-in on the demo app: its access and refresh tokens. */
	async function signIn(): Promise<{access: string; refresh: string}> {
		const app = emulator.demoApps.pkce;
		const {verifier, challenge} = pkcePair();
		const page = await visit(authorizeUrl(emulator, validParams(app, {code_challenge: challenge})));
		const reply = await postForm(emulator.endpoints.token, {
			grant_type: 'authorization_code',
			client_id: app.clientId,
			code: page.location!.searchParams.get('code')!,
			redirect_uri: app.redirectUris[0]!,
			code_verifier: verifier,
		});
		return {access: reply.json.access_token, refresh: reply.json.refresh_token};
	}

	function refresh(refreshToken: string) {
		return postForm(emulator.endpoints.token, {
			grant_type: 'refresh_token',
			client_id: emulator.demoApps.pkce.clientId,
			refresh_token: refreshToken,
		});
	}

	async function apiStatus(accessToken: string): Promise<number> {
		return (await accountSummary(emulator, accessToken)).status;
	}

	const refused = {
		status: 400,
		json: {error: 'invalid_grant', error_description: 'The refresh token is invalid or expired.'},
	};

	test("Okta's defaults: a 30 s leeway answered with yet another token, reuse detection on", () => {
		expect(defaultRotationRules).toEqual({
			leewaySeconds: 30,
			leewayAnswer: 'rotate-again',
		});
	});

	test('rotate-again: within the leeway a spent token works and rotates again, which starts the leeway of the token issued before', async () => {
		await start();
		const first = await signIn();
		const second = (await refresh(first.refresh)).json;
		emulator.advanceClock(29_000);
		const retried = await refresh(first.refresh);
		expect(retried.status).toBe(200);
		expect(retried.json.refresh_token).not.toBe(second.refresh_token);
		expect(retried.json.refresh_token).not.toBe(first.refresh);
		expect(await apiStatus(retried.json.access_token)).toBe(200);
		// The token the lost answer carried is spent now, but has a leeway of its own.
		emulator.advanceClock(29_000);
		const fromSecond = await refresh(second.refresh_token);
		expect(fromSecond.status).toBe(200);
		expect((await refresh(fromSecond.json.refresh_token)).status).toBe(200);
	});

	test('same-new-token: within the leeway a spent token gets the newest refresh token again, with a new access token', async () => {
		await start({leewayAnswer: 'same-new-token'});
		const first = await signIn();
		const second = (await refresh(first.refresh)).json;
		emulator.advanceClock(29_000);
		const retried = await refresh(first.refresh);
		expect(retried.status).toBe(200);
		expect(retried.json.refresh_token).toBe(second.refresh_token);
		expect(retried.json.access_token).not.toBe(second.access_token);
		expect(await apiStatus(retried.json.access_token)).toBe(200);
		expect((await refresh(second.refresh_token)).status).toBe(200);
	});

	test('a spent token after the leeway is invalid_grant and revokes the whole sign-in', async () => {
		await start();
		const first = await signIn();
		const other = await signIn();
		const second = (await refresh(first.refresh)).json;
		const third = (await refresh(second.refresh_token)).json;
		expect(await apiStatus(third.access_token)).toBe(200);
		emulator.advanceClock(30_000);
		expect(await refresh(first.refresh)).toMatchObject(refused);
		// The newest refresh token, and every access token of the sign-in, stop working.
		expect(await refresh(third.refresh_token)).toMatchObject(refused);
		for (const access of [first.access, second.access_token, third.access_token]) {
			expect(await apiStatus(access)).toBe(401);
		}
		// Another sign-in of the same app is untouched.
		expect(await apiStatus(other.access)).toBe(200);
		expect((await refresh(other.refresh)).status).toBe(200);
	});

	test('leeway 0: a spent token is refused at once, and its reuse revokes the sign-in', async () => {
		await start({leewaySeconds: 0});
		const first = await signIn();
		const second = (await refresh(first.refresh)).json;
		expect(await refresh(first.refresh)).toMatchObject(refused);
		expect(await refresh(second.refresh_token)).toMatchObject(refused);
		expect(await apiStatus(second.access_token)).toBe(401);
	});

	test('a long-lived token is never spent: it keeps working past any leeway', async () => {
		await start({leewaySeconds: 0});
		const app = emulator.registerApp({refreshTokenType: 'long-lived'});
		const {verifier, challenge} = pkcePair();
		const page = await visit(authorizeUrl(emulator, validParams(app, {code_challenge: challenge})));
		const token = (
			await postForm(emulator.endpoints.token, {
				grant_type: 'authorization_code',
				client_id: app.clientId,
				code: page.location!.searchParams.get('code')!,
				redirect_uri: app.redirectUris[0]!,
				code_verifier: verifier,
			})
		).json.refresh_token;
		for (let round = 0; round < 3; round++) {
			emulator.advanceClock(60_000);
			const reply = await postForm(emulator.endpoints.token, {
				grant_type: 'refresh_token',
				client_id: app.clientId,
				refresh_token: token,
			});
			expect(reply.json.refresh_token).toBe(token);
		}
	});

	test.each([
		[{leewaySeconds: -1}, /-1 is not a leeway in seconds/],
		[{leewaySeconds: Number.NaN}, /NaN is not a leeway in seconds/],
		[{leewayAnswer: 'twice' as LeewayAnswer}, /twice is not a leeway answer/],
	])('refuses rules that make no sense: %o', async (rotation, message) => {
		await expect(startEmulator({rotation})).rejects.toThrow(message);
	});
});

describe('expires_in as an epoch timestamp', () => {
	test('expiresInStyle epoch writes when the token expires, in seconds since 1970', async () => {
		const emulator = await startEmulator({autoApprove: 'allow', expiresInStyle: 'epoch'});
		try {
			const page = await visit(
				authorizeUrl(
					emulator,
					validParams(emulator.demoApp, {
						redirect_uri: 'https://localhost',
						code_challenge: undefined,
						code_challenge_method: undefined,
					}),
				),
			);
			const reply = await postForm(
				emulator.endpoints.token,
				{
					grant_type: 'authorization_code',
					code: page.location!.searchParams.get('code')!,
					redirect_uri: 'https://localhost',
				},
				{basic: [demoClientId, demoClientSecret]},
			);
			const expected = Math.floor(Date.now() / 1000) + 86_400;
			expect(Math.abs(reply.json.expires_in - expected)).toBeLessThan(60);
		} finally {
			await emulator.close();
		}
	});
});

describe('token faults', () => {
	const emulator = setUpEmulatorServer();

	const anyTokenRequest = () =>
		fetch(emulator.endpoints.token, {
			method: 'POST',
			headers: {'Content-Type': 'application/x-www-form-urlencoded'},
			body: 'grant_type=refresh_token&client_id=x&refresh_token=y',
		});

	test('status: the given status and body, `times` in a row, then back to normal', async () => {
		emulator.injectTokenFault({
			kind: 'status',
			status: 503,
			body: 'down for maintenance',
			times: 2,
		});
		for (let attempt = 0; attempt < 2; attempt++) {
			const response = await anyTokenRequest();
			expect(response.status).toBe(503);
			expect(await response.text()).toBe('down for maintenance');
		}
		expect((await anyTokenRequest()).status).toBe(401);
	});

	test('html: a 200 captive-portal page instead of JSON', async () => {
		emulator.injectTokenFault({kind: 'html'});
		const response = await anyTokenRequest();
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toContain('text/html');
		expect(await response.text()).toContain('<title>Sign in to the network</title>');
	});

	test('reset: the connection is destroyed without an answer', async () => {
		emulator.injectTokenFault({kind: 'reset'});
		await expect(anyTokenRequest()).rejects.toThrow();
		expect((await anyTokenRequest()).status).toBe(401);
	});

	test('hang: no answer until close(), which ends the hanging connection', async () => {
		const hanging = await startEmulator();
		hanging.injectTokenFault({kind: 'hang'});
		const request = fetch(hanging.endpoints.token, {
			method: 'POST',
			headers: {'Content-Type': 'application/x-www-form-urlencoded'},
			body: 'grant_type=refresh_token',
		});
		await vi.waitFor(() => expect(hanging.counts.tokenRequests).toBe(1));
		await hanging.close();
		await expect(request).rejects.toThrow();
	});
});
