// The built command against a token endpoint that misbehaves, and killed in the middle of a
// refresh. Each test starts from a signed-in profile (real tokens from the emulator) whose
// access token is within the 5-minute refresh window, runs `cc-token token` (or `refresh`)
// into the fault, and again once the fault is gone.
import {type ChildProcess, spawn} from 'node:child_process';
import {existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {serverOf} from '../../source/provider/constant-contact.js';
import type {TokenFault} from '../../source/provider/emulator/index.js';
import {profileFromTokens, storeLocation} from '../../source/store/index.js';
import {saveProfile} from '../../source/store/write-store.js';
import {describeClockTime} from '../../source/text/time.js';
import {apiStatusFor} from '../helpers/api-status.js';
import {builtCli, runCli} from '../helpers/cli.js';
import {setUpEmulator} from '../helpers/emulator.js';
import {tokensFrom} from '../helpers/emulator-code.js';

// The redirect URI is never listened on: these tests start from a finished sign-in.
const e2e = setUpEmulator({app: {name: 'Faulty network app'}});
const killable: ChildProcess[] = [];

afterEach(async () => {
	// Faults a slow run did not use are not left for the next test.
	e2e.emulator.clearTokenFaults();
	// A test that failed before its kill leaves no process behind.
	for (const child of killable.splice(0)) {
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
	}
});

const configFile = () => path.join(e2e.configDir, 'config.json');
const lockPath = () => path.join(e2e.configDir, 'config.lock');

function env(extra: Record<string, string | undefined> = {}) {
	return e2e.env({
		BROWSER: undefined,
		// A hanging token endpoint is given up on quickly.
		CC_TOKEN_HTTP_TIMEOUT_MS: '800',
		...extra,
	});
}

function cli(args: string[], extra: Record<string, string | undefined> = {}) {
	return runCli(args, {env: env(extra)});
}

interface StoredProfile {
	apiKey: string;
	accessToken?: string;
	accessTokenExpiresAt?: number;
	refreshToken?: string;
	pendingRefresh?: {startedAt: number};
}

/** The file as a reader finds it: valid JSON, 0600, nothing moved aside. */
function storedProfile(): StoredProfile {
	expect(statSync(configFile()).mode & 0o777).toBe(0o600);
	expect(readdirSync(e2e.configDir).filter((name) => name.includes('corrupt'))).toEqual([]);
	const document = JSON.parse(readFileSync(configFile(), 'utf8')) as {
		profiles: Record<string, StoredProfile>;
	};
	const profile = document.profiles.default;
	if (!profile) throw new Error('no default profile');
	return profile;
}

/**
 * A profile as `cc-token login` leaves it, with real tokens from the emulator, saved by the
 * store itself; its access token is already inside the 5-minute refresh window.
 */
async function signInWithExpiringToken(): Promise<StoredProfile> {
	const tokens = await tokensFrom(e2e.emulator, e2e.app, ['account_read', 'offline_access']);
	await saveProfile(storeLocation({CC_TOKEN_CONFIG_DIR: e2e.configDir}), 'default', {
		...profileFromTokens(
			{
				apiKey: e2e.app.clientId,
				redirectUri: e2e.redirectUri,
				server: serverOf(e2e.emulator.endpoints),
			},
			tokens,
		),
		accessTokenExpiresAt: Date.now() + 60_000,
	});
	return storedProfile();
}

/**
 * Points the stored profile at another sign-in server (the swallowing proxy, then back to the
 * emulator once the proxy is gone), as a profile is only ever refreshed at its own server.
 */
function pointProfileAt(authBaseUrl: string): void {
	const document = JSON.parse(readFileSync(configFile(), 'utf8'));
	document.profiles.default.server.authBaseUrl = authBaseUrl;
	writeFileSync(configFile(), JSON.stringify(document), {mode: 0o600});
}

function apiStatus(accessToken: string): Promise<number> {
	return apiStatusFor(e2e.emulator.apiBaseUrl, accessToken);
}

async function until(condition: () => boolean, what: string): Promise<void> {
	const deadline = Date.now() + 10_000;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

/** A `cc-token token` run the test can kill. */
function startToken(extra: Record<string, string | undefined>): {
	child: ChildProcess;
	exited: Promise<NodeJS.Signals | null>;
} {
	const child = spawn(process.execPath, [builtCli, 'token'], {
		env: env(extra),
		stdio: 'ignore',
	});
	killable.push(child);
	const exited = new Promise<NodeJS.Signals | null>((resolve) =>
		child.on('exit', (_code, signal) => resolve(signal)),
	);
	return {child, exited};
}

/** A dead holder stops touching its lock; age it past the 10-second stale limit instead of waiting. */
function ageLock(): void {
	const longAgo = new Date(Date.now() - 60_000);
	utimesSync(lockPath(), longAgo, longAgo);
}

describe('a token endpoint whose answer to a refresh is lost once', () => {
	// The server may have replaced the refresh token, and a spent one stays valid for Okta's
	// leeway: the same token is sent again at once, and the second answer heals the first.
	const faults: Array<{name: string; fault: TokenFault; command: 'token' | 'refresh'}> = [
		{name: 'hangs past the deadline', fault: {kind: 'hang'}, command: 'token'},
		{name: 'resets the connection', fault: {kind: 'reset'}, command: 'token'},
		{name: 'answers with an HTML page', fault: {kind: 'html'}, command: 'refresh'},
	];
	for (const {name, fault, command} of faults) {
		it(`${name}: the same refresh token is sent again and the run succeeds`, async () => {
			const before = await signInWithExpiringToken();
			const requests = e2e.emulator.counts.tokenRequests;
			const refreshes = e2e.emulator.counts.refreshes;
			e2e.emulator.injectTokenFault(fault);

			const run = await cli([command]);

			expect(run.exitCode, run.stderr).toBe(0);
			if (command === 'token') expect(run.stderr).toBe('');
			else expect(run.stderr).toMatch(/^Refreshed profile “default”/);
			const after = storedProfile();
			if (command === 'token') expect(run.stdout).toBe(`${after.accessToken}\n`);
			expect(after.refreshToken).not.toBe(before.refreshToken);
			expect(after.pendingRefresh).toBeUndefined();
			expect(e2e.emulator.counts.tokenRequests).toBe(requests + 2);
			expect(e2e.emulator.counts.refreshes).toBe(refreshes + 1);
			expect(existsSync(lockPath())).toBe(false);
			expect(await apiStatus(after.accessToken ?? '')).toBe(200);
		});
	}

	it('resets every time: the token is sent again only inside the window, and the run says the answer was lost, not to check the internet', async () => {
		const before = await signInWithExpiringToken();
		const requests = e2e.emulator.counts.tokenRequests;
		// As many resets as sends are expected: one more would be left for the next test.
		e2e.emulator.injectTokenFault({kind: 'reset', times: 4});

		const failed = await cli(['token']);

		// The old token still has a minute: it is handed out, the failure as one warning line.
		expect(failed.exitCode).toBe(0);
		expect(failed.stdout).toBe(`${before.accessToken}\n`);
		expect(failed.stderr).toMatch(/^cc-token: warning: the access token could not be refreshed/);
		expect(failed.stderr).toContain('no answer came back');
		expect(failed.stderr).not.toMatch(/internet connection/);
		expect(failed.stderr.trim().split('\n')).toHaveLength(1);
		// Sent at 0, 1, 4 and 10 s when the machine keeps time: all inside the 20-second window,
		// none after it (a loaded machine may fit fewer in).
		const sends = e2e.emulator.counts.tokenRequests - requests;
		expect(sends).toBeGreaterThanOrEqual(2);
		expect(sends).toBeLessThanOrEqual(4);
		expect(storedProfile().pendingRefresh?.startedAt).toEqual(expect.any(Number));
		expect(storedProfile().refreshToken).toBe(before.refreshToken);
	}, 60_000);
});

describe('a token endpoint that refuses a refresh', () => {
	it('answers 500: exit 5 on the first run (no retry of a spent-able refresh), success on the second; the file stays intact', async () => {
		const before = await signInWithExpiringToken();
		const refreshes = e2e.emulator.counts.refreshes;
		e2e.emulator.injectTokenFault({kind: 'status', status: 500});

		const failed = await cli(['token']);
		// The old token still has a minute: it is handed out, the failure as a warning.
		expect(failed.exitCode).toBe(0);
		expect(failed.stdout).toBe(`${before.accessToken}\n`);
		expect(failed.stderr).toMatch(/^cc-token: warning: the access token could not be refreshed/);
		expect(failed.stderr).toMatch(/had a problem \(HTTP 500, text\/plain\)/);
		expect(failed.stderr).toMatch(/Try again in a few minutes/);
		expect(failed.stderr).not.toMatch(/\n\s+at /);
		expect(failed.stderr.trim().split('\n')).toHaveLength(1);
		const kept = storedProfile();
		expect(kept.refreshToken).toBe(before.refreshToken);
		expect(kept.accessToken).toBe(before.accessToken);
		// A refusal: the refresh token was not used, so nothing needs explaining later.
		expect(kept.pendingRefresh).toBeUndefined();
		expect(existsSync(lockPath())).toBe(false);
		expect(e2e.emulator.counts.refreshes).toBe(refreshes);

		const next = await cli(['token']);
		expect(next.exitCode, next.stderr).toBe(0);
		const after = storedProfile();
		expect(next.stdout).toBe(`${after.accessToken}\n`);
		expect(after.refreshToken).not.toBe(before.refreshToken);
		expect(e2e.emulator.counts.refreshes).toBe(refreshes + 1);
		expect(await apiStatus(after.accessToken ?? '')).toBe(200);
	});
});

/**
 * Stands between cc-token and the emulator's token endpoint: passes a refresh on, lets the
 * emulator rotate the refresh token, and never answers cc-token.
 */
async function startSwallowingProxy(): Promise<{
	authUrl: string;
	rotated: () => boolean;
	close: () => Promise<void>;
}> {
	let rotated = false;
	const server: Server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', async () => {
			if (request.url !== '/oauth2/default/v1/token') {
				response.writeHead(404).end();
				return;
			}
			const answer = await fetch(e2e.emulator.endpoints.token, {
				method: 'POST',
				headers: {
					'content-type': request.headers['content-type'] ?? '',
					...(request.headers.authorization ? {authorization: request.headers.authorization} : {}),
				},
				body: Buffer.concat(chunks),
			});
			await answer.text();
			rotated = answer.status === 200;
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	return {
		authUrl: `http://127.0.0.1:${port}/oauth2/default/v1`,
		rotated: () => rotated,
		close: () =>
			new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

/**
 * Runs `cc-token token` through the swallowing proxy and kills it once the emulator has rotated
 * the refresh token: the new tokens exist only in the answer nobody received. The profile then
 * points at the emulator again, the proxy gone.
 */
async function killAfterTheServerRotated(): Promise<void> {
	const proxy = await startSwallowingProxy();
	pointProfileAt(proxy.authUrl);
	try {
		const run = startToken({CC_TOKEN_AUTH_URL: proxy.authUrl, CC_TOKEN_HTTP_TIMEOUT_MS: '60000'});
		await until(proxy.rotated, 'the emulator to rotate the refresh token');
		run.child.kill('SIGKILL');
		expect(await run.exited).toBe('SIGKILL');
	} finally {
		await proxy.close();
	}
	pointProfileAt(e2e.emulator.authBaseUrl);
}

describe('cc-token killed in the middle of a refresh', () => {
	it('before Constant Contact rotated the token: the next run takes over the dead lock and refreshes with the saved token', async () => {
		const before = await signInWithExpiringToken();
		const requests = e2e.emulator.counts.tokenRequests;
		const refreshes = e2e.emulator.counts.refreshes;
		e2e.emulator.injectTokenFault({kind: 'hang'});

		const run = startToken({CC_TOKEN_HTTP_TIMEOUT_MS: '60000'});
		await until(
			() => e2e.emulator.counts.tokenRequests > requests,
			'the refresh to reach the emulator',
		);
		run.child.kill('SIGKILL');
		expect(await run.exited).toBe('SIGKILL');

		expect(existsSync(lockPath())).toBe(true);
		const interrupted = storedProfile();
		expect(interrupted.pendingRefresh?.startedAt).toEqual(expect.any(Number));
		expect(interrupted.refreshToken).toBe(before.refreshToken);
		expect(e2e.emulator.counts.refreshes).toBe(refreshes);

		ageLock();
		const next = await cli(['token']);
		expect(next.exitCode, next.stderr).toBe(0);
		expect(next.stderr).toBe('');
		const after = storedProfile();
		expect(next.stdout).toBe(`${after.accessToken}\n`);
		expect(after.refreshToken).not.toBe(before.refreshToken);
		expect(after.pendingRefresh).toBeUndefined();
		expect(e2e.emulator.counts.refreshes).toBe(refreshes + 1);
		expect(existsSync(lockPath())).toBe(false);
		expect(await apiStatus(after.accessToken ?? '')).toBe(200);
	});

	it('after Constant Contact rotated the token, inside its leeway: the next run sends the same token once more and the sign-in lives on', async () => {
		const before = await signInWithExpiringToken();
		const refreshes = e2e.emulator.counts.refreshes;
		await killAfterTheServerRotated();
		expect(storedProfile().refreshToken).toBe(before.refreshToken);

		ageLock();
		const next = await cli(['token']);
		expect(next.exitCode, next.stderr).toBe(0);
		const after = storedProfile();
		expect(next.stdout).toBe(`${after.accessToken}\n`);
		expect(after.pendingRefresh).toBeUndefined();
		expect(e2e.emulator.counts.refreshes).toBe(refreshes + 2);
		expect(await apiStatus(after.accessToken ?? '')).toBe(200);

		// Past the leeway the sign-in still works: a forced refresh with the saved token.
		e2e.emulator.advanceClock(60_000);
		const forced = await cli(['refresh']);
		expect(forced.exitCode, forced.stderr).toBe(0);
		expect(await apiStatus(storedProfile().accessToken ?? '')).toBe(200);
	});

	it('after Constant Contact rotated the token, past its leeway: the next run says the answer was lost and a new sign-in is needed, exit 3', async () => {
		const before = await signInWithExpiringToken();
		const refreshes = e2e.emulator.counts.refreshes;
		await killAfterTheServerRotated();
		expect(e2e.emulator.counts.refreshes).toBe(refreshes + 1);
		expect(existsSync(lockPath())).toBe(true);
		const interrupted = storedProfile();
		expect(interrupted.refreshToken).toBe(before.refreshToken);
		const startedAt = interrupted.pendingRefresh?.startedAt ?? Number.NaN;

		// Past Okta's leeway the used token cannot be retried (within it, a retry would heal).
		e2e.emulator.advanceClock(30_000);
		ageLock();
		const next = await cli(['token']);
		expect(next.exitCode).toBe(3);
		expect(next.stdout).toBe('');
		// The message, then the fix indented under it.
		expect(next.stderr.trim().split('\n')).toHaveLength(2);
		expect(next.stderr).toContain(
			`The answer to the refresh sent ${describeClockTime(startedAt, {now: startedAt})} was lost on the way back, and the server no longer takes the token sent then.`,
		);
		expect(next.stderr).toContain('a new sign-in is needed');
		expect(next.stderr).toContain('Sign in again: cc-token login');
		expect(next.stderr).not.toContain(before.refreshToken);
		const after = storedProfile();
		// What stays is what a new sign-in needs: the API key and redirect URI, no dead tokens.
		expect(after).toMatchObject({apiKey: e2e.app.clientId, redirectUri: e2e.redirectUri});
		for (const gone of ['accessToken', 'accessTokenExpiresAt', 'refreshToken', 'pendingRefresh']) {
			expect(after).not.toHaveProperty(gone);
		}
		expect(existsSync(lockPath())).toBe(false);

		// The dead tokens are gone; the next run says plainly to sign in.
		const again = await cli(['token']);
		expect(again.exitCode).toBe(3);
		expect(again.stderr).toContain('cc-token login');
	});
});
