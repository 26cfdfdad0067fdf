// The built entry point answers the calls scripts make most by itself, from one small file,
// and hands everything else to the full command set.
import {spawnSync} from 'node:child_process';
import {mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {beforeEach, expect, it} from 'vitest';
import {type CommandSpec, commandTable, quickCommands} from '../source/commands/table.js';
import {baseEnv, builtCli, repoRoot} from './helpers/cli.js';
import {setUpTempStore} from './helpers/temp-store.js';

const traceLoads = path.join(repoRoot, 'test', 'helpers', 'trace-loads.mjs');
const fullCommandSet = path.join(repoRoot, 'dist', 'esm', 'main.mjs');

const config = setUpTempStore();
beforeEach(() => {
	mkdirSync(config.dir, {recursive: true, mode: 0o700});
});

/** Where the stored profiles were signed in: a port of loopback nothing listens on. */
const deadServer = {authBaseUrl: 'http://127.0.0.1:9/oauth2', apiBaseUrl: 'http://127.0.0.1:9/v3'};

function storeProfiles(count: number, accessTokenExpiresAt: number): void {
	const profiles = Object.fromEntries(
		Array.from({length: count}, (_, index) => [
			index === 0 ? 'default' : `shop-${index}`,
			{
				apiKey: '1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d',
				accessToken: 'header.payload.signature',
				accessTokenExpiresAt,
				refreshToken: 'refresh-token',
				server: deadServer,
			},
		]),
	);
	writeFileSync(path.join(config.dir, 'config.json'), JSON.stringify({version: 1, profiles}), {
		mode: 0o600,
	});
}

/** Runs the built command and lists the module files it loaded. */
function runTracingLoads(args: string[], extraEnv: Record<string, string> = {}) {
	const log = path.join(config.dir, '..', 'loads.txt');
	writeFileSync(log, '');
	const run = spawnSync(process.execPath, ['--import', traceLoads, builtCli, ...args], {
		env: baseEnv({CC_TOKEN_CONFIG_DIR: config.dir, CC_TEST_LOAD_LOG: log, ...extraEnv}),
		encoding: 'utf8',
	});
	const loaded = readFileSync(log, 'utf8')
		.split('\n')
		.filter((url) => url.startsWith('file:'))
		.map((url) => fileURLToPath(url));
	return {...run, loaded: [...new Set(loaded)]};
}

/** The entry file and its own bundle for a command, as the build lays them out. */
const quick = (name: string) => [builtCli, path.join(repoRoot, 'dist', 'quick', `${name}.js`)];

it('answers token, status, a Tab and --version from the entry and its small bundles alone', () => {
	storeProfiles(1, Date.now() + 3_600_000);
	const token = runTracingLoads(['token']);
	expect(token.stdout).toBe('header.payload.signature\n');
	expect(token.status).toBe(0);
	expect(token.loaded).toEqual(quick('token'));

	const status = runTracingLoads(['status']);
	expect(status.stdout).toContain('Profile “default”');
	expect(status.stdout).not.toContain('header.payload.signature');
	expect(status.loaded).toEqual(quick('status'));

	// The profile chosen by CC_TOKEN_PROFILE, and a shell's Tab, stay on the same path.
	const chosen = runTracingLoads(['token'], {CC_TOKEN_PROFILE: 'default'});
	expect(chosen.stdout).toBe('header.payload.signature\n');
	expect(chosen.loaded).toEqual(quick('token'));
	const completion = runTracingLoads(['__complete', 'bash', '--', 'token', '--profile', '']);
	expect(completion.stdout).toBe('default\n');
	expect(completion.loaded).toEqual(quick('complete'));

	// A program run with the token: the entry, exec's bundle, and the program.
	const exec = runTracingLoads(['exec', '--', process.execPath, '-e', 'process.exit(3)']);
	expect(exec.status).toBe(3);
	expect(exec.loaded).toEqual(quick('exec'));

	const version = runTracingLoads(['--version']);
	expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
	expect(version.loaded).toEqual([builtCli]);
});

it('has a bundle of its own for each command the command table marks quick, and no other', () => {
	const bundles = quickCommands().map(
		(name) => `${(commandTable[name] as CommandSpec).quick?.bundle}.js`,
	);
	expect(readdirSync(path.join(repoRoot, 'dist', 'quick')).sort()).toEqual(bundles.sort());
});

it('on a Node.js older than it needs, says which and what to do, and runs nothing', () => {
	storeProfiles(1, Date.now() + 3_600_000);
	const preload = path.join(config.dir, '..', 'old-node.cjs');
	writeFileSync(preload, "Object.defineProperty(process.versions, 'node', {value: '20.11.1'});\n");
	for (const args of [['token'], ['--version'], ['login']]) {
		const run = spawnSync(process.execPath, ['--require', preload, builtCli, ...args], {
			env: baseEnv({CC_TOKEN_CONFIG_DIR: config.dir}),
			encoding: 'utf8',
		});
		expect(run.status).toBe(1);
		expect(run.stdout).toBe('');
		expect(run.stderr).toBe(
			'cc-token: this is Node.js 20.11.1; cc-token needs 20.19 or newer.\n  Install a current Node.js (https://nodejs.org), then run cc-token again.\n',
		);
	}
});

it('hands a token that needs renewing to the full command, which tries to renew it', () => {
	storeProfiles(1, Date.now() - 1000);
	// Nothing listens on port 9 of loopback: the refresh fails fast, as a network problem.
	const run = runTracingLoads(['token'], {CC_TOKEN_AUTH_URL: 'http://127.0.0.1:9/oauth2'});
	expect(run.loaded).toContain(fullCommandSet);
	expect(run.stdout).toBe('');
	expect(run.stderr).toMatch(/^cc-token: .+\n {2}.+\n$/);
	expect(run.status).toBe(5);
});

it('hands out a token that could not be renewed but still works, with a warning on stderr only', () => {
	storeProfiles(1, Date.now() + 60_000);
	const run = runTracingLoads(['token'], {
		CC_TOKEN_AUTH_URL: 'http://127.0.0.1:9/oauth2',
		TZ: 'UTC',
	});
	expect(run.stdout).toBe('header.payload.signature\n');
	expect(run.stderr).toMatch(
		/^cc-token: warning: the access token could not be refreshed, so this is the old one, still valid until today \d\d:\d\d UTC, in 1 min\. Could not reach 127\.0\.0\.1:9/,
	);
	expect(run.stderr.trim().split('\n')).toHaveLength(1);
	expect(run.status).toBe(0);
});

it('reports a usage error from the entry file the way the full command does', () => {
	storeProfiles(1, Date.now() + 3_600_000);
	const run = runTracingLoads(['status', '--bogus']);
	expect(run.status).toBe(2);
	expect(run.stderr).toContain('Unknown option --bogus for `cc-token status`.');
	expect(run.stderr).toContain('cc-token status --help');
	expect(run.stderr).not.toContain('    at ');
});

it('ends quietly when its reader stops early', () => {
	// Far more than a pipe holds, so that writing goes on after `head` has gone.
	storeProfiles(400, Date.now() + 3_600_000);
	const run = spawnSync('sh', ['-c', `"${process.execPath}" "${builtCli}" status | head -c 1`], {
		env: baseEnv({CC_TOKEN_CONFIG_DIR: config.dir}),
		encoding: 'utf8',
	});
	expect(run.stdout).toBe('C');
	expect(run.stderr).toBe('');
});
