// A fleet sharing one sign-in through Redis: the built cc-token on three simulated machines
// (three config folders, one real redis-server of the test's own) against the emulator, which
// rotates refresh tokens and counts every refresh.
import {spawn} from 'node:child_process';
import {existsSync, readdirSync} from 'node:fs';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {
	type Emulator,
	type EmulatorApp,
	startEmulator,
} from '../../source/provider/emulator/index.js';
import {apiStatusFor} from '../helpers/api-status.js';
import {
	baseEnv,
	browserScript,
	type CliResult,
	repoRoot,
	runCli,
	startCli,
	waitFor,
} from '../helpers/cli.js';
import {freePort} from '../helpers/ports.js';
import {type RedisServer, startRedisServer} from '../helpers/redis-server.js';
import {makeTempStore, type TempStore} from '../helpers/temp-store.js';
import {startTokenRelay, type TokenRelay} from '../helpers/token-relay.js';

const password = 'fleet-password-7c1e';
let emulator: Emulator;
let app: EmulatorApp;
let redirectUri: string;
let redis: RedisServer;
let machines: TempStore[];

beforeAll(async () => {
	[emulator, redis] = await Promise.all([
		startEmulator({autoApprove: 'allow'}),
		startRedisServer({password}),
	]);
	redirectUri = `http://localhost:${await freePort()}/callback`;
	app = emulator.registerApp({
		name: 'Fleet',
		redirectUris: [redirectUri],
		refreshTokenType: 'rotating',
	});
	machines = await Promise.all([makeTempStore(), makeTempStore(), makeTempStore()]);
});
afterAll(async () => {
	await Promise.all([emulator.close(), redis.close(), ...machines.map((m) => m.remove())]);
});
beforeEach(() => {
	redis.cli('FLUSHALL');
});

function machineEnv(index: number, extra: Record<string, string | undefined> = {}) {
	return baseEnv({
		CC_TOKEN_CONFIG_DIR: machines[index]!.dir,
		CC_TOKEN_STORE: redis.url(password),
		...emulator.env,
		BROWSER: browserScript,
		...extra,
	});
}

/** A Node program of the test's, run as a person's script would be. */
function startProgram(source: string, env: NodeJS.ProcessEnv) {
	const child = spawn(process.execPath, ['--input-type=module', '-e', source], {env});
	const output = {stdout: '', stderr: ''};
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
		output.stdout += chunk;
	});
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
		output.stderr += chunk;
	});
	const finished = new Promise<CliResult>((resolve) => {
		child.on('close', (exitCode, signal) => resolve({exitCode, signal, ...output}));
	});
	return {child, finished};
}

function storedProfile(): Record<string, unknown> {
	return JSON.parse(redis.cli('HGET', 'cc-token:profiles', 'default'));
}

/** Signs machine 0 in through the browser, straight into Redis. */
async function signIn() {
	const result = await runCli(
		['login', '--client-id', app.clientId, '--redirect-uri', redirectUri],
		{
			env: machineEnv(0),
			timeoutMs: 45_000,
		},
	);
	expect(result.stderr).toContain(`in the Redis store ${redis.url()}`);
	expect(result.exitCode).toBe(0);
}

/**
 * Puts the stored access token inside its 5-minute refresh window, as time would. The fleet
 * reaches the sign-in server through `relay` (the tokens go nowhere else but the server they
 * were issued by).
 */
function nearExpiry(relay: TokenRelay) {
	const profile = storedProfile() as {server: {authBaseUrl: string}};
	profile.server.authBaseUrl = relay.authUrl;
	Object.assign(profile, {accessTokenExpiresAt: Date.now() + 4 * 60_000});
	redis.cli('HSET', 'cc-token:profiles', 'default', JSON.stringify(profile));
}

function expectNothingLocal() {
	for (const machine of machines) {
		expect(existsSync(machine.dir) ? readdirSync(machine.dir) : []).toEqual([]);
	}
}

function expectNoPassword(...outputs: string[]) {
	for (const output of outputs) expect(output).not.toContain(password);
}

// Every test here starts with a browser sign-in into Redis: on a loaded machine (two CPU-bound
// programs beside the suite) that alone has taken over 20 seconds.
describe('a Redis store shared by three machines', {timeout: 60_000}, () => {
	it('30 concurrent token runs across an expiry make exactly one refresh and print one token', async () => {
		await signIn();
		// The refresh answer is held back so that every run reaches the lock while it is in flight.
		const relay = await startTokenRelay(emulator.endpoints.token, {holdMs: 1500});
		nearExpiry(relay);
		const before = storedProfile();
		const refreshesBefore = emulator.counts.refreshes;
		const results = await Promise.all(
			Array.from({length: 30}, (_, run) =>
				runCli(['token'], {
					env: machineEnv(run % 3, {CC_TOKEN_AUTH_URL: relay.authUrl}),
					timeoutMs: 40_000,
				}),
			),
		).finally(() => relay.close());

		for (const result of results) {
			expect(result.stderr).toBe('');
			expect(result.exitCode).toBe(0);
		}
		expect(emulator.counts.refreshes - refreshesBefore).toBe(1);
		const printed = new Set(results.map((result) => result.stdout));
		expect(printed.size).toBe(1);
		const after = storedProfile();
		expect([...printed][0]).toBe(`${after.accessToken}\n`);
		expect(after.accessToken).not.toBe(before.accessToken);
		expect(after.refreshToken).not.toBe(before.refreshToken);
		expect(after).not.toHaveProperty('pendingRefresh');
		// The new token works, and no machine wrote anything of its own.
		expect(await apiStatusFor(emulator.apiBaseUrl, String(after.accessToken))).toBe(200);
		expectNothingLocal();
	}, 90_000);

	it('says which store it uses, without the password', async () => {
		await signIn();
		const status = await runCli(['status'], {env: machineEnv(1)});
		expect(status.exitCode).toBe(0);
		expect(status.stdout).toContain(`Credentials store: ${redis.url()} (Redis, shared)`);
		const json = await runCli(['status', '--json'], {env: machineEnv(2)});
		expect(JSON.parse(json.stdout).store).toEqual({kind: 'redis', where: redis.url()});
		expectNoPassword(status.stdout, status.stderr, json.stdout, json.stderr);
		expectNothingLocal();
	}, 40_000);

	it('serves the library too, whose process ends by itself with the connection idle', async () => {
		await signIn();
		const library = pathToFileURL(path.join(repoRoot, 'dist', 'esm', 'library.mjs')).href;
		const program = `import {getAccessToken} from ${JSON.stringify(library)};\nconsole.log(await getAccessToken());`;
		const {child, finished} = startProgram(program, machineEnv(2));
		const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
		const result = await finished.finally(() => clearTimeout(timer));
		expect(result.stderr).toBe('');
		expect(result.signal).toBeNull();
		expect(result.stdout).toBe(`${storedProfile().accessToken}\n`);
	}, 40_000);

	it('exits 5 naming the store while Redis is down, without waiting on it, and works again once it is back', async () => {
		await signIn();
		await redis.stop();
		try {
			for (const command of [['token'], ['status'], ['refresh']]) {
				// A refused connection is answered at once (about 0.3 s here); a run that waited on
				// Redis would be killed, leaving no exit code. The bound allows for a busy machine,
				// where one start of Node has taken more than 10 s.
				const down = await runCli(command, {env: machineEnv(1)});
				expect(down.exitCode).toBe(5);
				expect(down.stdout).toBe('');
				expect(down.stderr).toContain(`Redis store at 127.0.0.1:${redis.port}`);
				expectNoPassword(down.stderr);
			}
		} finally {
			await redis.start();
		}
		const back = await runCli(['token'], {env: machineEnv(1)});
		expect(back.exitCode).toBe(0);
		expect(back.stdout).toBe(`${storedProfile().accessToken}\n`);
	}, 120_000);

	it('refuses a wrong password clearly, without repeating it', async () => {
		await signIn();
		const wrong = 'not-the-password-42';
		for (const env of [
			machineEnv(1, {CC_TOKEN_STORE: redis.url(wrong)}),
			machineEnv(1, {CC_TOKEN_STORE: undefined}),
		]) {
			const args = env.CC_TOKEN_STORE ? ['token'] : ['token', '--store', redis.url(wrong)];
			const result = await runCli(args, {env});
			expect(result.exitCode).toBe(4);
			expect(result.stderr).toContain(
				`The Redis store at 127.0.0.1:${redis.port} refused cc-token: wrong user name or password.`,
			);
			expect(result.stderr).not.toContain(wrong);
			expectNoPassword(result.stderr);
			// On the command line, a password is also a warning.
			expect(result.stderr.includes('warning: the Redis password in --store')).toBe(
				args.includes('--store'),
			);
		}
		const none = await runCli(['status'], {env: machineEnv(1, {CC_TOKEN_STORE: redis.url()})});
		expect(none.exitCode).toBe(4);
		expect(none.stderr).toContain('it needs a password, and the store address gives none');
	}, 40_000);

	it('heals a refresh whose holder was killed mid-way once its lease runs out', async () => {
		await signIn();
		// A token endpoint that never answers: the holder hangs in its refresh, lock held.
		const relay = await startTokenRelay(emulator.endpoints.token, {swallow: true});
		nearExpiry(relay);
		const before = storedProfile();
		const refreshesBefore = emulator.counts.refreshes;
		const env = (index: number) => machineEnv(index, {CC_TOKEN_AUTH_URL: relay.authUrl});
		const holder = startCli(['token'], {env: env(0)});
		let healed: CliResult;
		let sentAt: number;
		let healedBy: number;
		try {
			await waitFor(() => relay.received() === 1, 15_000);
			sentAt = Date.now();
			expect(redis.cli('EXISTS', 'mutex:cc-token:lock:default')).toBe('1');
			expect(storedProfile()).toHaveProperty('pendingRefresh');
			holder.child.kill('SIGKILL');
			await holder.finished;
			// The server answers again; the refresh never reached it, so its token still works.
			relay.swallow = false;
			healed = await runCli(['token'], {env: env(1), timeoutMs: 40_000});
			healedBy = Date.now();
		} finally {
			await relay.close();
		}

		// The next run waits out the killed holder's 10 s lease, then sends the same token again:
		// inside the 20 s resend window, which is what happens unless the machine is very busy.
		// Later than that, the token is never sent again (a late spent token ends the sign-in):
		// the run hands out the stored token with the reason, and the sign-in is kept as it was.
		if (healed.stderr !== '' && healedBy - sentAt > 15_000) {
			expect(healed.exitCode).toBe(0);
			expect(healed.stderr).toContain('cc-token will not send that token again');
			expect(healed.stdout).toBe(`${before.accessToken}\n`);
			expect(storedProfile().refreshToken).toBe(before.refreshToken);
			expect(emulator.counts.refreshes - refreshesBefore).toBe(0);
			return;
		}
		expect(healed.stderr).toBe('');
		expect(healed.exitCode).toBe(0);
		const after = storedProfile();
		expect(healed.stdout).toBe(`${after.accessToken}\n`);
		expect(after.refreshToken).not.toBe(before.refreshToken);
		expect(after).not.toHaveProperty('pendingRefresh');
		expect(emulator.counts.refreshes - refreshesBefore).toBe(1);
		expect(redis.cli('EXISTS', 'mutex:cc-token:lock:default')).toBe('0');
	}, 60_000);
});

describe('cc-token store copy', {timeout: 60_000}, () => {
	it('moves a sign-in from a laptop’s settings file into Redis, where the fleet uses it', async () => {
		const laptop = makeTempStore();
		try {
			const laptopEnv = {
				...machineEnv(0, {CC_TOKEN_STORE: undefined}),
				CC_TOKEN_CONFIG_DIR: laptop.dir,
			};
			const login = await runCli(
				['login', '--client-id', app.clientId, '--redirect-uri', redirectUri],
				{env: laptopEnv, timeoutMs: 45_000},
			);
			expect(login.exitCode).toBe(0);
			// As the readme says: the fleet's store set once, the password typed nowhere else.
			const copy = await runCli(['store', 'copy', '--from', 'file', '--move'], {
				env: {...laptopEnv, CC_TOKEN_STORE: redis.url(password)},
			});
			expect(copy.stderr).toBe('');
			expect(copy.exitCode).toBe(0);
			expect(copy.stdout).toContain(
				`Moved profile “default” from ${path.join(laptop.dir, 'config.json')} to ${redis.url()}.`,
			);
			expectNoPassword(copy.stdout);

			const fleet = await runCli(['env'], {env: machineEnv(2)});
			expect(fleet.exitCode).toBe(0);
			expect(fleet.stdout).toContain(`export CC_ACCESS_TOKEN='${storedProfile().accessToken}'`);
			const leftOnLaptop = await runCli(['status'], {env: laptopEnv});
			expect(leftOnLaptop.exitCode).toBe(3);

			// A second copy does not overwrite what is there.
			const again = await runCli(
				['store', 'copy', '--from', redis.url(password), '--to', laptop.dir],
				{
					env: laptopEnv,
				},
			);
			expect(again.exitCode).toBe(0);
			const over = await runCli(
				['store', 'copy', '--from', laptop.dir, '--to', redis.url(password)],
				{
					env: laptopEnv,
				},
			);
			expect(over.exitCode).toBe(2);
			expect(over.stderr).toContain('already has a profile “default”');
		} finally {
			await laptop.remove();
		}
	}, 60_000);
});

describe('a Redis store over TLS', {timeout: 60_000}, () => {
	let tlsRedis: RedisServer;
	beforeAll(async () => {
		tlsRedis = await startRedisServer({password, tls: true});
	});
	afterAll(() => tlsRedis.close());

	it('signs in and hands out tokens through rediss:// with a certificate made for the test', async () => {
		const env = (extra: Record<string, string | undefined> = {}) =>
			machineEnv(1, {
				CC_TOKEN_STORE: tlsRedis.url(password),
				NODE_EXTRA_CA_CERTS: tlsRedis.caFile,
				...extra,
			});
		const login = await runCli(
			['login', '--client-id', app.clientId, '--redirect-uri', redirectUri],
			{
				env: env(),
				timeoutMs: 45_000,
			},
		);
		expect(login.stderr).toContain(`in the Redis store ${tlsRedis.url()}`);
		expect(login.exitCode).toBe(0);
		const token = await runCli(['token'], {env: env()});
		expect(token.exitCode).toBe(0);
		expect(token.stdout).toBe(
			`${JSON.parse(tlsRedis.cli('HGET', 'cc-token:profiles', 'default')).accessToken}\n`,
		);

		// A certificate nobody vouches for is refused, and the hint says how to trust one.
		const untrusted = await runCli(['token'], {env: env({NODE_EXTRA_CA_CERTS: undefined})});
		expect(untrusted.exitCode).toBe(5);
		expect(untrusted.stderr).toContain('NODE_EXTRA_CA_CERTS');
		expectNoPassword(untrusted.stderr);
	}, 60_000);
});
