// For CI and agents, through the built command against the emulator: a refresh token handed
// from one settings folder to another on standard input, and `login --json` followed line by
// line while a device sign-in is still waiting.
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {runCli, startCli, waitFor} from '../helpers/cli.js';
import {setUpEmulator} from '../helpers/emulator.js';
import {makeTempStore} from '../helpers/temp-store.js';
import {cliCommand, startTerminal} from '../helpers/terminal.js';

const e2e = setUpEmulator({app: {name: 'CI app'}});

function profileIn(dir: string, name = 'default') {
	return JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8')).profiles[name];
}

async function signedInFolder(clientId: string): Promise<string> {
	const login = await runCli(
		['login', '--client-id', clientId, '--redirect-uri', e2e.redirectUri],
		{
			env: e2e.env(),
			timeoutMs: 20_000,
		},
	);
	expect(login.exitCode, login.stderr).toBe(0);
	return profileIn(e2e.configDir).refreshToken;
}

describe('login --with-refresh-token', () => {
	it('takes a rotating refresh token from another settings folder, proves it, saves it, and says the old value is spent', async () => {
		const handed = await signedInFolder(e2e.app.clientId);
		const ci = makeTempStore();
		try {
			const result = await runCli(
				['login', '--with-refresh-token', '--client-id', e2e.app.clientId],
				{env: e2e.env({CC_TOKEN_CONFIG_DIR: ci.dir}), stdin: `${handed}\n`, timeoutMs: 20_000},
			);
			expect(result.exitCode, result.stderr).toBe(0);
			expect(result.stderr).toMatch(/Signed in as .+/);
			expect(result.stderr).toContain('the one you gave is now spent');
			expect(result.stderr).toContain('Long Lived');
			expect(result.stdout + result.stderr).not.toContain(handed);
			const saved = profileIn(ci.dir);
			expect(saved.refreshToken).not.toBe(handed);
			expect(saved.refreshTokenKind).toBe('rotating');
			expect(saved.server.authBaseUrl).toBe(e2e.emulator.env.CC_TOKEN_AUTH_URL);
			const token = await runCli(['token'], {env: e2e.env({CC_TOKEN_CONFIG_DIR: ci.dir})});
			expect(token.stdout).toBe(`${saved.accessToken}\n`);
			// The first folder's copy was spent by the hand-over: once Okta's leeway has passed it
			// is refused (within the leeway it would still work, and rotate again).
			e2e.emulator.advanceClock(30_000);
			const spent = await runCli(['refresh'], {env: e2e.env()});
			expect(spent.exitCode).toBe(3);
		} finally {
			await ci.remove();
		}
	});

	it('a long-lived token stays the same and is said to', async () => {
		const app = e2e.emulator.registerApp({
			name: 'Long lived',
			refreshTokenType: 'long-lived',
			redirectUris: [e2e.redirectUri],
		});
		const handed = await signedInFolder(app.clientId);
		const ci = makeTempStore();
		try {
			const result = await runCli(['login', '--with-refresh-token', '--client-id', app.clientId], {
				env: e2e.env({CC_TOKEN_CONFIG_DIR: ci.dir}),
				stdin: handed,
			});
			expect(result.exitCode, result.stderr).toBe(0);
			expect(result.stderr).toContain('The refresh token is Long Lived');
			expect(profileIn(ci.dir).refreshToken).toBe(handed);
		} finally {
			await ci.remove();
		}
	});

	it.each([
		['a dead token', 'not-a-live-refresh-token', 3, 'Constant Contact refused this refresh token'],
		['nothing', '', 2, 'No refresh token came on standard input'],
		['two lines', 'first-line-value\nsecond-line-value\n', 2, 'not one refresh token'],
	])('%s: exit %s, nothing saved, nothing echoed', async (_what, stdin, exitCode, message) => {
		const result = await runCli(
			['login', '--with-refresh-token', '--client-id', e2e.app.clientId],
			{
				env: e2e.env(),
				stdin,
			},
		);
		expect(result.exitCode).toBe(exitCode);
		expect(result.stderr).toContain(message);
		if (stdin) expect(result.stdout + result.stderr).not.toContain(stdin.split('\n')[0]);
		expect(existsSync(path.join(e2e.configDir, 'config.json'))).toBe(false);
	});

	it('at a terminal, asks for the token and never shows it', async () => {
		const handed = await signedInFolder(e2e.app.clientId);
		const ci = makeTempStore();
		const terminal = await startTerminal({
			command: cliCommand(['login', '--with-refresh-token', '--client-id', e2e.app.clientId]),
			env: e2e.env({CC_TOKEN_CONFIG_DIR: ci.dir, TERM: 'xterm-256color'}),
			columns: 100,
			rows: 30,
		});
		try {
			await terminal.waitFor('it will not show');
			await terminal.sendText(handed);
			await terminal.sendKeys('Enter');
			expect(await terminal.exitCode()).toBe(0);
			expect(await terminal.screen()).toContain('Signed in as');
			expect(terminal.output()).not.toContain(handed);
			expect(profileIn(ci.dir).refreshToken).toEqual(expect.any(String));
		} finally {
			await terminal.kill();
			await ci.remove();
		}
	});

	it('at a terminal, Ctrl+C while asked cancels with 130 and saves nothing', async () => {
		const terminal = await startTerminal({
			command: cliCommand(['login', '--with-refresh-token', '--client-id', e2e.app.clientId]),
			env: e2e.env({TERM: 'xterm-256color'}),
			columns: 100,
			rows: 30,
		});
		try {
			await terminal.waitFor('it will not show');
			await terminal.sendText('half-typed');
			await terminal.sendKeys('C-c');
			expect(await terminal.exitCode()).toBe(130);
			expect(terminal.output()).not.toContain('half-typed');
			expect(existsSync(path.join(e2e.configDir, 'config.json'))).toBe(false);
		} finally {
			await terminal.kill();
		}
	});

	it('with --json, the failure is a JSON line too', async () => {
		const result = await runCli(
			['login', '--with-refresh-token', '--json', '--client-id', e2e.app.clientId],
			{env: e2e.env(), stdin: 'dead-token'},
		);
		const lines = result.stdout
			.trim()
			.split('\n')
			.map((line) => JSON.parse(line));
		expect(lines.at(-1)).toMatchObject({event: 'error', code: 'refresh_failed', exitCode: 3});
	});
});

describe('login --json for agents', () => {
	it('writes JSON lines as things happen: the device code while the sign-in still waits, then the result', async () => {
		const deviceApp = e2e.emulator.registerApp({name: 'Agent device', kind: 'device'});
		const run = startCli(['login', '--json', '--client-id', deviceApp.clientId], {env: e2e.env()});
		const events = () =>
			run.output.stdout
				.split('\n')
				.filter(Boolean)
				.map((line) => JSON.parse(line) as {event: string; [key: string]: unknown});
		const code = await waitFor(() => events().find((line) => line.event === 'device-code'));
		// Still waiting: nothing else has come, and the process runs.
		expect(run.child.exitCode).toBeNull();
		expect(events().map((line) => line.event)).toEqual(['device-code']);
		expect(code).toEqual({
			event: 'device-code',
			userCode: expect.stringMatching(/^[A-Z]{4}-[A-Z]{4}$/),
			verificationUri: `${e2e.emulator.origin}/activate`,
			verificationUriComplete: expect.stringContaining('/activate?user_code='),
			expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
		});
		e2e.emulator.approveDevice(code.userCode as string, 'allow');
		const result = await run.finished;
		expect(result.exitCode, result.stderr).toBe(0);
		const last = events().at(-1);
		expect(last).toMatchObject({
			event: 'signed-in',
			profile: 'default',
			apiKey: deviceApp.clientId,
			refreshToken: true,
			verified: {ok: true},
		});
		expect(result.stdout).not.toContain(profileIn(e2e.configDir).accessToken);
	});

	it('a browser sign-in gives the address to open first', async () => {
		const run = await runCli(
			['login', '--json', '--client-id', e2e.app.clientId, '--redirect-uri', e2e.redirectUri],
			{env: e2e.env(), timeoutMs: 20_000},
		);
		expect(run.exitCode, run.stderr).toBe(0);
		const lines = run.stdout
			.trim()
			.split('\n')
			.map((line) => JSON.parse(line));
		expect(lines[0]).toMatchObject({event: 'authorize-url', redirectUri: e2e.redirectUri});
		expect(lines[0].url).toMatch(/\/authorize\?/);
		expect(lines.map((line) => line.event)).toEqual([
			'authorize-url',
			'browser',
			'exchanging',
			'signed-in',
		]);
	});
});
