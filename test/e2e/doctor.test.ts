// `cc-token doctor` through the built command against the emulator: every ✗ it can print,
// with its fix and exit code, and a clean bill of health (exit 0) when everything holds.
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {pollDeviceToken, requestDeviceCode} from '../../source/auth/token-client.js';
import {serverOf} from '../../source/provider/constant-contact.js';
import type {EmulatorApp} from '../../source/provider/emulator/index.js';
import {type Profile, profileFromTokens} from '../../source/store/index.js';
import {readProfile} from '../../source/store/read-store.js';
import {writeRescue} from '../../source/store/rescue-file.js';
import {saveProfile} from '../../source/store/write-store.js';
import {currentPlatform} from '../../source/system/platform.js';
import {runCli} from '../helpers/cli.js';
import {setUpEmulator} from '../helpers/emulator.js';
import {tokensFrom} from '../helpers/emulator-code.js';

const e2e = setUpEmulator({emulator: {autoApprove: 'allow'}});

const location = () => ({dir: e2e.configDir, file: path.join(e2e.configDir, 'config.json')});

/** Tokens as the app's own flow gets them: a device app by code (on the emulator's clock). */
async function tokensFor(app: EmulatorApp, scopes?: string[]) {
	if (app.kind !== 'device') return tokensFrom(e2e.emulator, app, scopes);
	const device = await requestDeviceCode({
		endpoints: e2e.emulator.endpoints,
		apiKey: app.clientId,
		scopes: scopes ?? ['account_read', 'offline_access'],
	});
	e2e.emulator.approveDevice(device.userCode, 'allow');
	return pollDeviceToken({
		endpoints: e2e.emulator.endpoints,
		apiKey: app.clientId,
		device,
		sleep: async (ms) => e2e.emulator.advanceClock(ms),
	});
}

async function signedIn(app: EmulatorApp, scopes?: string[], change: Partial<Profile> = {}) {
	const tokens = await tokensFor(app, scopes);
	await saveProfile(location(), 'default', {
		...profileFromTokens(
			{
				apiKey: app.clientId,
				server: serverOf(e2e.emulator.endpoints),
				...(app.clientSecret ? {clientSecret: app.clientSecret} : {}),
				...(app.redirectUris[0] ? {redirectUri: app.redirectUris[0]} : {}),
			},
			tokens,
		),
		...change,
	});
}

async function doctor(extra: Record<string, string | undefined> = {}) {
	const result = await runCli(['doctor'], {
		env: e2e.env({BROWSER: undefined, ...extra}),
	});
	const lines = result.stdout.split('\n');
	/** The ✗ line holding `text`, and the fix below it. */
	const failure = (text: string) => {
		const index = lines.findIndex((line) => line.startsWith('✗') && line.includes(text));
		if (index < 0) throw new Error(`No ✗ line with “${text}” in:\n${result.stdout}`);
		return {
			line: lines[index]!,
			fix: lines[index + 1]?.startsWith('  Fix: ') ? lines[index + 1]! : '',
		};
	};
	return {...result, lines, failure};
}

describe('everything holds', () => {
	it.each(['pkce', 'device', 'code'] as const)(
		'a %s app, signed in: every line ✓ and exit 0',
		async (kind) => {
			await signedIn(e2e.emulator.demoApps[kind]);
			const result = await doctor();
			expect(result.exitCode, result.stdout + result.stderr).toBe(0);
			const checks = result.lines.filter((line) => /^[✓✗] /.test(line));
			expect(checks).toHaveLength(8);
			expect(checks.every((line) => line.startsWith('✓'))).toBe(true);
			expect(result.stdout).toContain(
				'Constant Contact accepts the access token: the account of Maya Okafor',
			);
			expect(result.stdout).toMatch(/All 8 checks hold/);
			const {accessToken, refreshToken} = readProfile(location(), 'default')!;
			expect(result.stdout).not.toContain(accessToken!);
			expect(result.stdout).not.toContain(refreshToken!);
		},
	);

	it('says when the API key checked comes from CC_CLIENT_ID rather than the profile', async () => {
		await signedIn(e2e.emulator.demoApps.code);
		const result = await doctor({CC_CLIENT_ID: e2e.emulator.demoApps.pkce.clientId});
		expect(result.stdout).toContain(
			`✓ The API key ${e2e.emulator.demoApps.pkce.clientId} (from CC_CLIENT_ID) is known to Constant Contact.`,
		);
		expect(result.stdout).toContain('✓ The application was created with the PKCE Flow.');
	});

	it('--json gives the same checks for scripts', async () => {
		await signedIn(e2e.emulator.demoApps.pkce);
		const result = await runCli(['doctor', '--json'], {
			env: e2e.env({BROWSER: undefined}),
		});
		expect(result.exitCode).toBe(0);
		const report = JSON.parse(result.stdout);
		expect(report.ok).toBe(true);
		expect(report.checks.map((check: {id: string}) => check.id)).toEqual([
			'api-key',
			'app-kind',
			'redirect-uri',
			'client-secret',
			'access-token',
			'refresh-token',
			'scopes',
			'account',
		]);
	});
});

describe('every ✗, with its fix', () => {
	it('no API key anywhere, and nobody signed in: exit 2', async () => {
		const result = await doctor({CC_CLIENT_ID: ''});
		expect(result.exitCode).toBe(2);
		expect(result.failure('No API key').fix).toContain('cc-token login --client-id KEY');
		expect(result.failure('holds no access token').fix).toContain(
			'Sign in with `cc-token login --client-id YOUR_API_KEY` (or `cc-token` for the guide)',
		);
	});

	it('an unknown API key: exit 7', async () => {
		const result = await doctor({CC_CLIENT_ID: '0f0e0d0c-0b0a-4909-8807-060504030201'});
		expect(result.exitCode).toBe(7);
		expect(result.failure('does not know the API key').fix).toMatch(/This API key is not known/);
	});

	it('an unregistered redirect URI: exit 7', async () => {
		await signedIn(e2e.emulator.demoApps.pkce);
		const result = await doctor({CC_REDIRECT_URI: 'http://localhost:47999/callback'});
		expect(result.exitCode).toBe(7);
		expect(result.failure('is not registered').fix).toContain(
			'Register exactly http://localhost:47999/callback',
		);
	});

	it('a code app without its secret, and with an old one: exit 7', async () => {
		await signedIn(e2e.emulator.demoApps.code, undefined, {clientSecret: undefined});
		const missing = await doctor();
		expect(missing.exitCode).toBe(7);
		expect(missing.failure('requires its client secret').fix).toContain(
			'This application needs its secret: Generate Secret',
		);
		const old = await doctor({CC_CLIENT_SECRET: 'an-old-secret'});
		expect(old.exitCode).toBe(7);
		expect(old.failure('did not accept the client secret').fix).toContain('latest secret');
	});

	it('answers it cannot read: each app check says it could not tell', async () => {
		const server: Server = createServer((request, response) => {
			request.resume();
			response.writeHead(502, {'Content-Type': 'text/html'}).end('<p>Bad gateway</p>');
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		try {
			const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
			// Signed in there: a profile is only ever checked at its own server.
			await signedIn(e2e.emulator.demoApps.pkce, undefined, {
				server: {authBaseUrl: base, apiBaseUrl: e2e.emulator.apiBaseUrl},
			});
			const result = await doctor({CC_TOKEN_AUTH_URL: base});
			expect(result.exitCode).toBe(5);
			for (const what of [
				'whether Constant Contact knows the API key',
				'which flow the application was created with',
				'whether http://localhost:47325/callback is registered',
				'whether a client secret is needed',
			]) {
				expect(result.failure(`Could not tell ${what}`).fix).toContain('CC_TOKEN_AUTH_URL');
			}
		} finally {
			await new Promise((resolve) => server.close(resolve));
		}
	});

	it('no server at all: it could not ask', async () => {
		const gone = 'http://127.0.0.1:9/oauth2/default/v1';
		await signedIn(e2e.emulator.demoApps.pkce, undefined, {
			server: {authBaseUrl: gone, apiBaseUrl: e2e.emulator.apiBaseUrl},
		});
		const result = await doctor({CC_TOKEN_AUTH_URL: gone});
		expect(result.exitCode).toBe(5);
		expect(result.failure('Could not ask Constant Contact about the application').fix).not.toBe('');
	});

	it('an expired access token: renew it; the account is not checked', async () => {
		await signedIn(e2e.emulator.demoApps.pkce, undefined, {
			accessTokenExpiresAt: Date.now() - 120_000,
		});
		const result = await doctor();
		expect(result.exitCode).toBe(3);
		expect(result.failure('The access token has expired').fix).toContain('`cc-token token`');
		expect(result.failure('The account was not checked').fix).toContain('cc-token token');
	});

	it('an expired access token without a refresh token: sign in again', async () => {
		await signedIn(e2e.emulator.demoApps.pkce, ['account_read'], {
			accessTokenExpiresAt: Date.now() - 120_000,
		});
		const result = await doctor();
		expect(result.failure('The access token has expired').fix).toContain('Sign in again');
	});

	it('no offline_access: no refresh token, and the scopes say what is missing', async () => {
		await signedIn(e2e.emulator.demoApps.pkce, ['account_read', 'contact_data']);
		const result = await doctor();
		expect(result.exitCode).toBe(3);
		expect(result.failure('No refresh token is stored').fix).toContain('offline_access');
		expect(result.failure('leave out offline_access').fix).toContain(
			'cc-token login --scope "account_read contact_data offline_access"',
		);
	});

	it('scopes not known', async () => {
		await signedIn(e2e.emulator.demoApps.pkce, undefined, {scopes: undefined});
		const result = await doctor();
		expect(result.failure('The granted scopes are not known').fix).toContain('--scope');
	});

	it('an access token Constant Contact refuses: the account cannot be reached', async () => {
		await signedIn(e2e.emulator.demoApps.pkce, undefined, {
			accessToken: 'eyJhbGciOiJSUzI1NiJ9.e30.bm90LXJlYWw',
		});
		const result = await doctor();
		expect(result.exitCode).toBe(3);
		expect(result.failure('The account could not be reached').fix).not.toBe('');
	});

	it('tokens waiting in a rescue file, and a refresh whose answer never came: each named with its fix', async () => {
		await signedIn(e2e.emulator.demoApps.pkce, undefined, {
			pendingRefresh: {startedAt: Date.now()},
		});
		const stateDir = path.join(e2e.configDir, '..', `${path.basename(e2e.configDir)}-state`);
		const rescued = writeRescue(
			location().file,
			'default',
			'rt-spent',
			{apiKey: 'k', accessToken: 'at-rescued', accessTokenExpiresAt: Date.now() + 3_600_000},
			{...currentPlatform(), env: {CC_TOKEN_STATE_DIR: stateDir}},
		);
		const result = await doctor({CC_TOKEN_STATE_DIR: stateDir});
		expect(result.exitCode).not.toBe(0);
		expect(result.failure(`wait in ${rescued}`).fix).toContain(
			'Run `cc-token token --profile default` with that store',
		);
		expect(result.failure('its answer never arrived').fix).toContain('sign in again');
		expect(result.stdout).not.toContain('at-rescued');
	});
});
