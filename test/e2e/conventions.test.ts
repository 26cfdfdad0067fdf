// Conventions a command-line tool is expected to keep: NO_COLOR, --no-color and FORCE_COLOR
// for the guide's raw output in a real terminal, and Ctrl+C (SIGINT) ending every command
// with 130.
import {mkdirSync, writeFileSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {startEmulator} from '../../source/provider/emulator/index.js';
import {baseEnv, startCli, waitFor} from '../helpers/cli.js';
import {freePort} from '../helpers/ports.js';
import {makeTempStore} from '../helpers/temp-store.js';
import {cliCommand, startTerminal, type Terminal} from '../helpers/terminal.js';

const sgr = /\u001B\[[0-9;]*m/;

let terminal: Terminal | undefined;
const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
	await terminal?.kill();
	terminal = undefined;
	for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function guideOutput(args: string[], env: Record<string, string | undefined>) {
	const config = makeTempStore();
	cleanups.push(config.remove);
	terminal = await startTerminal({
		command: cliCommand(args),
		env: baseEnv({TERM: 'xterm-256color', CC_TOKEN_CONFIG_DIR: config.dir, ...env}),
		columns: 100,
		rows: 30,
	});
	await terminal.waitFor('Step 1 of 10');
	// Move on a step, so that more than the first frame is looked at.
	await terminal.sendKeys('Right');
	await terminal.waitFor('Step 2 of 10');
	await terminal.sendKeys('q');
	expect(await terminal.exitCode()).toBe(0);
	return terminal.output();
}

describe('colour in the guide', () => {
	it('has colour codes by default in a colour terminal', async () => {
		expect(await guideOutput([], {NO_COLOR: undefined})).toMatch(sgr);
	});

	it('has none under NO_COLOR', async () => {
		expect(await guideOutput([], {NO_COLOR: '1'})).not.toMatch(sgr);
	});

	it('has none with --no-color', async () => {
		expect(await guideOutput(['--no-color'], {NO_COLOR: undefined})).not.toMatch(sgr);
	});

	it('FORCE_COLOR wins over NO_COLOR', async () => {
		expect(await guideOutput([], {NO_COLOR: '1', FORCE_COLOR: '1'})).toMatch(sgr);
	});
});

it('the guide works on the profile CC_TOKEN_PROFILE names', async () => {
	const config = makeTempStore();
	cleanups.push(config.remove);
	terminal = await startTerminal({
		command: cliCommand([]),
		env: baseEnv({
			TERM: 'xterm-256color',
			CC_TOKEN_CONFIG_DIR: config.dir,
			CC_TOKEN_PROFILE: 'shop',
		}),
		columns: 100,
		rows: 30,
	});
	await terminal.waitFor('profile shop');
	await terminal.sendKeys('q');
	expect(await terminal.exitCode()).toBe(0);
});

describe('Ctrl+C exits 130', () => {
	async function hangingServer(): Promise<{url: string; requests: () => number}> {
		let count = 0;
		const server: Server = createServer(() => {
			count++;
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		cleanups.push(() => {
			server.closeAllConnections();
			return new Promise((resolve) => server.close(resolve));
		});
		return {
			url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
			requests: () => count,
		};
	}

	async function interrupted(
		args: string[],
		extra: Record<string, string>,
		busy: () => boolean,
		accessTokenExpiresAt = Date.now() - 1000,
	) {
		const config = makeTempStore();
		cleanups.push(config.remove);
		mkdirSync(config.dir, {recursive: true, mode: 0o700});
		const profile = {
			apiKey: '1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d',
			accessToken: 'a.b.c',
			accessTokenExpiresAt,
			refreshToken: 'r.e.f',
			// Signed in at the server the variables name: a profile is used only at its own.
			server: {
				authBaseUrl:
					extra.CC_TOKEN_AUTH_URL ?? 'https://authz.constantcontact.com/oauth2/default/v1',
				apiBaseUrl: extra.CC_TOKEN_API_URL ?? 'https://api.cc.email/v3',
			},
		};
		writeFileSync(
			path.join(config.dir, 'config.json'),
			JSON.stringify({version: 1, profiles: {default: profile}}),
			{mode: 0o600},
		);
		const run = startCli(args, {env: baseEnv({CC_TOKEN_CONFIG_DIR: config.dir, ...extra})});
		cleanups.push(() => run.child.kill('SIGKILL'));
		await waitFor(busy);
		run.child.kill('SIGINT');
		return run.finished;
	}

	it.each([
		['token', ['token']],
		['refresh', ['refresh']],
		['status --verify', ['status', '--verify']],
		['api', ['api', '/account/summary']],
	])('%s, while waiting on the server', async (_name, args) => {
		const server = await hangingServer();
		const result = await interrupted(
			args,
			{CC_TOKEN_AUTH_URL: `${server.url}/oauth2`, CC_TOKEN_API_URL: `${server.url}/v3`},
			() => server.requests() > 0,
		);
		expect(result.exitCode).toBe(130);
		expect(result.stderr).not.toMatch(/\n\s+at /);
	});

	it('api with a token still good, while waiting on the API', async () => {
		const server = await hangingServer();
		const result = await interrupted(
			['api', '/account/summary'],
			{CC_TOKEN_API_URL: `${server.url}/v3`},
			() => server.requests() > 0,
			Date.now() + 3_600_000,
		);
		expect(result.exitCode).toBe(130);
		expect(result.stderr).toBe('');
	});

	it('login, while waiting for the browser', async () => {
		const emulator = await startEmulator();
		cleanups.push(() => emulator.close());
		const redirectUri = `http://localhost:${await freePort()}/callback`;
		const app = emulator.registerApp({name: 'Interrupted', redirectUris: [redirectUri]});
		const config = makeTempStore();
		cleanups.push(config.remove);
		const run = startCli(
			['login', '--client-id', app.clientId, '--redirect-uri', redirectUri, '--no-browser'],
			{env: baseEnv({CC_TOKEN_CONFIG_DIR: config.dir, ...emulator.env})},
		);
		cleanups.push(() => run.child.kill('SIGKILL'));
		await waitFor(() => run.output.stderr.includes('Waiting for your browser'));
		run.child.kill('SIGINT');
		expect((await run.finished).exitCode).toBe(130);
	});
});
