// Real processes against a real token server on 127.0.0.1 that behaves like Constant Contact
// with rotating refresh tokens: each refresh token works once, and a reused one gets
// 400 invalid_grant.
import {type ChildProcess, spawn} from 'node:child_process';
import {chmodSync, existsSync, readdirSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {join} from 'node:path';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {readProfile} from '../../source/store/read-store.js';
import {describeClockTime} from '../../source/text/time.js';
import {type BundledScript, bundleScript} from '../helpers/bundle.js';
import {apiKey, modeOf, setUpTempStore, writeStoreFile} from '../helpers/temp-store.js';

let worker: BundledScript;

beforeAll(async () => {
	worker = await bundleScript(
		join(import.meta.dirname, '..', 'helpers', 'programs', 'refresh-worker.ts'),
	);
});

afterAll(() => worker.remove());

interface TokenServer {
	url: string;
	/** Refresh requests that reached the server. */
	requests: () => number;
	/** When set, the server rotates the refresh token but never answers. */
	hang: boolean;
	close: () => Promise<void>;
}

async function startTokenServer(): Promise<TokenServer> {
	let validRefreshToken = 'rt-0';
	let requests = 0;
	const state = {hang: false};
	const server: Server = createServer((request, response) => {
		let body = '';
		request.on('data', (chunk) => {
			body += chunk;
		});
		request.on('end', () => {
			requests += 1;
			const form = new URLSearchParams(body);
			response.setHeader('content-type', 'application/json');
			if (
				form.get('grant_type') !== 'refresh_token' ||
				form.get('refresh_token') !== validRefreshToken
			) {
				response.statusCode = 400;
				response.end(
					JSON.stringify({
						error: 'invalid_grant',
						error_description: 'The refresh token is invalid or expired.',
					}),
				);
				return;
			}
			validRefreshToken = `rt-${requests}`;
			if (state.hang) return;
			response.end(
				JSON.stringify({
					access_token: `at-${requests}`,
					token_type: 'Bearer',
					expires_in: 86_400,
					refresh_token: validRefreshToken,
					scope: 'account_read offline_access',
				}),
			);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/oauth2/default/v1/token`,
		requests: () => requests,
		get hang() {
			return state.hang;
		},
		set hang(value) {
			state.hang = value;
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

interface WorkerRun {
	child: ChildProcess;
	done: Promise<{
		exitCode: number | null;
		signal: NodeJS.Signals | null;
		output: string;
		errors: string;
	}>;
}

function startWorker(
	configDir: string,
	tokenUrl: string,
	options: {uid?: number; gid?: number} = {},
): WorkerRun {
	const child = spawn(process.execPath, [worker.path, tokenUrl], {
		cwd: worker.dir,
		env: {...process.env, CC_TOKEN_CONFIG_DIR: configDir},
		stdio: ['ignore', 'pipe', 'pipe'],
		...options,
	});
	let output = '';
	let errors = '';
	child.stdout?.on('data', (chunk) => {
		output += chunk;
	});
	child.stderr?.on('data', (chunk) => {
		errors += chunk;
	});
	const done = new Promise<Awaited<WorkerRun['done']>>((resolve) => {
		child.on('close', (exitCode, signal) => resolve({exitCode, signal, output, errors}));
	});
	return {child, done};
}

/** Waits for `condition`, failing with `what` if it has not come true within 10 seconds. */
async function until(condition: () => boolean, what: string): Promise<void> {
	const deadline = Date.now() + 10_000;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`Still waiting after 10 s for ${what}.`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

const store = setUpTempStore();
let server: TokenServer;

beforeEach(async () => {
	server = await startTokenServer();
	writeStoreFile(store.location, {
		default: {
			apiKey,
			accessToken: 'at-0',
			accessTokenExpiresAt: Date.now() + 60_000,
			refreshToken: 'rt-0',
			scopes: ['account_read', 'offline_access'],
		},
	});
});

afterEach(async () => {
	await server.close();
});

describe('several processes at once', () => {
	it('send exactly one refresh, all print the same new token, and the file stays intact', async () => {
		const runs = Array.from({length: 8}, () => startWorker(store.location.dir, server.url));
		const results = await Promise.all(runs.map((run) => run.done));

		for (const result of results) {
			expect(result.errors).toBe('');
			expect(result.exitCode).toBe(0);
		}
		const printed = results.map((result) => JSON.parse(result.output));
		expect(server.requests()).toBe(1);
		expect(new Set(printed.map((line) => line.accessToken))).toEqual(new Set(['at-1']));
		expect(printed.filter((line) => line.refreshed)).toHaveLength(1);

		expect(readProfile(store.location, 'default')).toMatchObject({
			apiKey,
			accessToken: 'at-1',
			refreshToken: 'rt-1',
			refreshTokenKind: 'rotating',
		});
		expect(readProfile(store.location, 'default')).not.toHaveProperty('pendingRefresh');
		expect(modeOf(store.location.file)).toBe(0o600);
		expect(readdirSync(store.location.dir)).toEqual(['config.json']);
	});
});

describe('a process killed while it holds the lock', () => {
	it('leaves a lock the next run takes over, and a marker: the same token is sent once more, inside the leeway, and its refusal explained', async () => {
		server.hang = true;
		const first = startWorker(store.location.dir, server.url);
		// The server has rotated the refresh token, and the answer never comes.
		await until(() => server.requests() === 1, 'the refresh request to reach the server');
		first.child.kill('SIGKILL');
		expect((await first.done).signal).toBe('SIGKILL');

		const lockPath = join(store.location.dir, 'config.lock');
		expect(existsSync(lockPath)).toBe(true);
		const interrupted = readProfile(store.location, 'default')?.pendingRefresh;
		expect(interrupted?.startedAt).toBeTypeOf('number');

		// The holder ran on this machine and is gone: the lock is taken over at once, with no
		// wait for the 10 seconds after which an unrefreshed lock counts as stale.
		server.hang = false;
		const startedAt = Date.now();
		const next = await startWorker(store.location.dir, server.url).done;
		expect(Date.now() - startedAt).toBeLessThan(10_000);

		expect(next.exitCode).toBe(3);
		const {error} = JSON.parse(next.output);
		expect(error.code).toBe('refresh_failed');
		// This server keeps no leeway: the token the killed run sent is spent.
		expect(error.message).toContain(
			`The answer to the refresh sent ${describeClockTime(interrupted!.startedAt, {now: interrupted!.startedAt})} was lost on the way back, and the server no longer takes the token sent then.`,
		);
		expect(error.hint).toBe('Sign in again: cc-token login');
		expect(server.requests()).toBe(2);
		expect(existsSync(lockPath)).toBe(false);
		const profile = readProfile(store.location, 'default');
		expect(profile).toEqual({apiKey, scopes: ['account_read', 'offline_access']});
	});
});

describe('a settings file the process may not read', () => {
	it('is reported as unreadable and left where it is', async () => {
		// As root, permissions do not stop a read: run the worker as an ordinary user instead.
		const asRoot = process.getuid?.() === 0;
		if (asRoot) {
			chmodSync(worker.dir, 0o755);
			chmodSync(worker.path, 0o644);
			chmodSync(store.root, 0o711);
			chmodSync(store.location.dir, 0o711);
		} else {
			chmodSync(store.location.file, 0o000);
		}
		const result = await startWorker(
			store.location.dir,
			server.url,
			asRoot ? {uid: 65_534, gid: 65_534} : {},
		).done;

		expect(result.exitCode).toBe(1);
		const {error} = JSON.parse(result.output);
		expect(error.code).toBe('config_unwritable');
		expect(error.message).toBe(
			`cc-token cannot read its settings file ${store.location.file} (permission denied).`,
		);
		expect(readdirSync(store.location.dir)).toEqual(['config.json']);
		expect(server.requests()).toBe(0);
	});
});
