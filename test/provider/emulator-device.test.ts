// The emulator's device flow over real loopback HTTP (RFC 8628): pending, slow_down, approval
// by a test or by a person at /activate, denial and expiry.
import {beforeAll, describe, expect, test} from 'vitest';
import type {EmulatorApp} from '../../source/provider/emulator/index.js';
import {playBrowser} from '../helpers/browser.js';
import {setUpEmulatorServer} from '../helpers/emulator.js';
import {pageText, postForm} from '../helpers/emulator-requests.js';

describe('device flow', () => {
	const emulator = setUpEmulatorServer();
	let deviceApp: EmulatorApp;
	const deviceGrant = 'urn:ietf:params:oauth:grant-type:device_code';

	beforeAll(async () => {
		deviceApp = emulator.registerApp({
			name: 'Kiosk',
			kind: 'device',
		});
	});

	async function startDevice(app: EmulatorApp = deviceApp) {
		const reply = await postForm(emulator.endpoints.deviceAuthorize, {
			client_id: app.clientId,
			scope: 'account_read offline_access',
		});
		expect(reply.status).toBe(200);
		return reply.json as {
			device_code: string;
			user_code: string;
			verification_uri: string;
			verification_uri_complete: string;
			expires_in: number;
			interval: number;
		};
	}

	function poll(deviceCode: string, app: EmulatorApp = deviceApp) {
		return postForm(emulator.endpoints.token, {
			grant_type: deviceGrant,
			client_id: app.clientId,
			device_code: deviceCode,
		});
	}

	test('device/authorize hands out codes as RFC 8628 describes', async () => {
		const device = await startDevice();
		expect(device.user_code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
		expect(device.verification_uri).toBe(`${emulator.origin}/activate`);
		expect(device.verification_uri_complete).toBe(
			`${emulator.origin}/activate?user_code=${device.user_code}`,
		);
		expect(device).toMatchObject({expires_in: 600, interval: 5});
	});

	test('pending, slow_down (+5 s), then tokens once approved, then the code is used up', async () => {
		const device = await startDevice();
		expect((await poll(device.device_code)).json.error).toBe('authorization_pending');
		const tooFast = await poll(device.device_code);
		expect(tooFast.json.error).toBe('slow_down');
		expect(tooFast.json.error_description).toContain('10 seconds');
		emulator.advanceClock(9_000);
		expect((await poll(device.device_code)).json.error).toBe('slow_down');
		emulator.advanceClock(15_000);
		expect((await poll(device.device_code)).json.error).toBe('authorization_pending');
		emulator.approveDevice(device.user_code.toLowerCase().replace('-', ''), 'allow');
		emulator.advanceClock(15_000);
		const tokens = await poll(device.device_code);
		expect(tokens.status).toBe(200);
		expect(tokens.json.refresh_token).toMatch(/^[\w-]{43}$/);
		expect(tokens.json.scope).toBe('account_read offline_access');
		emulator.advanceClock(15_000);
		expect((await poll(device.device_code)).json.error).toBe('invalid_grant');
	});

	test('denied: access_denied', async () => {
		const device = await startDevice();
		emulator.approveDevice(device.user_code, 'deny');
		expect((await poll(device.device_code)).json.error).toBe('access_denied');
	});

	test('after 10 minutes: expired_token, and the user code no longer works', async () => {
		const device = await startDevice();
		emulator.advanceClock(600_000);
		expect((await poll(device.device_code)).json.error).toBe('expired_token');
		expect(() => emulator.approveDevice(device.user_code, 'allow')).toThrow(/unknown or expired/);
	});

	test("another app's device code is invalid_grant", async () => {
		const device = await startDevice();
		expect((await poll(device.device_code, emulator.demoApps.device)).json.error).toBe(
			'invalid_grant',
		);
	});

	test.each([
		['pkce', {}],
		['code', {clientSecret: 'its-secret'}],
	] as const)('a %s app is unauthorized_client at device/authorize', async (kind, extra) => {
		const other = emulator.registerApp({kind, ...extra});
		const reply = await postForm(emulator.endpoints.deviceAuthorize, {
			client_id: other.clientId,
			scope: 'account_read',
		});
		expect(reply.status).toBe(400);
		expect(reply.json.error).toBe('unauthorized_client');
	});

	test('a device app may not use the device code grant of a pkce app, nor a pkce app the device grant', async () => {
		const device = await startDevice();
		const pkce = emulator.demoApps.pkce;
		const reply = await poll(device.device_code, pkce);
		expect(reply.json.error).toBe('unauthorized_client');
	});

	test('device/authorize refuses unknown scopes', async () => {
		const reply = await postForm(emulator.endpoints.deviceAuthorize, {
			client_id: deviceApp.clientId,
			scope: 'account_read%2Boffline_access',
		});
		expect(reply.json.error).toBe('invalid_scope');
	});

	test('a person approves at /activate in a browser; the demo device app polls with client_id alone', async () => {
		const device = await startDevice(emulator.demoApps.device);
		const page = await playBrowser(device.verification_uri_complete, {decision: 'allow'});
		expect(page.status).toBe(200);
		expect(page.body).toContain('Device connected');
		const tokens = await poll(device.device_code, emulator.demoApps.device);
		expect(tokens.status).toBe(200);
	});

	test('/activate shows the app and scopes, and escapes a typed code it cannot find', async () => {
		const device = await startDevice();
		const confirm = pageText(await (await fetch(device.verification_uri_complete)).text());
		expect(confirm).toContain('Allow Kiosk to use your account?');
		expect(confirm).toContain(`A device showing the code ${device.user_code}`);
		expect(confirm).toContain('account_read : read account details');
		const unknown = await fetch(
			`${emulator.origin}/activate?user_code=${encodeURIComponent('"><b>x')}`,
		);
		expect(unknown.status).toBe(400);
		const body = await unknown.text();
		expect(body).toContain('value="&quot;&gt;&lt;b&gt;x"');
		expect(body).not.toContain('<b>x');
	});

	test('an /activate code can be answered once', async () => {
		const device = await startDevice();
		const answer = () =>
			fetch(`${emulator.origin}/activate`, {
				method: 'POST',
				headers: {'Content-Type': 'application/x-www-form-urlencoded'},
				body: new URLSearchParams({user_code: device.user_code, decision: 'deny'}),
			});
		const first = await answer();
		expect(pageText(await first.text())).toContain('Access denied The device was not connected.');
		const second = await answer();
		expect(second.status).toBe(400);
		expect(pageText(await second.text())).toContain('That code has already been answered.');
	});
});
