// Which profile a command uses (--profile, CC_TOKEN_PROFILE, `cc-token use`), the server each
// profile belongs to, times in local time, and the warnings `cc-token token` gives on stderr:
// all through the built command, the fast path included.
import {spawnSync} from 'node:child_process';
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {apiStatusFor} from '../helpers/api-status.js';
import {builtCli, runCli, startCli, waitFor} from '../helpers/cli.js';
import {setUpEmulator} from '../helpers/emulator.js';

const e2e = setUpEmulator();
const dayMs = 86_400_000;
const apiKey = '1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d';

function cli(args: string[], extra: Record<string, string | undefined> = {}) {
	return runCli(args, {env: e2e.env({TZ: 'UTC', ...extra})});
}

function writeProfiles(profiles: Record<string, object>, document: object = {}) {
	mkdirSync(e2e.configDir, {recursive: true, mode: 0o700});
	writeFileSync(
		path.join(e2e.configDir, 'config.json'),
		JSON.stringify({version: 1, profiles, ...document}),
		{mode: 0o600},
	);
}

/** A sign-in to the emulator's application through the real `cc-token login`. */
function loginArgs(): string[] {
	return ['login', '--client-id', e2e.app.clientId, '--redirect-uri', e2e.redirectUri];
}

function stored() {
	return JSON.parse(readFileSync(path.join(e2e.configDir, 'config.json'), 'utf8'));
}

/** A profile signed in at the emulator (the server it records). */
const signedIn = (token: string, extra: object = {}) => ({
	apiKey,
	server: {
		authBaseUrl: e2e.emulator.env.CC_TOKEN_AUTH_URL,
		apiBaseUrl: e2e.emulator.env.CC_TOKEN_API_URL,
	},
	accessToken: token,
	accessTokenExpiresAt: Date.now() + 3 * 3_600_000,
	refreshToken: `refresh-${token}`,
	signedInAt: Date.now(),
	...extra,
});

describe('choosing the profile', () => {
	it('CC_TOKEN_PROFILE picks the profile, a flag wins over it, an empty one counts as unset', async () => {
		writeProfiles({
			default: signedIn('t.default'),
			shop: signedIn('t.shop'),
			work: signedIn('t.work'),
		});
		expect((await cli(['token'], {CC_TOKEN_PROFILE: 'shop'})).stdout).toBe('t.shop\n');
		expect((await cli(['token', '-p', 'work'], {CC_TOKEN_PROFILE: 'shop'})).stdout).toBe(
			't.work\n',
		);
		expect((await cli(['token'], {CC_TOKEN_PROFILE: ''})).stdout).toBe('t.default\n');
		const env = await cli(['env'], {CC_TOKEN_PROFILE: 'shop'});
		expect(env.stdout).toContain("CC_ACCESS_TOKEN='t.shop'");
		const status = await cli(['status'], {CC_TOKEN_PROFILE: 'shop'});
		expect(status.stdout).toContain('Profile “shop” (in use: from CC_TOKEN_PROFILE)');
		expect(status.stdout).not.toContain('Profile “default” (in use');
	});

	it('a CC_TOKEN_PROFILE that is not a profile name is refused, saying which variable', async () => {
		writeProfiles({default: signedIn('t.default')});
		const result = await cli(['token'], {CC_TOKEN_PROFILE: 'a b'});
		expect(result.exitCode).toBe(2);
		expect(result.stdout).toBe('');
		expect(result.stderr).toContain('CC_TOKEN_PROFILE holds “a b”');
	});

	it('cc-token use NAME sets the default profile, shown by status; an unknown name is refused with the list', async () => {
		writeProfiles({default: signedIn('t.default'), shop: signedIn('t.shop')});
		const refused = await cli(['use', 'shpo']);
		expect(refused.exitCode).toBe(2);
		expect(refused.stderr).toContain('There is no profile “shpo”');
		expect(refused.stderr).toContain('Profiles there: default, shop.');
		expect(stored().defaultProfile).toBeUndefined();

		const chosen = await cli(['use', 'shop']);
		expect(chosen.exitCode, chosen.stderr).toBe(0);
		expect(stored().defaultProfile).toBe('shop');
		expect((await cli(['token'])).stdout).toBe('t.shop\n');
		expect((await cli(['token'], {CC_TOKEN_PROFILE: 'default'})).stdout).toBe('t.default\n');
		const status = await cli(['status']);
		expect(status.stdout).toContain('Profile “shop” (in use: chosen with `cc-token use`)');
		expect((await cli(['status', '--json'])).stdout).toContain('"source": "use"');
		const which = await cli(['use']);
		expect(which.stdout).toBe('shop\n');
		expect(which.stderr).toContain('chosen with `cc-token use`');

		// Signing out of it puts "default" back in charge.
		expect((await cli(['logout', '--profile', 'shop'])).exitCode).toBe(0);
		expect(stored().defaultProfile).toBeUndefined();
		expect((await cli(['token'])).stdout).toBe('t.default\n');
	});
});

describe('the server a profile belongs to', () => {
	it('login records it, status shows it', async () => {
		const login = await cli(loginArgs());
		expect(login.exitCode, login.stderr).toBe(0);
		expect(stored().profiles.default.server).toEqual({
			authBaseUrl: e2e.emulator.env.CC_TOKEN_AUTH_URL,
			apiBaseUrl: e2e.emulator.env.CC_TOKEN_API_URL,
		});
		const status = await cli(['status']);
		expect(status.stdout).toContain(
			`  server         ${e2e.emulator.env.CC_TOKEN_AUTH_URL} (API ${e2e.emulator.env.CC_TOKEN_API_URL})`,
		);
		const real = await cli(['status'], {CC_TOKEN_AUTH_URL: undefined, CC_TOKEN_API_URL: undefined});
		expect(real.stdout).toContain('  server         ');
	});

	it('never sends a refresh token to another server: refused with the reason, nothing sent, nothing changed', async () => {
		const requests: string[] = [];
		const other = createServer((request, response) => {
			requests.push(request.url ?? '');
			response.writeHead(500).end();
		});
		await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
		const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}/oauth2/default/v1`;
		try {
			const server = {
				authBaseUrl: 'https://authz.constantcontact.com/oauth2/default/v1',
				apiBaseUrl: 'https://api.cc.email/v3',
			};
			writeProfiles({
				default: signedIn('t.real', {server, accessTokenExpiresAt: Date.now() - 1000}),
			});
			const before = readFileSync(path.join(e2e.configDir, 'config.json'), 'utf8');
			for (const command of [['token'], ['refresh']]) {
				const result = await cli(command, {CC_TOKEN_AUTH_URL: otherUrl});
				expect(result.exitCode).toBe(2);
				expect(result.stdout).toBe('');
				expect(result.stderr).toContain(
					`Profile “default” belongs to the sign-in server ${server.authBaseUrl}, but CC_TOKEN_AUTH_URL now points to ${otherUrl}`,
				);
				expect(result.stderr).not.toContain('refresh-t.real');
			}
			expect(requests).toEqual([]);
			expect(readFileSync(path.join(e2e.configDir, 'config.json'), 'utf8')).toBe(before);
			const status = await cli(['status'], {CC_TOKEN_AUTH_URL: otherUrl});
			expect(status.stdout).toContain('  server         Constant Contact');
		} finally {
			await new Promise((resolve) => other.close(resolve));
		}
	});
});

describe('logout revokes at the server that issued the tokens', () => {
	it('even when CC_TOKEN_AUTH_URL now points elsewhere: nothing goes there', async () => {
		const login = await cli(loginArgs());
		expect(login.exitCode, login.stderr).toBe(0);
		const {accessToken} = stored().profiles.default;
		const requests: string[] = [];
		const other = createServer((request, response) => {
			requests.push(request.url ?? '');
			response.writeHead(200).end();
		});
		await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
		const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}/oauth2/default/v1`;
		try {
			const result = await cli(['logout'], {CC_TOKEN_AUTH_URL: otherUrl});
			expect(result.exitCode, result.stderr).toBe(0);
			expect(result.stdout).toContain('and the tokens revoked');
			expect(requests).toEqual([]);
			expect(await apiStatusFor(e2e.emulator.apiBaseUrl, accessToken)).toBe(401);
		} finally {
			await new Promise((resolve) => other.close(resolve));
		}
	});
});

describe('the emulator’s sign-ins stay apart from real ones', () => {
	const real = {
		authBaseUrl: 'https://authz.constantcontact.com/oauth2/default/v1',
		apiBaseUrl: 'https://api.cc.email/v3',
	};

	it('cc-token emulator prints a set-up with a profile of its own', async () => {
		const emulator = startCli(['emulator', '--port', '0'], {env: e2e.env()});
		try {
			const printed = await waitFor(() => {
				const lines = emulator.output.stdout.match(/^ {2}export .+$/gm);
				return lines && lines.length === 3 ? lines : undefined;
			});
			expect(printed[2]).toBe('  export CC_TOKEN_PROFILE=emulator');
			writeProfiles({default: signedIn('t.real', {server: real})});
			// The printed lines, run by a shell as a person would paste them.
			const shell = spawnSync(
				'sh',
				['-c', `${printed.join('\n')}\n"${process.execPath}" "${builtCli}" use`],
				{env: e2e.env({CC_TOKEN_PROFILE: undefined}), encoding: 'utf8'},
			);
			expect(shell.stdout).toBe('emulator\n');
			expect(shell.stderr).toContain('from CC_TOKEN_PROFILE');
		} finally {
			emulator.child.kill('SIGINT');
			await emulator.finished;
		}
	});

	it('a sign-in against another server never replaces a profile’s tokens; its own profile takes it', async () => {
		writeProfiles({default: signedIn('t.real', {server: real})});
		const before = readFileSync(path.join(e2e.configDir, 'config.json'), 'utf8');
		const args = loginArgs();
		const refused = await cli(args);
		expect(refused.exitCode).toBe(2);
		expect(refused.stderr).toContain(`Profile “default” holds a sign-in to ${real.authBaseUrl}`);
		expect(refused.stderr).not.toContain('Open this address');
		expect(readFileSync(path.join(e2e.configDir, 'config.json'), 'utf8')).toBe(before);

		const apart = await cli(args, {CC_TOKEN_PROFILE: 'emulator'});
		expect(apart.exitCode, apart.stderr).toBe(0);
		const after = stored();
		expect(after.profiles.default).toEqual(JSON.parse(before).profiles.default);
		expect(after.profiles.emulator.server.authBaseUrl).toBe(e2e.emulator.env.CC_TOKEN_AUTH_URL);
	});
});

describe('times', () => {
	it('status shows local time with the zone and how far away it is', async () => {
		const at = Date.UTC(2030, 0, 15, 13, 5);
		writeProfiles({default: signedIn('t.default', {accessTokenExpiresAt: at})});
		const paris = await cli(['status'], {TZ: 'Europe/Paris'});
		expect(paris.stdout).toMatch(/access token {3}valid until 15 Jan 2030 14:05 CET, in \d+ days/);
		const newYork = await cli(['status'], {TZ: 'America/New_York'});
		expect(newYork.stdout).toContain('valid until 15 Jan 2030 08:05 EST');
		expect(paris.stdout).not.toMatch(/\d{4}-\d\d-\d\dT/);
	});
});

describe('cc-token token warnings, on stderr only', () => {
	it('warns when the refresh token will die unused within 14 days, from the fast path too', async () => {
		writeProfiles({
			default: signedIn('t.default', {
				signedInAt: Date.now() - 200 * dayMs,
				lastRefreshAt: Date.now() - 170 * dayMs,
			}),
		});
		const result = await cli(['token']);
		expect(result.exitCode).toBe(0);
		expect(result.stdout).toBe('t.default\n');
		expect(result.stderr).toMatch(
			/^cc-token: warning: the refresh token of profile “default” dies unused \d+ \w{3} \d\d:\d\d UTC, in 10 days: run `cc-token refresh` before then to keep it\.\n$/,
		);
	});

	it('says nothing when the refresh token has time', async () => {
		writeProfiles({default: signedIn('t.default', {lastRefreshAt: Date.now() - 100 * dayMs})});
		const result = await cli(['token']);
		expect(result.stdout).toBe('t.default\n');
		expect(result.stderr).toBe('');
	});
});
