// The emulator's readings of what a live Okta may answer otherwise than documented
// (constant-contact.md, "What a live Okta may answer differently"), each served on request,
// over real loopback HTTP. The documented reading of each stays the default.
import {afterEach, describe, expect, test} from 'vitest';
import {
	documentedOktaReadings,
	type Emulator,
	liveOktaReadings,
	type OktaReadings,
	startEmulator,
} from '../../source/provider/emulator/index.js';
import {playBrowser} from '../helpers/browser.js';
import {
	accountSummary,
	authorizeUrl,
	jwtClaims,
	pageText,
	pkcePair,
	postForm,
	validParams,
	visit,
} from '../helpers/emulator-requests.js';

let emulator: Emulator;
afterEach(() => emulator?.close());

async function start(okta: Partial<OktaReadings>, autoApprove: 'allow' | false = false) {
	emulator = await startEmulator({okta, autoApprove});
	return emulator;
}

const browserAgent = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';

test('the documented readings are the default; the live ones differ in every field', () => {
	expect(documentedOktaReadings).toEqual({
		authorizePage: 'redirect',
		unknownClientBody: 'oauth',
		publicClientWithoutVerifier: 'invalid_grant',
		userCodes: 'dashed',
		expiredDeviceCode: 'expired_token',
		issuer: 'authorize-host',
	});
	for (const name of Object.keys(documentedOktaReadings) as Array<keyof OktaReadings>) {
		expect(liveOktaReadings[name]).not.toBe(documentedOktaReadings[name]);
	}
});

test.each([
	[{userCodes: 'spaced'}, /spaced is not a reading of userCodes/],
	[{shape: 'round'}, /shape is not an Okta reading/],
])('refuses a reading it does not know: %o', async (okta, message) => {
	await expect(startEmulator({okta: okta as Partial<OktaReadings>})).rejects.toThrow(message);
});

describe('authorizePage', () => {
	test('sign-in-page: a good request is answered 200 with the sign-in page, which a browser goes through', async () => {
		await start({authorizePage: 'sign-in-page'});
		const app = emulator.demoApps.pkce;
		const url = authorizeUrl(emulator, validParams(app, {redirect_uri: 'https://localhost'}));
		const page = await visit(url);
		expect(page.status).toBe(200);
		expect(page.location).toBeUndefined();
		expect(pageText(page.body)).toContain(`Allow ${app.name} to use your account?`);
		const landed = await playBrowser(url);
		expect(new URL(landed.finalUrl).searchParams.get('code')).toMatch(/^[\w-]{43}$/);
	});

	test('sign-in-page: the two verdict pages stay 400', async () => {
		await start({authorizePage: 'sign-in-page'});
		const app = emulator.demoApps.pkce;
		const unknown = await visit(authorizeUrl(emulator, validParams(app, {client_id: 'nobody'})));
		expect(unknown.status).toBe(400);
		expect(pageText(unknown.body)).toContain("Invalid value for 'client_id' parameter.");
		const unregistered = await visit(
			authorizeUrl(emulator, validParams(app, {redirect_uri: 'http://localhost:1/elsewhere'})),
		);
		expect(unregistered.status).toBe(400);
		expect(pageText(unregistered.body)).toContain('must be a Login redirect URI');
	});

	test('bot-403: a client that is not a browser gets a bare 403, whatever it asks; a browser is sent on', async () => {
		await start({authorizePage: 'bot-403'});
		const app = emulator.demoApps.pkce;
		for (const params of [validParams(app), validParams(app, {client_id: 'nobody'})]) {
			const answer = await fetch(authorizeUrl(emulator, params), {redirect: 'manual'});
			expect(answer.status).toBe(403);
			expect(await answer.text()).not.toMatch(/client_id|redirect/i);
		}
		const browser = await fetch(authorizeUrl(emulator, validParams(app)), {
			redirect: 'manual',
			headers: {'User-Agent': browserAgent},
		});
		expect(browser.status).toBe(302);
	});
});

describe('token endpoint', () => {
	test("unknownClientBody okta: an unknown client_id is Okta's own error body, not OAuth's", async () => {
		await start({unknownClientBody: 'okta'});
		const inBody = await postForm(emulator.endpoints.token, {
			grant_type: 'authorization_code',
			client_id: 'nobody',
			code: 'made-up',
			redirect_uri: 'https://localhost',
			code_verifier: pkcePair().verifier,
		});
		const asBasic = await postForm(
			emulator.endpoints.token,
			{grant_type: 'refresh_token', refresh_token: 'made-up'},
			{basic: ['nobody', 'secret']},
		);
		for (const reply of [inBody, asBasic]) {
			expect(reply.status).toBe(401);
			expect(reply.json).toEqual({
				errorCode: 'invalid_client',
				errorSummary: "Invalid value for 'client_id' parameter.",
				errorLink: 'invalid_client',
				errorId: expect.stringMatching(/^oae\S+$/),
				errorCauses: [],
			});
		}
		// A known app with a wrong secret is still an OAuth answer.
		const wrongSecret = await postForm(
			emulator.endpoints.token,
			{grant_type: 'refresh_token', refresh_token: 'made-up'},
			{basic: [emulator.demoApp.clientId, 'wrong']},
		);
		expect(wrongSecret.json.error).toBe('invalid_client');
	});

	test('publicClientWithoutVerifier invalid_client: without a verifier a public app is refused as a client; with one, it is not', async () => {
		await start({publicClientWithoutVerifier: 'invalid_client'}, 'allow');
		const app = emulator.demoApps.pkce;
		const exchange = (extra: Record<string, string>) =>
			postForm(emulator.endpoints.token, {
				grant_type: 'authorization_code',
				client_id: app.clientId,
				code: 'made-up',
				redirect_uri: app.redirectUris[0]!,
				...extra,
			});
		const without = await exchange({});
		expect(without.status).toBe(401);
		expect(without.json.error).toBe('invalid_client');
		expect((await exchange({code_verifier: pkcePair().verifier})).json.error).toBe('invalid_grant');
		// The confidential app without its secret stays invalid_client with a verifier too.
		const confidential = await postForm(emulator.endpoints.token, {
			grant_type: 'authorization_code',
			client_id: emulator.demoApp.clientId,
			code: 'made-up',
			redirect_uri: 'https://localhost',
			code_verifier: pkcePair().verifier,
		});
		expect(confidential.json.error).toBe('invalid_client');
	});

	test('the secret in the body as well as Basic: 401 invalid_request, refused by name', async () => {
		await start({});
		const app = emulator.demoApp;
		const reply = await postForm(
			emulator.endpoints.token,
			{grant_type: 'refresh_token', refresh_token: 'x', client_secret: app.clientSecret!},
			{basic: [app.clientId, app.clientSecret!]},
		);
		expect(reply.status).toBe(401);
		expect(reply.json.error).toBe('invalid_request');
		expect(reply.json.error_description).toMatch(/^Cannot supply multiple client credentials\./);
	});

	test('issuer identity-host: access tokens name another host as issuer, and the API takes them', async () => {
		await start({issuer: 'identity-host'}, 'allow');
		const app = emulator.demoApps.pkce;
		const {verifier, challenge} = pkcePair();
		const page = await visit(authorizeUrl(emulator, validParams(app, {code_challenge: challenge})));
		const tokens = await postForm(emulator.endpoints.token, {
			grant_type: 'authorization_code',
			client_id: app.clientId,
			code: page.location!.searchParams.get('code')!,
			redirect_uri: app.redirectUris[0]!,
			code_verifier: verifier,
		});
		expect(jwtClaims(tokens.json.access_token).iss).toBe(
			'https://identity.constantcontact.com/oauth2/aus1lm3ry9mF7x2Ja0h8',
		);
		expect((await accountSummary(emulator, tokens.json.access_token)).status).toBe(200);
	});
});

describe('device flow', () => {
	const deviceGrant = 'urn:ietf:params:oauth:grant-type:device_code';

	async function startDevice() {
		const reply = await postForm(emulator.endpoints.deviceAuthorize, {
			client_id: emulator.demoApps.device.clientId,
			scope: 'account_read offline_access',
		});
		return reply.json as {device_code: string; user_code: string; verification_uri: string};
	}

	const poll = (deviceCode: string) =>
		postForm(emulator.endpoints.token, {
			grant_type: deviceGrant,
			client_id: emulator.demoApps.device.clientId,
			device_code: deviceCode,
		});

	test('userCodes letters: 8 letters, no dash, taken as typed with or without one', async () => {
		await start({userCodes: 'letters'});
		const first = await startDevice();
		expect(first.user_code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{8}$/);
		expect(first.verification_uri).toBe(`${emulator.origin}/activate`);
		const typed = `${first.user_code.slice(0, 4)}-${first.user_code.slice(4)}`.toLowerCase();
		emulator.approveDevice(typed, 'allow');
		expect((await poll(first.device_code)).status).toBe(200);
		const second = await startDevice();
		emulator.approveDevice(second.user_code, 'deny');
		expect((await poll(second.device_code)).json.error).toBe('access_denied');
	});

	test('expiredDeviceCode invalid_grant: an expired device code is invalid_grant, not expired_token', async () => {
		await start({expiredDeviceCode: 'invalid_grant'});
		const device = await startDevice();
		emulator.advanceClock(601_000);
		const reply = await poll(device.device_code);
		expect(reply.status).toBe(400);
		expect(reply.json).toEqual({
			error: 'invalid_grant',
			error_description: 'The device code is invalid or has expired.',
		});
	});
});
