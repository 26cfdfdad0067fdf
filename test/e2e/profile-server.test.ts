// Where a profile's tokens go: the server that issued them, whatever the environment says. A
// profile saved before cc-token recorded its server belongs to Constant Contact; with a server
// variable pointing elsewhere (a .envrc, a CI variable) it is refused and a real loopback server
// standing in for a stranger receives nothing. With no variable set, an emulator profile is
// used at the emulator it recorded, by every command.
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {Profile} from '../../source/store/index.js';
import {profileFromTokens} from '../../source/store/index.js';
import {baseEnv, runCli} from '../helpers/cli.js';
import {setUpEmulator} from '../helpers/emulator.js';
import {tokensFrom} from '../helpers/emulator-code.js';

const setup = setUpEmulator({emulator: {autoApprove: 'allow'}});

/** A loopback server that must never be asked anything: it counts what it receives. */
let stranger: Server;
let strangerUrl: string;
const received: string[] = [];
beforeAll(async () => {
	stranger = createServer((request, response) => {
		received.push(`${request.method} ${request.url} ${request.headers.authorization ?? ''}`);
		response.writeHead(200, {'content-type': 'application/json'}).end('{}');
	});
	await new Promise<void>((resolve) => stranger.listen(0, '127.0.0.1', resolve));
	strangerUrl = `http://127.0.0.1:${(stranger.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => stranger.close(() => resolve())));

function settingsFile() {
	return path.join(setup.configDir, 'config.json');
}

function writeProfiles(profiles: Record<string, Profile>): void {
	mkdirSync(setup.configDir, {recursive: true, mode: 0o700});
	writeFileSync(settingsFile(), JSON.stringify({version: 1, profiles}), {mode: 0o600});
}

/** A real sign-in at the emulator, saved as `name`, recording the emulator or no server. */
async function signedIn(recordsServer: boolean, extra: Partial<Profile> = {}): Promise<Profile> {
	const tokens = await tokensFrom(setup.emulator, setup.app, [
		'account_read',
		'contact_data',
		'offline_access',
	]);
	const {emulator} = setup;
	return {
		...profileFromTokens(
			{
				apiKey: setup.app.clientId,
				...(recordsServer
					? {server: {authBaseUrl: emulator.authBaseUrl, apiBaseUrl: emulator.apiBaseUrl}}
					: {}),
			},
			tokens,
		),
		...extra,
	};
}

/** No server variable at all: the environment of a new shell. */
function plainEnv(extra: Record<string, string> = {}) {
	return baseEnv({CC_TOKEN_CONFIG_DIR: setup.configDir, ...extra});
}

describe('a profile saved before cc-token recorded its server', () => {
	it('is not sent to the API a variable names: one refusal, nothing received', async () => {
		writeProfiles({default: await signedIn(false)});
		const api = await runCli(['api', '/account/summary'], {
			env: plainEnv({CC_TOKEN_API_URL: `${strangerUrl}/v3`}),
		});
		expect(api.stdout).toBe('');
		expect(api.stderr.split('\n')[0]).toBe(
			`cc-token: Profile “default” was saved before cc-token recorded its server, so it belongs to Constant Contact (https://api.cc.email/v3); CC_TOKEN_API_URL points to ${strangerUrl}/v3, so nothing was sent there.`,
		);
		expect(api.exitCode).toBe(2);
		expect(received).toEqual([]);
	});

	it('does not send its refresh token to the sign-in server a variable names, nor record it', async () => {
		const old = await signedIn(false, {accessTokenExpiresAt: Date.now() - 1000});
		writeProfiles({default: old});
		for (const command of [['token'], ['refresh'], ['exec', '--', 'true']]) {
			const run = await runCli(command, {env: plainEnv({CC_TOKEN_AUTH_URL: strangerUrl})});
			expect(run.stderr).toContain('CC_TOKEN_AUTH_URL points to');
			expect(run.stderr).toContain('nothing was sent there');
			expect(run.stdout).toBe('');
			expect(run.exitCode).toBe(2);
		}
		expect(received).toEqual([]);
		expect(JSON.parse(readFileSync(settingsFile(), 'utf8')).profiles.default).toEqual(old);
	});
});

describe('an emulator profile used later, with no server variable set', () => {
	it('is used at its own server by api, status --verify and doctor', async () => {
		writeProfiles({emulator: await signedIn(true)});
		const before = setup.emulator.api.requests();

		const api = await runCli(['api', '/account/summary', '--profile', 'emulator'], {
			env: plainEnv(),
		});
		expect(api.stderr).toBe('');
		expect(JSON.parse(api.stdout)).toHaveProperty('organization_name');
		expect(api.exitCode).toBe(0);

		const status = await runCli(['status', '--verify', '--profile', 'emulator'], {
			env: plainEnv(),
		});
		expect(status.stdout).toContain('verified       yes, Constant Contact accepts the token');
		expect(status.exitCode).toBe(0);

		const doctor = await runCli(['doctor', '--profile', 'emulator'], {env: plainEnv()});
		expect(doctor.stdout).toContain('✓ Constant Contact accepts the access token');
		expect(setup.emulator.api.requests() - before).toBe(3);
	});

	it('renews its token at its own sign-in server', async () => {
		writeProfiles({emulator: await signedIn(true, {accessTokenExpiresAt: Date.now() - 1000})});
		const refreshes = setup.emulator.counts.refreshes;
		const token = await runCli(['token', '--profile', 'emulator'], {env: plainEnv()});
		expect(token.stderr).toBe('');
		expect(token.exitCode).toBe(0);
		expect(setup.emulator.counts.refreshes - refreshes).toBe(1);
	});

	it('is refused when a variable names another server, naming that variable', async () => {
		writeProfiles({emulator: await signedIn(true)});
		const api = await runCli(['api', '/account/summary', '--profile', 'emulator'], {
			env: plainEnv({CC_TOKEN_API_URL: `${strangerUrl}/v3`}),
		});
		expect(api.stderr).toContain(
			`Profile “emulator” was signed in to the API at ${setup.emulator.apiBaseUrl}, but CC_TOKEN_API_URL now points to ${strangerUrl}/v3`,
		);
		expect(api.stderr).toContain('Unset CC_TOKEN_API_URL');
		expect(api.stderr).not.toContain('CC_TOKEN_AUTH_URL');
		expect(api.exitCode).toBe(2);

		const doctor = await runCli(['doctor', '--profile', 'emulator'], {
			env: plainEnv({CC_TOKEN_AUTH_URL: strangerUrl}),
		});
		expect(doctor.stderr).toContain('but CC_TOKEN_AUTH_URL now points to');
		expect(doctor.exitCode).toBe(2);
		expect(received).toEqual([]);
	});
});
