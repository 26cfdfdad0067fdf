// The plain commands, end to end: the built cc-token against the emulator over loopback, with
// a scripted browser as BROWSER.
import {readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {beforeAll, describe, expect, it} from 'vitest';
import type {EmulatorApp} from '../../source/provider/emulator/index.js';
import {runCli} from '../helpers/cli.js';
import {setUpEmulator} from '../helpers/emulator.js';

const e2e = setUpEmulator({app: {name: 'Public app'}});
let confidentialApp: EmulatorApp;

beforeAll(() => {
	confidentialApp = e2e.emulator.registerApp({
		name: 'Confidential app',
		clientSecret: 'confidential-secret-value-123',
		redirectUris: [e2e.redirectUri],
	});
});

function cli(args: string[], extra: Record<string, string | undefined> = {}, stdin?: string) {
	return runCli(args, {env: e2e.env(extra), stdin, timeoutMs: 20_000});
}

function storedConfig() {
	return JSON.parse(readFileSync(path.join(e2e.configDir, 'config.json'), 'utf8')) as {
		profiles: Record<string, Record<string, unknown>>;
	};
}

async function login(app: EmulatorApp, extra: Record<string, string | undefined> = {}) {
	const result = await cli(
		['login', '--client-id', app.clientId, '--redirect-uri', e2e.redirectUri],
		app.clientSecret ? {CC_CLIENT_SECRET: app.clientSecret, ...extra} : extra,
	);
	return result;
}

describe('login', () => {
	it('signs in a public client with PKCE, saves the profile 0600 in a 0700 directory, prints no secret', async () => {
		const result = await login(e2e.app);
		expect(result.stderr).toContain(`Open this address to sign in:`);
		expect(result.exitCode, result.stderr).toBe(0);
		expect(result.stderr).toMatch(/Signed in as .+<.+@.+>/);
		const profile = storedConfig().profiles.default!;
		expect(profile.apiKey).toBe(e2e.app.clientId);
		expect(profile.clientSecret).toBeUndefined();
		expect(profile.refreshToken).toEqual(expect.any(String));
		for (const secret of [profile.accessToken, profile.refreshToken] as string[]) {
			expect(result.stdout + result.stderr).not.toContain(secret);
		}
		expect(statSync(e2e.configDir).mode & 0o777).toBe(0o700);
		expect(statSync(path.join(e2e.configDir, 'config.json')).mode & 0o777).toBe(0o600);
	});

	it('signs in a confidential client with its secret, which is stored but never shown', async () => {
		const result = await login(confidentialApp);
		expect(result.exitCode, result.stderr).toBe(0);
		const profile = storedConfig().profiles.default!;
		expect(profile.clientSecret).toBe(confidentialApp.clientSecret);
		expect(result.stdout + result.stderr).not.toContain(confidentialApp.clientSecret!);
		const status = await cli(['status']);
		expect(status.stdout).toContain('stored');
		expect(status.stdout + status.stderr).not.toContain(confidentialApp.clientSecret!);
	});

	it('exits 4 with the reason when the person clicks Deny, and saves nothing', async () => {
		const result = await login(e2e.app, {CC_TEST_BROWSER_DECISION: 'deny'});
		expect(result.exitCode).toBe(4);
		expect(result.stderr).toMatch(/denied|refused/i);
		expect(readdirSafe(e2e.configDir)).not.toContain('config.json');
	});

	it('exits 4 after the timeout and explains that the redirect URI must be registered exactly', async () => {
		const result = await cli([
			'login',
			'--client-id',
			e2e.app.clientId,
			'--redirect-uri',
			e2e.redirectUri,
			'--no-browser',
			'--timeout',
			'1',
		]);
		expect(result.exitCode).toBe(4);
		expect(result.stderr).toContain(e2e.redirectUri);
		expect(result.stderr).toMatch(/regist/i);
	});

	it.each([
		[['--client-id', 'not-a-key'], /API key/],
		[['--client-id', '1b2c3d4e-5f60-4a7b-8c9d'], /part of an API key/],
		[['--scope', 'contact_data mailing_lists'], /Unknown scope.*mailing_lists/],
		[['--redirect-uri', 'http://example.com/callback'], /only finish a sign-in/],
		[['--timeout', 'soon'], /--timeout/],
		[['--colour'], /Unknown option/i],
	])('rejects bad input %j with exit 2 and writes nothing', async (args, message) => {
		const result = await cli(['login', '--client-id', e2e.app.clientId, ...args]);
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toMatch(message);
		expect(result.stderr).not.toMatch(/\n\s+at /);
		expect(readdirSafe(e2e.configDir)).not.toContain('config.json');
	});
});

function readdirSafe(dir: string): string[] {
	try {
		return readdirSync(dir);
	} catch {
		return [];
	}
}

describe('token, env, status, refresh, logout', () => {
	it('prints only a token the API accepts, and env exports it', async () => {
		expect((await login(e2e.app)).exitCode).toBe(0);
		const token = await cli(['token']);
		expect(token.exitCode).toBe(0);
		expect(token.stderr).toBe('');
		expect(token.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
		const accessToken = token.stdout.trim();
		const response = await fetch(`${e2e.emulator.apiBaseUrl}/account/summary`, {
			headers: {Authorization: `Bearer ${accessToken}`},
		});
		expect(response.status).toBe(200);

		const sh = await cli(['env']);
		expect(sh.stdout).toBe(
			`export CC_API_KEY='${e2e.app.clientId}'\nexport CC_ACCESS_TOKEN='${accessToken}'\n`,
		);
		const fish = await cli(['env', '--shell', 'fish']);
		expect(fish.stdout).toContain(`set -gx CC_ACCESS_TOKEN '${accessToken}'`);
		const powershell = await cli(['env', '--shell', 'powershell']);
		expect(powershell.stdout).toContain(`$env:CC_ACCESS_TOKEN = '${accessToken}'`);
		const bad = await cli(['env', '--shell', 'tcsh']);
		expect(bad.exitCode).toBe(2);
	});

	it('status --json describes every profile without a token or secret', async () => {
		expect((await login(confidentialApp, {})).exitCode).toBe(0);
		expect(
			(
				await cli(
					[
						'login',
						'--profile',
						'second',
						'--client-id',
						e2e.app.clientId,
						'--redirect-uri',
						e2e.redirectUri,
					],
					{CC_CLIENT_SECRET: undefined},
				)
			).exitCode,
		).toBe(0);
		const result = await cli(['status', '--json', '--verify']);
		expect(result.exitCode, result.stderr).toBe(0);
		const status = JSON.parse(result.stdout);
		expect(status.file).toBe(path.join(e2e.configDir, 'config.json'));
		expect(status.profiles.map((p: {name: string}) => p.name)).toEqual(['default', 'second']);
		const [first, second] = status.profiles;
		expect(first).toMatchObject({
			apiKey: confidentialApp.clientId,
			secretStored: true,
			accessToken: {present: true},
			refreshToken: {present: true},
			verified: {ok: true},
		});
		expect(first.accessToken.secondsLeft).toBeGreaterThan(86_000);
		expect(second.secretStored).toBe(false);
		const stored = storedConfig().profiles;
		for (const profile of Object.values(stored)) {
			expect(result.stdout).not.toContain(profile.accessToken as string);
			expect(result.stdout).not.toContain(profile.refreshToken as string);
		}
		expect(result.stdout).not.toContain(confidentialApp.clientSecret!);
	});

	it('refresh rotates the refresh token and the old one stops working', async () => {
		expect((await login(e2e.app)).exitCode).toBe(0);
		const before = storedConfig().profiles.default!;
		const result = await cli(['refresh']);
		expect(result.exitCode, result.stderr).toBe(0);
		expect(result.stderr).toMatch(/valid until (today|tomorrow) \d\d:\d\d \w+, in 2\d h \d+ min/);
		const after = storedConfig().profiles.default!;
		expect(after.refreshToken).not.toBe(before.refreshToken);
		expect(after.accessToken).not.toBe(before.accessToken);
		expect(after.refreshTokenKind).toBe('rotating');
		// Once Okta's leeway (30 s) has passed; within it the old one would still work.
		e2e.emulator.advanceClock(30_000);
		const reuse = await fetch(e2e.emulator.endpoints.token, {
			method: 'POST',
			headers: {'content-type': 'application/x-www-form-urlencoded'},
			body: new URLSearchParams({
				grant_type: 'refresh_token',
				client_id: e2e.app.clientId,
				refresh_token: before.refreshToken as string,
			}),
		});
		expect(reuse.status).toBe(400);
		expect(((await reuse.json()) as {error: string}).error).toBe('invalid_grant');
	});

	it('logout revokes and deletes; then token exits 3 with the error and its fix', async () => {
		expect((await login(e2e.app)).exitCode).toBe(0);
		const refreshToken = storedConfig().profiles.default!.refreshToken as string;
		const result = await cli(['logout']);
		expect(result.exitCode).toBe(0);
		expect(result.stdout).toContain('Signed out of “default”');
		expect(storedConfig().profiles.default).toBeUndefined();
		const reuse = await fetch(e2e.emulator.endpoints.token, {
			method: 'POST',
			headers: {'content-type': 'application/x-www-form-urlencoded'},
			body: new URLSearchParams({
				grant_type: 'refresh_token',
				client_id: e2e.app.clientId,
				refresh_token: refreshToken,
			}),
		});
		expect(reuse.status).toBe(400);

		const token = await cli(['token']);
		expect(token.exitCode).toBe(3);
		expect(token.stdout).toBe('');
		expect(token.stderr).toMatch(/^cc-token: [^\n]+\n {2}[^\n]*cc-token login[^\n]*\n$/);
	});
});

describe('exit codes', () => {
	it('3: no credentials for the profile', async () => {
		const result = await cli(['token', '--profile', 'nobody']);
		expect(result).toMatchObject({exitCode: 3, stdout: ''});
		expect(result.stderr).toContain('nobody');
	});

	it('5: the token endpoint fails during a refresh; the stored tokens are kept', async () => {
		expect((await login(e2e.app)).exitCode).toBe(0);
		const before = storedConfig().profiles.default!;
		e2e.emulator.injectTokenFault({kind: 'status', status: 503, body: 'Service Unavailable'});
		const result = await cli(['refresh']);
		expect(result.exitCode).toBe(5);
		expect(result.stderr).not.toMatch(/\n\s+at /);
		expect(storedConfig().profiles.default!.refreshToken).toBe(before.refreshToken);
	});

	it('1: a corrupt config file is moved aside, kept byte for byte, and named', async () => {
		expect((await login(e2e.app)).exitCode).toBe(0);
		const file = path.join(e2e.configDir, 'config.json');
		const garbage = '{"version": 1, "profiles": {"default": {"apiKey": ';
		writeFileSync(file, garbage);
		const result = await cli(['status']);
		expect(result.exitCode).toBe(1);
		const kept = readdirSync(e2e.configDir).find((name) => name.startsWith('config.json.corrupt-'));
		expect(kept).toBeDefined();
		expect(readFileSync(path.join(e2e.configDir, kept!), 'utf8')).toBe(garbage);
		expect(result.stderr).toContain(kept!);
	});

	it.each([
		['CC_TOKEN_AUTH_URL', 'not a url', 'is not a URL ("not a url")'],
		['CC_TOKEN_AUTH_URL', 'ftp://127.0.0.1/oauth2', 'is a ftp: address, not http(s)'],
		['CC_TOKEN_API_URL', 'localhost:8080/v3', 'is a localhost: address, not http(s)'],
		['CC_TOKEN_API_URL', 'https://api.example/v3?x=1', 'has a query or fragment'],
	])('2: %s=%j is refused at once, in one line', async (name, value, reason) => {
		const result = await cli(['login', '--client-id', e2e.app.clientId, '--no-browser'], {
			[name]: value,
		});
		expect(result).toMatchObject({exitCode: 2, stdout: ''});
		expect(result.stderr).toMatch(new RegExp(`^cc-token: ${name} .+\\n$`));
		expect(result.stderr).toContain(reason);
		expect(readdirSync(path.dirname(e2e.configDir))).toEqual([]);
	});

	it('2: a bad CC_TOKEN_AUTH_URL stops a refresh before it is sent', async () => {
		expect((await login(e2e.app)).exitCode).toBe(0);
		const requests = e2e.emulator.counts.tokenRequests;
		const result = await cli(['refresh'], {CC_TOKEN_AUTH_URL: 'oauth2/default/v1'});
		expect(result).toMatchObject({exitCode: 2, stdout: ''});
		expect(result.stderr.trim().split('\n')).toEqual([
			expect.stringContaining('CC_TOKEN_AUTH_URL is not a URL'),
		]);
		expect(e2e.emulator.counts.tokenRequests).toBe(requests);
	});

	it('2: an unknown command', async () => {
		const result = await cli(['tokne']);
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toContain('Unknown command “tokne”. Did you mean `cc-token token`?');
	});
});

describe('eight scripts at once on an expiring token', () => {
	it('make exactly one refresh and all print the same valid token', async () => {
		expect((await login(e2e.app)).exitCode).toBe(0);
		const file = path.join(e2e.configDir, 'config.json');
		const stored = storedConfig();
		stored.profiles.default!.accessTokenExpiresAt = Date.now() + 60_000;
		writeFileSync(file, JSON.stringify(stored));
		const refreshesBefore = e2e.emulator.counts.refreshes;
		const results = await Promise.all(Array.from({length: 8}, () => cli(['token'])));
		for (const result of results) expect(result.exitCode, result.stderr).toBe(0);
		const tokens = new Set(results.map((result) => result.stdout));
		expect(tokens.size).toBe(1);
		expect(e2e.emulator.counts.refreshes - refreshesBefore).toBe(1);
		const [token] = [...tokens];
		expect(token!.trim()).toBe(storedConfig().profiles.default!.accessToken);
		expect(statSync(file).mode & 0o777).toBe(0o600);
	});
});
