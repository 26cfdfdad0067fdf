// The faults an operator meets, each ending with the sign-in intact: a token handed out, and a
// forced refresh that works after Okta's leeway has passed (so no spent token was kept).
// The built command, the emulator (leeway 30 s and reuse detection on, as Okta by default), a
// fault proxy in front of its token endpoint, real redis-servers and, as root, a tiny tmpfs.
import {execFileSync, spawn} from 'node:child_process';
import {mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {profileFromTokens, storeLocation} from '../../source/store/index.js';
import {readProfile} from '../../source/store/read-store.js';
import {saveProfile} from '../../source/store/write-store.js';
import {apiStatusFor} from '../helpers/api-status.js';
import {runCli, startCli} from '../helpers/cli.js';
import {setUpEmulator} from '../helpers/emulator.js';
import {tokensFrom} from '../helpers/emulator-code.js';
import {type RedisServer, startRedisServer} from '../helpers/redis-server.js';
import {startTokenRelay, type TokenRelay} from '../helpers/token-relay.js';

const e2e = setUpEmulator({app: {name: 'Never lose a sign-in', refreshTokenType: 'rotating'}});
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const apiStatus = (token: string | undefined) => apiStatusFor(e2e.emulator.apiBaseUrl, token ?? '');

async function relayed(plan: Parameters<typeof startTokenRelay>[1]): Promise<TokenRelay> {
	const relay = await startTokenRelay(e2e.emulator.endpoints.token, plan);
	cleanups.push(() => relay.close());
	return relay;
}

async function until(condition: () => boolean, what: string, ms = 20_000): Promise<void> {
	const deadline = Date.now() + ms;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

/** Real tokens from the emulator, the access token already past its end. */
async function expiredSignIn(relay: TokenRelay) {
	const tokens = await tokensFrom(e2e.emulator, e2e.app, ['account_read', 'offline_access']);
	return {
		...profileFromTokens({apiKey: e2e.app.clientId, redirectUri: e2e.redirectUri}, tokens),
		accessTokenExpiresAt: Date.now() - 60_000,
		// Refreshes go through the fault proxy, which stands for the sign-in server.
		server: {authBaseUrl: relay.authUrl, apiBaseUrl: e2e.emulator.apiBaseUrl},
	};
}

/** The sign-in survives: a forced refresh after the leeway has passed gives a working token. */
async function expectSignInIntact(env: NodeJS.ProcessEnv, read: () => {accessToken?: string}) {
	e2e.emulator.advanceClock(60_000);
	const forced = await runCli(['refresh'], {env, timeoutMs: 30_000});
	expect(forced.exitCode, forced.stderr).toBe(0);
	expect(await apiStatus(read().accessToken)).toBe(200);
}

describe('the settings file', () => {
	it('a holder paused past its lease (kill -STOP) never writes over the tokens of the run that took over', async () => {
		// The first refresh's answer is held back until the test lets it go.
		const relay = await relayed({plan: (n) => (n === 1 ? {holdMs: 120_000} : {})});
		const location = storeLocation({CC_TOKEN_CONFIG_DIR: e2e.configDir});
		await saveProfile(location, 'default', await expiredSignIn(relay));
		const env = e2e.env({CC_TOKEN_AUTH_URL: relay.authUrl});

		const paused = startCli(['token'], {env});
		cleanups.push(() => paused.child.kill('SIGKILL'));
		await until(() => relay.answered() === 1, 'the server to answer the first refresh');
		paused.child.kill('SIGSTOP');
		cleanups.push(() => paused.child.kill('SIGCONT'));

		// The lease runs out (10 s), the next run takes the lock over and refreshes: inside the
		// leeway the token the paused run sent still works once more.
		const next = await runCli(['token'], {env, timeoutMs: 40_000});
		expect(next.exitCode, next.stderr).toBe(0);
		const saved = readProfile(location, 'default');
		expect(next.stdout).toBe(`${saved?.accessToken}\n`);

		paused.child.kill('SIGCONT');
		relay.release();
		const resumed = await paused.finished;
		expect(resumed.exitCode, resumed.stderr).toBe(0);
		// The paused run hands out the tokens the other run saved, and leaves them in place.
		expect(resumed.stdout).toBe(next.stdout);
		expect(readProfile(location, 'default')).toEqual(saved);
		await expectSignInIntact(env, () => readProfile(location, 'default') ?? {});
	}, 90_000);

	it('an answer lost after the server rotated is asked for again with the same token, inside the leeway', async () => {
		const relay = await relayed({plan: (n) => (n === 1 ? {dropAnswer: true} : {})});
		const location = storeLocation({CC_TOKEN_CONFIG_DIR: e2e.configDir});
		await saveProfile(location, 'default', await expiredSignIn(relay));
		const env = e2e.env({CC_TOKEN_AUTH_URL: relay.authUrl});

		const run = await runCli(['token'], {env, timeoutMs: 30_000});

		expect(run.exitCode, run.stderr).toBe(0);
		expect(relay.answered()).toBe(2);
		const saved = readProfile(location, 'default');
		expect(run.stdout).toBe(`${saved?.accessToken}\n`);
		expect(await apiStatus(saved?.accessToken)).toBe(200);
		await expectSignInIntact(env, () => readProfile(location, 'default') ?? {});
	}, 60_000);

	it('a disk that fills up mid-refresh loses nothing: the new token is handed out, rescued, and adopted by the next run', async (context) => {
		if (process.getuid?.() !== 0) {
			context.skip('mounting a tmpfs needs root (CI runs as root)');
		}
		const disk = mkdtempSync(path.join(tmpdir(), 'cc-token-full-disk-'));
		try {
			execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k,mode=0700', 'tmpfs', disk]);
		} catch (error) {
			rmSync(disk, {recursive: true, force: true});
			context.skip(`this machine does not let a tmpfs be mounted (${String(error)})`);
		}
		cleanups.push(() => rmSync(disk, {recursive: true, force: true}));
		cleanups.push(() => execFileSync('umount', ['-l', disk]));
		const configDir = path.join(disk, 'cc-token');
		const stateDir = mkdtempSync(path.join(tmpdir(), 'cc-token-state-'));
		cleanups.push(() => rmSync(stateDir, {recursive: true, force: true}));
		const relay = await relayed({holdMs: 500});
		const location = storeLocation({CC_TOKEN_CONFIG_DIR: configDir});
		await saveProfile(location, 'default', await expiredSignIn(relay));
		const env = e2e.env({
			CC_TOKEN_CONFIG_DIR: configDir,
			CC_TOKEN_STATE_DIR: stateDir,
			CC_TOKEN_AUTH_URL: relay.authUrl,
		});

		const run = startCli(['token'], {env});
		await until(() => relay.answered() === 1, 'the server to rotate the token');
		// The server has rotated; the disk fills before cc-token saves.
		const filler = path.join(disk, 'filler');
		try {
			writeFileSync(filler, Buffer.alloc(1024 * 1024));
		} catch {}
		const result = await run.finished;

		expect(result.exitCode, result.stderr).toBe(0);
		const [rescueFile] = readdirSync(stateDir);
		expect(rescueFile).toMatch(/^rescued-tokens-default-/);
		const rescued = JSON.parse(
			execFileSync('cat', [path.join(stateDir, rescueFile ?? '')], {encoding: 'utf8'}),
		);
		expect(result.stdout).toBe(`${rescued.accessToken}\n`);
		expect(await apiStatus(rescued.accessToken)).toBe(200);
		expect(result.stderr).toMatch(/^cc-token: warning: the new tokens of profile “default”/);
		expect(result.stderr).toContain('no space left on the disk');
		expect(result.stderr).not.toMatch(/chmod/);
		expect(result.stderr).not.toContain(rescued.refreshToken);

		// Space again: the next run moves the rescued tokens into the settings file.
		rmSync(filler, {force: true});
		const next = await runCli(['token'], {env});
		expect(next.exitCode, next.stderr).toBe(0);
		expect(next.stdout).toBe(`${rescued.accessToken}\n`);
		expect(next.stderr).toContain('are now in');
		expect(readProfile(location, 'default')?.refreshToken).toBe(rescued.refreshToken);
		expect(readdirSync(stateDir)).toEqual([]);
		await expectSignInIntact(env, () => readProfile(location, 'default') ?? {});
	}, 60_000);
});

describe('a Redis store', () => {
	let redis: RedisServer;
	beforeAll(async () => {
		redis = await startRedisServer();
	});
	afterAll(() => redis.close());

	const profileIn = (server: RedisServer) =>
		JSON.parse(server.cli('HGET', 'cc-token:profiles', 'default')) as {
			accessToken?: string;
			refreshToken?: string;
		};

	async function storeInRedis(relay: TokenRelay) {
		redis.cli('FLUSHALL');
		redis.cli('HSET', 'cc-token:profiles', 'default', JSON.stringify(await expiredSignIn(relay)));
	}

	it('restarted while a refresh holds new tokens: they are written once it is back, and nothing crashes', async () => {
		const relay = await relayed({holdMs: 1_000});
		await storeInRedis(relay);
		const env = e2e.env({CC_TOKEN_STORE: redis.url(), CC_TOKEN_AUTH_URL: relay.authUrl});

		const run = startCli(['token'], {env});
		await until(() => relay.answered() === 1, 'the server to rotate the token');
		await redis.stop();
		// Down longer than a lease renewal (3 s): the renewal timer meets the closed connection.
		await new Promise((resolve) => setTimeout(resolve, 5_000));
		await redis.start();
		const result = await run.finished;

		expect(result.exitCode, result.stderr).toBe(0);
		expect(result.stderr).toBe('');
		const stored = profileIn(redis);
		expect(result.stdout).toBe(`${stored.accessToken}\n`);
		expect(await apiStatus(stored.accessToken)).toBe(200);
		await expectSignInIntact(env, () => profileIn(redis));
	}, 60_000);

	it('out of memory: says so, not that it cannot be reached, and sends nothing', async () => {
		const relay = await relayed({});
		await storeInRedis(relay);
		redis.cli('CONFIG', 'SET', 'maxmemory-policy', 'noeviction');
		redis.cli('CONFIG', 'SET', 'maxmemory', '1');
		cleanups.push(() => redis.cli('CONFIG', 'SET', 'maxmemory', '0'));
		const env = e2e.env({CC_TOKEN_STORE: redis.url(), CC_TOKEN_AUTH_URL: relay.authUrl});

		const run = await runCli(['token'], {env});

		expect(run.exitCode).toBe(5);
		expect(run.stderr).toContain('out of memory');
		expect(run.stderr).not.toMatch(/cannot reach/);
		expect(relay.received()).toBe(0);
		redis.cli('CONFIG', 'SET', 'maxmemory', '0');
		const next = await runCli(['token'], {env});
		expect(next.exitCode, next.stderr).toBe(0);
	});

	it('90 callers on three machines with the CPU starved make one refresh and hand out one token', async () => {
		const relay = await relayed({holdMs: 1_000});
		await storeInRedis(relay);
		const machines = [0, 1, 2].map(() => mkdtempSync(path.join(tmpdir(), 'cc-token-machine-')));
		cleanups.push(() => {
			for (const dir of machines) rmSync(dir, {recursive: true, force: true});
		});
		// Two busy loops: on a two-core machine every caller waits for the CPU.
		const hogs = [0, 1].map(() =>
			spawn(process.execPath, ['-e', 'for (;;) {}'], {stdio: 'ignore'}),
		);
		cleanups.push(() => {
			for (const hog of hogs) hog.kill('SIGKILL');
		});
		const refreshes = e2e.emulator.counts.refreshes;

		const results = await Promise.all(
			Array.from({length: 90}, (_, caller) =>
				runCli(['token'], {
					env: e2e.env({
						CC_TOKEN_CONFIG_DIR: machines[caller % 3],
						CC_TOKEN_STORE: redis.url(),
						CC_TOKEN_AUTH_URL: relay.authUrl,
					}),
					timeoutMs: 150_000,
				}),
			),
		);
		for (const hog of hogs) hog.kill('SIGKILL');

		const failed = results.filter((result) => result.exitCode !== 0);
		expect(failed.map((result) => result.stderr)).toEqual([]);
		expect(e2e.emulator.counts.refreshes - refreshes).toBe(1);
		const stored = profileIn(redis);
		expect(new Set(results.map((result) => result.stdout))).toEqual(
			new Set([`${stored.accessToken}\n`]),
		);
		await expectSignInIntact(
			e2e.env({CC_TOKEN_STORE: redis.url(), CC_TOKEN_AUTH_URL: relay.authUrl}),
			() => profileIn(redis),
		);
	}, 200_000);
});

describe('a failure nothing caught', () => {
	/** NODE_OPTIONS that make a timer throw after half a second, as a library's lease renewal once did. */
	function throwingTimer(): string {
		const preload = path.join(mkdtempSync(path.join(tmpdir(), 'cc-token-timer-')), 'throw.mjs');
		writeFileSync(preload, "setTimeout(() => { throw new Error('thrown from a timer'); }, 500);\n");
		cleanups.push(() => rmSync(path.dirname(preload), {recursive: true, force: true}));
		return `--import ${preload}`;
	}

	function expectOneLine(run: {exitCode: number | null; stderr: string}) {
		expect(run.exitCode).toBe(1);
		expect(run.stderr).toMatch(
			/^cc-token: Something unexpected went wrong: thrown from a timer\n {2}\S/,
		);
		expect(run.stderr).not.toMatch(/\n\s+at /);
		expect(run.stderr.length).toBeLessThan(400);
	}

	it('ends the run with one line and exit 1, not a stack trace of bundled source', async () => {
		// While the emulator runs (the full command set).
		const run = await runCli(['emulator', '--port', '0'], {
			env: e2e.env({NODE_OPTIONS: throwingTimer()}),
			timeoutMs: 20_000,
		});
		expectOneLine(run);
	});

	it('the same in `cc-token api`, which the entry answers itself, while its request waits', async () => {
		// An API that takes the request and never answers.
		const silent = createServer(() => {});
		await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
		cleanups.push(() => new Promise((resolve) => silent.close(resolve)));
		const apiBaseUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/v3`;
		const tokens = await tokensFrom(e2e.emulator, e2e.app, ['account_read', 'offline_access']);
		const server = {authBaseUrl: e2e.emulator.authBaseUrl, apiBaseUrl};
		await saveProfile(
			storeLocation({CC_TOKEN_CONFIG_DIR: e2e.configDir}),
			'default',
			profileFromTokens({apiKey: e2e.app.clientId, server}, tokens),
		);

		const run = await runCli(['api', '/account/summary'], {
			env: e2e.env({
				NODE_OPTIONS: throwingTimer(),
				CC_TOKEN_AUTH_URL: undefined,
				CC_TOKEN_API_URL: undefined,
			}),
		});
		expectOneLine(run);
	});
});
