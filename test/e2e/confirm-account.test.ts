// Before an interactive `login` saves, the person sees whose account was signed in and may
// decline (the browser may have been signed in to someone else's account, or the authorize
// address, visible to every local user in `ps`, was used by another). Scripts are never asked.
// The built command in a real terminal (tmux) for the person, with pipes for the script.
import {execFileSync} from 'node:child_process';
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import type {EmulatorApp} from '../../source/provider/emulator/index.js';
import {builtCli, runCli} from '../helpers/cli.js';
import {setUpEmulator} from '../helpers/emulator.js';
import {cliCommand, startTerminal, type Terminal} from '../helpers/terminal.js';

const question = 'Save this sign-in to profile “default”? [Y/n]';
const who = 'Signed in as Maya Okafor <maya@juniperstreetbakery.example>';

const e2e = setUpEmulator({app: {name: 'Confirm e2e'}});
let confidentialApp: EmulatorApp;
let terminal: Terminal | undefined;

beforeAll(() => {
	confidentialApp = e2e.emulator.registerApp({
		name: 'Confirm e2e with a secret',
		clientSecret: 'confidential-secret-value-123',
		redirectUris: [e2e.redirectUri],
	});
});
afterEach(async () => {
	await terminal?.kill();
	terminal = undefined;
});

const configFile = () => path.join(e2e.configDir, 'config.json');

function env(extra: Record<string, string> = {}) {
	return e2e.env(extra);
}

/** `cc-token login` in a real terminal, as a person runs it. */
async function loginInTerminal(extraArgs: string[] = []) {
	terminal = await startTerminal({
		command: cliCommand([
			'login',
			'--client-id',
			e2e.app.clientId,
			'--redirect-uri',
			e2e.redirectUri,
			...extraArgs,
		]),
		env: {...env(), TERM: 'xterm-256color'},
		columns: 120,
		rows: 40,
	});
	return terminal;
}

describe('login asks before saving, in a terminal', () => {
	it('declined: nothing is saved, the profile stays as it was, exit 4', async () => {
		mkdirSync(e2e.configDir, {recursive: true, mode: 0o700});
		const before = JSON.stringify({
			version: 1,
			profiles: {default: {apiKey: e2e.app.clientId, account: {name: 'Earlier Account'}}},
		});
		writeFileSync(configFile(), before, {mode: 0o600});
		const screen = await loginInTerminal();
		const asked = await screen.waitFor(question, 20_000);
		expect(asked).toContain(who);
		await screen.sendKeys('n', 'Enter');
		expect(await screen.exitCode()).toBe(4);
		const after = await screen.screen();
		expect(after).toContain('Nothing was saved: you declined the sign-in as Maya Okafor');
		expect(after).toContain('sign out of Constant Contact in the browser');
		expect(readFileSync(configFile(), 'utf8')).toBe(before);
	});

	it('confirmed with Enter: saved with the account, which is named once', async () => {
		const screen = await loginInTerminal();
		await screen.waitFor(question, 20_000);
		await screen.sendKeys('Enter');
		expect(await screen.exitCode()).toBe(0);
		expect((await screen.screen()).split('Signed in as')).toHaveLength(2);
		const stored = JSON.parse(readFileSync(configFile(), 'utf8'));
		expect(stored.profiles.default.accessToken).toEqual(expect.any(String));
		expect(stored.profiles.default.account.name).toBe('Maya Okafor');
	});

	it('an interrupt (Ctrl+C) at the question ends with 130, and saves nothing', async () => {
		// tmux's C-c would also end the test's own wrapper shell: the signal goes to cc-token alone.
		const profile = `interrupted-${process.pid}`;
		const screen = await loginInTerminal(['--profile', profile]);
		await screen.waitFor(`Save this sign-in to profile “${profile}”? [Y/n]`, 20_000);
		const listing = execFileSync('ps', ['-eo', 'pid=,args=']).toString();
		const line = listing
			.split('\n')
			.find((entry) => entry.includes(builtCli) && entry.includes(`--profile ${profile}`));
		expect(line, 'the running cc-token login').toBeDefined();
		process.kill(Number.parseInt(line!.trim(), 10), 'SIGINT');
		expect(await screen.exitCode()).toBe(130);
		expect(await screen.screen()).toContain('The sign-in was cancelled; nothing was saved.');
		expect(existsSync(configFile())).toBe(false);
	});

	it('--yes saves without asking', async () => {
		const screen = await loginInTerminal(['--yes']);
		expect(await screen.exitCode(20_000)).toBe(0);
		expect(await screen.screen()).not.toContain(question);
		expect(existsSync(configFile())).toBe(true);
	});
});

describe('login in a script', () => {
	it('never waits without a terminal: saves and says who', async () => {
		const result = await runCli(
			['login', '--client-id', e2e.app.clientId, '--redirect-uri', e2e.redirectUri],
			{
				env: env(),
			},
		);
		expect(result.exitCode, result.stderr).toBe(0);
		expect(result.stderr).not.toContain('[Y/n]');
		expect(result.stderr).toContain(who);
		expect(existsSync(configFile())).toBe(true);
	});

	it('tells what an integration asks for as the app’s kind has it: a PKCE app has no secret', async () => {
		const login = (app: EmulatorApp, secret: string[] = []) =>
			runCli(['login', '--client-id', app.clientId, '--redirect-uri', e2e.redirectUri, ...secret], {
				env: env({CC_TOKEN_PROFILE: `${app.kind}-${process.pid}`}),
			});
		const pkce = await login(e2e.app);
		expect(pkce.exitCode, pkce.stderr).toBe(0);
		expect(e2e.app.kind).toBe('pkce');
		expect(pkce.stderr).toContain(
			'asks for the API key and the redirect URI (a PKCE app has no secret)',
		);
		expect(pkce.stderr).not.toContain('client secret');
		expect(pkce.stderr.split('Signed in as')).toHaveLength(2);
		const code = await login(confidentialApp, ['--client-secret', confidentialApp.clientSecret!]);
		expect(code.exitCode, code.stderr).toBe(0);
		expect(code.stderr).toContain('asks for the API key and the client secret');
	});

	it('warns about a secret given on the command line, and not about one from CC_CLIENT_SECRET', async () => {
		const args = [
			'login',
			'--client-id',
			confidentialApp.clientId,
			'--redirect-uri',
			e2e.redirectUri,
		];
		const onArgv = await runCli([...args, '--client-secret', confidentialApp.clientSecret!], {
			env: env(),
		});
		expect(onArgv.exitCode, onArgv.stderr).toBe(0);
		expect(onArgv.stderr).toContain(
			'Warning: a secret on the command line can be read by every user of this machine (in `ps`)',
		);
		expect(onArgv.stderr).toContain('Set CC_CLIENT_SECRET instead.');
		expect(onArgv.stdout).toBe('');

		const fromEnv = await runCli(args, {
			env: env({CC_CLIENT_SECRET: confidentialApp.clientSecret!}),
		});
		expect(fromEnv.exitCode, fromEnv.stderr).toBe(0);
		expect(fromEnv.stderr).not.toContain('secret on the command line');
	});
});
