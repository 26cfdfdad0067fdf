// Secrets in the OS keychain: the built cc-token against a real Secret Service (GNOME Keyring
// in a private D-Bus session) and the emulator, which rotates refresh tokens.
import {execFileSync} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {setUpEmulator} from '../helpers/emulator.js';
import {
	type KeychainSession,
	startKeychainSession,
	startSilentBus,
} from '../helpers/keychain-session.js';
import {startRedisServer} from '../helpers/redis-server.js';

const clientSecret = 'keychain-app-secret-4f8e2a';
const setup = setUpEmulator({
	emulator: {autoApprove: 'allow'},
	app: {name: 'Keychain app', clientSecret, refreshTokenType: 'rotating'},
});
let keyring: KeychainSession;
beforeAll(async () => {
	keyring = await startKeychainSession();
});
afterAll(() => keyring.close());

function env(extra: Record<string, string | undefined> = {}) {
	return setup.env({DBUS_SESSION_BUS_ADDRESS: keyring.address, ...extra});
}

function settings(): {profiles: Record<string, Record<string, unknown>>} | undefined {
	const file = path.join(setup.configDir, 'config.json');
	return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

function entryAccount(): string {
	return `default in ${path.join(setup.configDir, 'config.json')}`;
}

function inKeychain(): {refreshToken?: string; clientSecret?: string} | undefined {
	const secret = keyring.lookup('cc-token', entryAccount());
	return secret === undefined ? undefined : JSON.parse(secret);
}

function login(extra: Record<string, string | undefined> = {}, args: string[] = ['--keychain']) {
	return runCli(
		['login', '--client-id', setup.app.clientId, '--redirect-uri', setup.redirectUri, ...args],
		{
			env: env({CC_CLIENT_SECRET: clientSecret, ...extra}),
			timeoutMs: 30_000,
		},
	);
}

describe('login --keychain with a real Secret Service', () => {
	it('keeps the refresh token and secret in the keychain; token, refresh, status and logout use it', async () => {
		const signIn = await login();
		expect(signIn.stderr).toContain('Signed in');
		expect(signIn.exitCode).toBe(0);

		// The file holds the rest and a reference; neither secret is in it.
		const fileText = readFileSync(path.join(setup.configDir, 'config.json'), 'utf8');
		const stored = settings()!.profiles.default!;
		const secrets = inKeychain();
		expect(secrets?.clientSecret).toBe(clientSecret);
		expect(secrets?.refreshToken).toMatch(/\S{20,}/);
		expect(fileText).not.toContain(clientSecret);
		expect(fileText).not.toContain(secrets!.refreshToken!);
		expect(stored).not.toHaveProperty('refreshToken');
		expect(stored.keychain).toEqual({
			service: 'cc-token',
			account: entryAccount(),
			holds: ['refreshToken', 'clientSecret'],
		});

		const token = await runCli(['token'], {env: env()});
		expect(token.exitCode).toBe(0);
		expect(token.stdout).toBe(`${stored.accessToken}\n`);

		const status = await runCli(['status', '--json'], {env: env()});
		const [described] = JSON.parse(status.stdout).profiles;
		expect(described).toMatchObject({
			secretsIn: 'keychain',
			secretStored: true,
			refreshToken: {present: true},
		});

		// Refresh rotates the token: the new one is in the keychain, the old one spent.
		const refreshesBefore = setup.emulator.counts.refreshes;
		const refresh = await runCli(['refresh'], {env: env()});
		expect(refresh.stderr).toContain('The rotating refresh token was replaced and saved.');
		expect(refresh.exitCode).toBe(0);
		expect(setup.emulator.counts.refreshes - refreshesBefore).toBe(1);
		const rotated = inKeychain();
		expect(rotated?.refreshToken).not.toBe(secrets!.refreshToken);
		expect(rotated?.clientSecret).toBe(clientSecret);
		expect(readFileSync(path.join(setup.configDir, 'config.json'), 'utf8')).not.toContain(
			rotated!.refreshToken!,
		);

		// The rotated token works: an expiring access token is renewed from the keychain.
		const profile = settings()!.profiles.default!;
		const config = settings()!;
		config.profiles.default = {...profile, accessTokenExpiresAt: Date.now() + 60_000};
		const {writeFileSync} = await import('node:fs');
		writeFileSync(path.join(setup.configDir, 'config.json'), JSON.stringify(config), {mode: 0o600});
		const renewed = await runCli(['token'], {env: env()});
		expect(renewed.stderr).toBe('');
		expect(renewed.exitCode).toBe(0);
		expect(renewed.stdout).not.toBe(`${profile.accessToken}\n`);
		expect(setup.emulator.counts.refreshes - refreshesBefore).toBe(2);
		expect(inKeychain()?.refreshToken).not.toBe(rotated!.refreshToken);

		const logout = await runCli(['logout'], {env: env()});
		expect(logout.stdout).toContain('credentials deleted and the tokens revoked');
		expect(logout.exitCode).toBe(0);
		expect(inKeychain()).toBeUndefined();
		expect(settings()!.profiles).toEqual({});
	}, 90_000);

	it('is remembered for the profile, and CC_TOKEN_KEYCHAIN=1 asks for it too', async () => {
		expect((await login({CC_TOKEN_KEYCHAIN: '1'}, [])).exitCode).toBe(0);
		expect(inKeychain()?.clientSecret).toBe(clientSecret);
		// Signed in again without asking: the secrets stay in the keychain.
		expect((await login({}, [])).exitCode).toBe(0);
		expect(settings()!.profiles.default).not.toHaveProperty('refreshToken');
		expect(inKeychain()?.refreshToken).toMatch(/\S{20,}/);
		expect((await runCli(['logout'], {env: env()})).exitCode).toBe(0);
	}, 60_000);
});

describe('a keychain entry removed outside cc-token', () => {
	it('logout still removes the profile, exit 0, saying what the keychain no longer held', async () => {
		const signIn = await login();
		expect(signIn.exitCode, signIn.stderr).toBe(0);
		execFileSync('secret-tool', ['clear', 'service', 'cc-token', 'username', entryAccount()], {
			env: {PATH: process.env.PATH, DBUS_SESSION_BUS_ADDRESS: keyring.address},
		});
		expect(inKeychain()).toBeUndefined();

		const logout = await runCli(['logout'], {env: env()});
		expect(logout.stdout).toContain('Signed out of “default”: credentials deleted');
		expect(logout.stdout).toContain(
			`The OS keychain no longer holds the refreshToken and clientSecret of this profile (entry “${entryAccount()}” of service “cc-token”).`,
		);
		expect(logout.exitCode, logout.stderr).toBe(0);
		expect(settings()?.profiles.default).toBeUndefined();
	});
});

describe('a keychain profile moved to a Redis store', () => {
	it('arrives with its secrets, which Redis then holds; the keychain entry goes with --move', async () => {
		const redis = await startRedisServer();
		try {
			expect((await login()).exitCode).toBe(0);
			const secrets = inKeychain();
			const move = await runCli(['store', 'copy', '--from', 'file', '--move'], {
				env: env({CC_TOKEN_STORE: redis.url()}),
			});
			expect(move.stderr).toBe('');
			expect(move.exitCode).toBe(0);
			const inRedis = JSON.parse(redis.cli('HGET', 'cc-token:profiles', 'default'));
			expect(inRedis.refreshToken).toBe(secrets?.refreshToken);
			expect(inRedis.clientSecret).toBe(clientSecret);
			expect(inRedis).not.toHaveProperty('keychain');
			expect(inKeychain()).toBeUndefined();
			const status = await runCli(['status', '--json'], {env: env({CC_TOKEN_STORE: redis.url()})});
			expect(JSON.parse(status.stdout).profiles[0].secretsIn).toBe('redis');
		} finally {
			await redis.close();
		}
	}, 60_000);
});

describe('login --keychain without a keychain', () => {
	it('refuses before any browser opens when no D-Bus answers, and writes nothing', async () => {
		const result = await login({DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus'});
		expect(result.exitCode).toBe(5);
		expect(result.stderr).toContain('cc-token cannot use the OS keychain');
		expect(result.stderr).toContain('without --keychain');
		expect(result.stderr).not.toContain('Open this address');
		expect(settings()).toBeUndefined();
	});

	it('gives up on a keychain that never answers within its 5-second deadline', async () => {
		const silent = await startSilentBus();
		try {
			// Killed at 15 s, which would leave no exit code.
			const result = await login({DBUS_SESSION_BUS_ADDRESS: silent.address});
			expect(result.exitCode).toBe(5);
			expect(result.stderr).toContain('did not answer within 5 seconds');
			expect(settings()).toBeUndefined();

			// A profile whose secrets are there: a refresh meets the same deadline, and the file
			// is left as it was.
			expect((await login()).exitCode).toBe(0);
			const before = readFileSync(path.join(setup.configDir, 'config.json'), 'utf8');
			const refresh = await runCli(['refresh'], {
				env: env({DBUS_SESSION_BUS_ADDRESS: silent.address}),
				timeoutMs: 15_000,
			});
			expect(refresh.exitCode).toBe(5);
			expect(refresh.stderr).toContain('did not answer within 5 seconds');
			expect(readFileSync(path.join(setup.configDir, 'config.json'), 'utf8')).toBe(before);
			expect((await runCli(['logout'], {env: env()})).exitCode).toBe(0);
		} finally {
			await silent.close();
		}
	}, 60_000);

	it('refuses --keychain with a Redis store, which holds its own secrets', async () => {
		const result = await login({CC_TOKEN_STORE: 'redis://127.0.0.1:1/0'});
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toContain('holds the secrets itself');
	});
});
