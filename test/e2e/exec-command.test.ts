// `cc-token exec` end to end: the built command runs a program with a fresh token and the API
// key in its environment, passes signals on, and exits with the program's status.
import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {
	type Emulator,
	type EmulatorApp,
	startEmulator,
} from '../../source/provider/emulator/index.js';
import {baseEnv, browserScript, makeConfigDir, runCli, startCli, waitFor} from '../helpers/cli.js';
import {freePort} from '../helpers/ports.js';

let emulator: Emulator;
let app: EmulatorApp;
let config: {dir: string; remove: () => Promise<void>};
let redirectUri: string;

beforeAll(async () => {
	emulator = await startEmulator({autoApprove: 'allow'});
	redirectUri = `http://localhost:${await freePort()}/callback`;
	app = emulator.registerApp({redirectUris: [redirectUri]});
});
afterAll(() => emulator.close());
beforeEach(async () => {
	config = await makeConfigDir();
	const login = await runCli(
		['login', '--client-id', app.clientId, '--redirect-uri', redirectUri],
		{
			env: env(),
		},
	);
	expect(login.exitCode, login.stderr).toBe(0);
});
afterEach(() => config.remove());

function env() {
	return baseEnv({CC_TOKEN_CONFIG_DIR: config.dir, ...emulator.env, BROWSER: browserScript});
}

const node = process.execPath;

describe('cc-token exec', () => {
	it('gives the program a working CC_ACCESS_TOKEN and the CC_API_KEY, and exits with its code', async () => {
		const script = `
			const response = await fetch(process.env.CC_TOKEN_API_URL + '/account/summary', {
				headers: {Authorization: 'Bearer ' + process.env.CC_ACCESS_TOKEN},
			});
			console.log(JSON.stringify({status: response.status, apiKey: process.env.CC_API_KEY}));
			process.exit(7);`;
		const result = await runCli(['exec', '--', node, '--input-type=module', '-e', script], {
			env: env(),
		});
		expect(result.exitCode, result.stderr).toBe(7);
		expect(JSON.parse(result.stdout)).toEqual({status: 200, apiKey: app.clientId});
		expect(result.stderr).toBe('');
	});

	it('refreshes a token with under 5 minutes left before handing it over', async () => {
		const file = path.join(config.dir, 'config.json');
		const stored = JSON.parse(readFileSync(file, 'utf8'));
		const old = stored.profiles.default.accessToken;
		stored.profiles.default.accessTokenExpiresAt = Date.now() + 60_000;
		writeFileSync(file, JSON.stringify(stored), {mode: 0o600});
		const refreshes = emulator.counts.refreshes;
		const result = await runCli(
			['exec', '--', node, '-e', 'console.log(process.env.CC_ACCESS_TOKEN)'],
			{env: env()},
		);
		expect(result.exitCode, result.stderr).toBe(0);
		expect(emulator.counts.refreshes - refreshes).toBe(1);
		expect(result.stdout.trim()).not.toBe(old);
	});

	it('passes SIGTERM on to the program, which may handle it and choose the exit code', async () => {
		const script =
			"process.on('SIGTERM', () => { console.log('program got SIGTERM'); process.exit(42); }); console.log('ready'); setInterval(() => {}, 1000);";
		const run = startCli(['exec', '--', node, '-e', script], {env: env()});
		run.child.stdin.end();
		await waitFor(() => run.output.stdout.includes('ready'));
		run.child.kill('SIGTERM');
		const result = await run.finished;
		expect(result.stdout).toContain('program got SIGTERM');
		expect(result.exitCode).toBe(42);
	});

	it.each([
		['SIGTERM', 143],
		['SIGINT', 130],
		['SIGHUP', 129],
	] as const)('a program ended by %s makes cc-token exit %i', async (signal, code) => {
		const run = startCli(
			['exec', '--', node, '-e', "console.log('ready'); setInterval(() => {}, 1000);"],
			{env: env()},
		);
		run.child.stdin.end();
		await waitFor(() => run.output.stdout.includes('ready'));
		run.child.kill(signal);
		const result = await run.finished;
		expect(result.exitCode).toBe(code);
	});

	it('a missing program is 127 with its name; no command at all is a usage error', async () => {
		const missing = await runCli(['exec', '--', 'no-such-program-here'], {env: env()});
		expect(missing.exitCode).toBe(127);
		expect(missing.stderr).toContain('no-such-program-here');
		const none = await runCli(['exec'], {env: env()});
		expect(none.exitCode).toBe(2);
		expect(none.stderr).toMatch(/--/);
		const flag = await runCli(['exec', '--frobnicate', '--', 'true'], {env: env()});
		expect(flag.exitCode).toBe(2);
	});

	it('without a signed-in profile, exits 3 and runs nothing', async () => {
		const result = await runCli(
			['exec', '--profile', 'nobody', '--', node, '-e', "console.log('ran')"],
			{env: env()},
		);
		expect(result.exitCode).toBe(3);
		expect(result.stdout).toBe('');
		expect(result.stderr).toMatch(/cc-token login --profile nobody/);
	});
});
