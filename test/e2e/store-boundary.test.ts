// The store boundary, from outside: profiles planted in a real redis-server of the test's own
// and in a settings file, as a hostile store (or a hand edit) would leave them, read by the
// built cc-token. A damaged profile is refused by name and never used; the others keep working;
// nothing a store holds reaches the terminal raw.
import {existsSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {baseEnv, type CliResult, runCli} from '../helpers/cli.js';
import {type RedisServer, startRedisServer} from '../helpers/redis-server.js';
import {setUpTempStore} from '../helpers/temp-store.js';

const apiKey = '1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d';
const injected = 'abc\r\nX-Injected: from-redis';
/** What a hostile store puts in text: a window title, the clipboard, a BiDi override. */
const escapes = '\u001b]0;pwned\u0007\u001b]52;c;aGk=\u0007\u202e';

let redis: RedisServer;
const config = setUpTempStore('all tests');

beforeAll(async () => {
	redis = await startRedisServer();
});
afterAll(async () => {
	await redis.close();
});
beforeEach(() => {
	redis.cli('FLUSHALL');
	// `use` keeps its choice there.
	rmSync(path.join(config.dir, 'config.json'), {force: true});
});

function goodProfile(accessToken: string) {
	return {apiKey, accessToken, accessTokenExpiresAt: Date.now() + 3_600_000};
}

function plant(fields: Record<string, unknown>): void {
	for (const [name, value] of Object.entries(fields)) {
		redis.cli(
			'HSET',
			'cc-token:profiles',
			name,
			typeof value === 'string' ? value : JSON.stringify(value),
		);
	}
}

function env(extra: Record<string, string | undefined> = {}) {
	return baseEnv({CC_TOKEN_CONFIG_DIR: config.dir, CC_TOKEN_STORE: redis.url(), ...extra});
}

/** No escape, control (but the line feed) or BiDi character, anywhere in what was written. */
function expectNothingRaw(result: CliResult): void {
	for (const output of [result.stdout, result.stderr]) {
		expect(output).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
	}
}

describe('a profile planted in the Redis hash', () => {
	it('with a header injected into its access token is refused by token, exec and env, by name', async () => {
		plant({default: goodProfile(injected), work: goodProfile('work-token')});

		const token = await runCli(['token'], {env: env()});
		expect(token.stdout).toBe('');
		expect(token.stderr).toBe(
			`cc-token: Profile “default” in ${redis.url()} is damaged: it has an accessToken that is not a bearer token (RFC 6750); sign in again.\n  Sign in again, which replaces it: cc-token login\n`,
		);
		expect(token.exitCode).toBe(3);

		const exec = await runCli(
			['exec', '--', process.execPath, '-e', 'console.log("ran", process.env.CC_ACCESS_TOKEN)'],
			{env: env()},
		);
		expect(exec.stdout).toBe('');
		expect(exec.stderr).toContain('Profile “default”');
		expect(exec.stderr).toContain('is damaged');
		expect(exec.stderr).not.toContain('X-Injected');
		expect(exec.exitCode).toBe(3);

		const envLines = await runCli(['env', '--shell', 'sh'], {env: env()});
		expect(envLines.stdout).toBe('');
		expect(envLines.exitCode).toBe(3);

		// The other profile is untouched by it.
		const work = await runCli(['token', '--profile', 'work'], {env: env()});
		expect(work.stdout).toBe('work-token\n');
		expect(work.exitCode).toBe(0);
	});

	it('that is not JSON breaks only itself: status, env and use work for the others', async () => {
		plant({broken: '{"apiKey": "cut sho', work: goodProfile('work-token')});

		const status = await runCli(['status'], {env: env()});
		expect(status.stdout).toContain('Profile “work”');
		expect(status.stdout).toContain(
			'Profile “broken” is damaged: it is not valid JSON; sign in again: cc-token login --profile broken',
		);
		expect(status.exitCode).toBe(3);

		const json = await runCli(['status', '--json'], {env: env()});
		expect(JSON.parse(json.stdout)).toMatchObject({
			damagedProfiles: [{name: 'broken', problem: 'is not valid JSON'}],
			profiles: [{name: 'work'}],
		});

		const envLines = await runCli(['env', '--shell', 'sh', '--profile', 'work'], {env: env()});
		expect(envLines.stdout).toContain("export CC_ACCESS_TOKEN='work-token'");
		expect(envLines.exitCode).toBe(0);

		const use = await runCli(['use', 'work'], {env: env()});
		expect(use.exitCode).toBe(0);
		const token = await runCli(['token'], {env: env()});
		expect(token.stdout).toBe('work-token\n');

		const broken = await runCli(['status', '--profile', 'broken'], {env: env()});
		expect(broken.stderr).toContain('Profile “broken” in');
		expect(broken.stderr).toContain('is damaged: it is not valid JSON; sign in again.');
		expect(broken.exitCode).toBe(3);
	});

	it('never reaches the terminal raw through status: names, scopes, account, API key, servers', async () => {
		plant({
			[`evil${escapes}`]: goodProfile('t1'),
			shown: {
				...goodProfile('t2'),
				scopes: [`account_read${escapes}`],
				account: {name: `Maya${escapes}`, email: `m${escapes}@example.com`},
			},
			key: {...goodProfile('t3'), apiKey: `${apiKey}${escapes}`},
			server: {
				...goodProfile('t4'),
				server: {authBaseUrl: `https://a.example/${escapes}`, apiBaseUrl: 'https://b.example'},
			},
			userinfo: {
				...goodProfile('t5'),
				server: {authBaseUrl: 'https://u:secret-pw@a.example', apiBaseUrl: 'https://b.example'},
			},
		});
		for (const args of [['status'], ['status', '--json']]) {
			const status = await runCli(args, {env: env()});
			expectNothingRaw(status);
			expect(status.stdout).not.toContain('secret-pw');
			expect(status.stdout).toContain('Maya');
			expect(status.exitCode).toBe(3);
		}
		const text = (await runCli(['status'], {env: env()})).stdout;
		expect(text).toContain('Profile “key” is damaged: it has an apiKey that is not an API key');
		expect(text).toContain('Profile “server” is damaged: it has a server authBaseUrl');
		expect(text).toContain('Profile “userinfo” is damaged: it has a server authBaseUrl');
		expect(text).toContain('An entry “evil\ufffd]0;pwned');
	});

	it('with an unusable name is never listed in the errors of token --profile and use', async () => {
		plant({[`evil${escapes}`]: goodProfile('t1'), work: goodProfile('work-token')});
		const token = await runCli(['token', '--profile', 'nothere'], {env: env()});
		expectNothingRaw(token);
		expect(token.stderr).toContain(`There is no profile “nothere” in ${redis.url()}.`);
		expect(token.stderr).toContain('Profiles there: work.');
		expect(token.exitCode).toBe(3);

		const use = await runCli(['use', 'nothere'], {env: env()});
		expectNothingRaw(use);
		expect(use.stderr).toContain('Profiles there: work.');
		expect(use.exitCode).toBe(2);
	});

	it('is not copied by store copy: nothing is written', async () => {
		plant({default: goodProfile(injected), work: goodProfile('work-token')});
		const target = path.join(config.dir, 'copy-target');
		for (const args of [[], ['--profile', 'default']]) {
			const copy = await runCli(['store', 'copy', '--to', target, ...args], {env: env()});
			expect(copy.stderr).toContain('Profile “default”');
			expect(copy.stderr).toContain('is damaged');
			expect(copy.exitCode).toBe(3);
			expect(existsSync(path.join(target, 'config.json'))).toBe(false);
		}
	});
});

describe('a profile in the settings file', () => {
	function writeSettings(profiles: Record<string, unknown>): void {
		mkdirSync(config.dir, {recursive: true, mode: 0o700});
		writeFileSync(path.join(config.dir, 'config.json'), JSON.stringify({version: 1, profiles}), {
			mode: 0o600,
		});
	}
	const fileEnv = () => baseEnv({CC_TOKEN_CONFIG_DIR: config.dir});

	it('damaged is refused by token, and named by status, without the others failing or the file moving', async () => {
		writeSettings({
			default: goodProfile('abc\r\nX-Injected: from-file'),
			key: {...goodProfile('t3'), apiKey: `${apiKey}${escapes}`},
			server: {
				...goodProfile('t4'),
				server: {authBaseUrl: 'https://a.example', apiBaseUrl: `https://b.example/${escapes}`},
			},
			work: goodProfile('work-token'),
		});
		const bytes = readFileSync(path.join(config.dir, 'config.json'), 'utf8');

		const token = await runCli(['token'], {env: fileEnv()});
		expect(token.stdout).toBe('');
		expect(token.stderr).toContain('Profile “default”');
		expect(token.stderr).toContain('is damaged: it has an accessToken that is not a bearer token');
		expect(token.exitCode).toBe(3);

		for (const args of [['status'], ['status', '--json']]) {
			const status = await runCli(args, {env: fileEnv()});
			expectNothingRaw(status);
			expect(status.stdout).toContain('work');
			expect(status.exitCode).toBe(3);
		}
		const work = await runCli(['token', '--profile', 'work'], {env: fileEnv()});
		expect(work.stdout).toBe('work-token\n');
		expect(readFileSync(path.join(config.dir, 'config.json'), 'utf8')).toBe(bytes);
	});
});
