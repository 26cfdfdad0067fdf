// The emulator's sliver of the V3 API and its pages over real loopback HTTP.
import {beforeAll, describe, expect, test} from 'vitest';
import {
	demoClientId,
	demoClientSecret,
	demoDeviceClientId,
	demoPkceClientId,
	type EmulatorApp,
	startEmulator,
} from '../../source/provider/emulator/index.js';
import {setUpEmulatorServer} from '../helpers/emulator.js';
import {
	accountSummary,
	authorizeUrl,
	type Json,
	jwtClaims,
	pageText,
	pkcePair,
	postForm,
	unservedRedirect,
	validParams,
	visit,
} from '../helpers/emulator-requests.js';

describe('API and pages', () => {
	const emulator = setUpEmulatorServer({autoApprove: 'allow'});
	let app: EmulatorApp;

	beforeAll(async () => {
		app = emulator.registerApp({redirectUris: [unservedRedirect], accessTokenLifetimeSeconds: 60});
	});

	async function accessToken(scope: string): Promise<string> {
		const {verifier, challenge} = pkcePair();
		const page = await visit(
			authorizeUrl(emulator, validParams(app, {scope, code_challenge: challenge})),
		);
		const reply = await postForm(emulator.endpoints.token, {
			grant_type: 'authorization_code',
			client_id: app.clientId,
			code: page.location!.searchParams.get('code')!,
			redirect_uri: unservedRedirect,
			code_verifier: verifier,
		});
		return reply.json.access_token;
	}

	test('account summary: the bakery, with a token that has account_read', async () => {
		const before = emulator.counts.accountSummary;
		const summary = await accountSummary(emulator, await accessToken('account_read'));
		expect(summary.status).toBe(200);
		expect(summary.json).toMatchObject({
			organization_name: 'Juniper Street Bakery',
			first_name: 'Maya',
			contact_email: 'maya@juniperstreetbakery.example',
		});
		expect(Object.keys(summary.json).sort()).toEqual(
			[
				'encoded_account_id',
				'first_name',
				'last_name',
				'contact_email',
				'contact_phone',
				'country_code',
				'state_code',
				'organization_name',
				'organization_phone',
				'time_zone_id',
				'website',
			].sort(),
		);
		expect(emulator.counts.accountSummary - before).toBe(1);
	});

	test('account summary without account_read is 403 in the API error shape, not naming the scope', async () => {
		const summary = await accountSummary(emulator, await accessToken('contact_data'));
		expect(summary.status).toBe(403);
		expect(summary.json).toEqual([{error_key: 'forbidden', error_message: expect.any(String)}]);
		expect(summary.json[0].error_message).not.toContain('account_read');
	});

	test('missing, foreign, tampered and expired tokens are 401 unauthorized', async () => {
		const other = await startEmulator({autoApprove: 'allow'});
		let foreign: string;
		try {
			const {verifier, challenge} = pkcePair();
			const otherApp = other.registerApp({redirectUris: [unservedRedirect]});
			const page = await visit(
				authorizeUrl(other, validParams(otherApp, {code_challenge: challenge})),
			);
			foreign = (
				await postForm(other.endpoints.token, {
					grant_type: 'authorization_code',
					client_id: otherApp.clientId,
					code: page.location!.searchParams.get('code')!,
					redirect_uri: unservedRedirect,
					code_verifier: verifier,
				})
			).json.access_token;
		} finally {
			await other.close();
		}
		const narrow = await accessToken('contact_data');
		const [header, , signature] = narrow.split('.');
		const widened = Buffer.from(
			JSON.stringify({...jwtClaims(narrow), scp: ['account_read']}),
		).toString('base64url');
		const tampered = `${header}.${widened}.${signature}`;
		const expiring = await accessToken('account_read');
		emulator.advanceClock(61_000);

		const missing = await accountSummary(emulator, undefined);
		expect(missing.status).toBe(401);
		expect(missing.json).toEqual([{error_key: 'unauthorized', error_message: expect.any(String)}]);
		// A token that was sent but does not work: the single-object form some 401s take.
		for (const token of ['garbage', foreign, tampered, expiring]) {
			const summary = await accountSummary(emulator, token);
			expect(summary.status).toBe(401);
			expect(summary.json).toEqual({error_key: 'unauthorized', error_message: expect.any(String)});
		}
	});

	test('the portal lists a demo app of each kind with its API key, flow, secret and redirect URIs', async () => {
		const text = pageText(await (await fetch(emulator.portalUrl)).text());
		for (const expected of [
			`Demo integration (Authorization Code) API Key ${demoClientId} OAuth2 Flow Authorization Code Flow and Implicit Flow Client Secret ${demoClientSecret} Redirect URIs http://localhost:47325/callback http://127.0.0.1:47325/callback https://localhost Refresh Token Type Rotating`,
			`Demo integration (PKCE) API Key ${demoPkceClientId} OAuth2 Flow PKCE Flow Client Secret None: a public client, which signs in without a secret. Redirect URIs http://localhost:47325/callback`,
			`Demo integration (Device) API Key ${demoDeviceClientId} OAuth2 Flow Device Flow Client Secret None: a public client, which signs in without a secret. Redirect URIs None: this flow has no redirect.`,
		]) {
			expect(text).toContain(expected);
		}
	});

	test('the index links to the portal; unknown paths are 404; wrong methods are 405', async () => {
		const index = await (await fetch(`${emulator.origin}/`)).text();
		expect(index).toContain('href="/pages/dma/portal/"');
		const missing = await fetch(`${emulator.origin}/nothing-here`);
		expect(missing.status).toBe(404);
		expect(missing.headers.get('content-type')).toContain('text/html');
		const apiMissing = await fetch(`${emulator.apiBaseUrl}/nothing-here`, {
			headers: {Authorization: `Bearer ${await accessToken('account_read')}`},
		});
		expect(apiMissing.status).toBe(404);
		expect(((await apiMissing.json()) as Json)[0].error_key).toBe('not_found');
		const wrongMethod = await fetch(emulator.endpoints.token);
		expect(wrongMethod.status).toBe(405);
		expect(wrongMethod.headers.get('allow')).toBe('POST');
	});

	test('the emulator listens on 127.0.0.1 and exposes matching URLs and env', () => {
		expect(emulator.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(emulator.env).toEqual({
			CC_TOKEN_AUTH_URL: `${emulator.origin}/oauth2/default/v1`,
			CC_TOKEN_API_URL: `${emulator.origin}/v3`,
		});
		expect(emulator.endpoints.token).toBe(`${emulator.origin}/oauth2/default/v1/token`);
		expect(emulator.portalUrl).toBe(`${emulator.origin}/pages/dma/portal/`);
	});

	test('registering a client id twice is refused', () => {
		expect(() => emulator.registerApp({clientId: demoClientId})).toThrow(/already registered/);
	});
});
