// A server (or anything on the path) that puts escape sequences in every text it sends: the
// user code, the addresses, the granted scopes, the account's name, e-mail and organisation.
// The built command and the guide must never pass one on to the terminal: the checks read the
// raw bytes they wrote (pipes, and tmux's pipe-pane for the guide).
import {spawn} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {type AddressInfo, createServer as createNetServer} from 'node:net';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {baseEnv, builtCli} from '../helpers/cli.js';
import {hostileSequences, hostileText, terminalAttacks} from '../helpers/hostile-text.js';
import {
	type Answer,
	json,
	type ScriptedServer,
	startScriptedServer,
} from '../helpers/scripted-server.js';
import {setUpTempStore, writeStoreFile} from '../helpers/temp-store.js';
import {cliCommand, startTerminal, type Terminal} from '../helpers/terminal.js';

const clientId = '1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d';
const accessToken = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJtYXlhIn0.c2lnbmF0dXJl';
const userCode = 'WDJB-MJHT';

interface Fields {
	userCode?: string;
	verificationUri?: string;
}

/** A sign-in server and API that answer by path, with hostile text wherever text goes. */
function hostileAnswers(origin: () => string, fields: Fields = {}): Answer {
	return (request, response) => {
		if (request.path.endsWith('/device/authorize')) {
			return json(200, {
				device_code: 'device-code-1',
				user_code: fields.userCode ?? userCode,
				verification_uri: fields.verificationUri ?? `${origin()}/activate`,
				verification_uri_complete: `${origin()}/activate?user_code=${userCode}`,
				expires_in: 600,
				interval: 1,
			})(request, response);
		}
		if (request.path.endsWith('/token')) {
			return json(200, {
				access_token: accessToken,
				token_type: `Bearer${hostileSequences.osc0Title}`,
				expires_in: 86_400,
				refresh_token: 'refresh-token-1',
				scope: `account_read ${hostileText} offline_access`,
			})(request, response);
		}
		if (request.path.endsWith('/account/summary')) {
			return json(200, {
				first_name: hostileText,
				last_name: hostileSequences.bidiOverride,
				contact_email: `maya${hostileSequences.osc52Clipboard}@example.com`,
				organization_name: `Juniper ${hostileSequences.osc8Link} ${hostileSequences.c1Osc}`,
			})(request, response);
		}
		if (request.path.endsWith('/v3/plain')) {
			response.writeHead(200, {'content-type': 'text/plain', 'x-note': 'caf\u00e9 \u009b31m'});
			response.end(`line one ${hostileText}\r\nline two\ttabbed`);
			return;
		}
		json(404, {error: 'not_found'})(request, response);
	};
}

interface RawResult {
	exitCode: number | null;
	stdout: Buffer;
	stderr: Buffer;
}

/** The built command with piped stdio, keeping the bytes exactly as written. */
function runRaw(args: string[], env: NodeJS.ProcessEnv): Promise<RawResult> {
	const child = spawn(process.execPath, [builtCli, ...args], {
		env,
		stdio: ['pipe', 'pipe', 'pipe'],
	});
	const stdout: Buffer[] = [];
	const stderr: Buffer[] = [];
	child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
	child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
	child.stdin.end();
	const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
	return new Promise((resolve, reject) => {
		child.on('error', reject);
		child.on('close', (exitCode) => {
			clearTimeout(timer);
			resolve({exitCode, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr)});
		});
	});
}

function expectClean(result: RawResult) {
	expect(terminalAttacks(result.stdout), result.stdout.toString()).toEqual([]);
	expect(terminalAttacks(result.stderr), result.stderr.toString()).toEqual([]);
}

let server: ScriptedServer;
const config = setUpTempStore();
let terminal: Terminal | undefined;
let env: NodeJS.ProcessEnv;

async function startServer(fields: Fields = {}) {
	let origin = '';
	server = await startScriptedServer(hostileAnswers(() => origin, fields));
	origin = server.origin;
	env = baseEnv({
		CC_TOKEN_CONFIG_DIR: config.dir,
		CC_TOKEN_AUTH_URL: `${server.origin}/oauth2/default/v1`,
		CC_TOKEN_API_URL: `${server.origin}/v3`,
	});
}

afterEach(async () => {
	await terminal?.kill();
	terminal = undefined;
	await server?.close();
});

describe('escape sequences from the server, through the built command', () => {
	it('login, status and status --json show them harmless, and none is stored', async () => {
		await startServer();
		const login = await runRaw(['login', '--device', '--client-id', clientId], env);
		expect(login.exitCode, login.stderr.toString()).toBe(0);
		expectClean(login);
		expect(login.stderr.toString()).toContain('Signed in as Maya �]52;c;');

		const stored = JSON.parse(readFileSync(path.join(config.dir, 'config.json'), 'utf8'));
		const profile = stored.profiles.default;
		for (const text of [...profile.scopes, ...Object.values(profile.account as object)]) {
			expect(terminalAttacks(Buffer.from(String(text)))).toEqual([]);
		}
		expect(profile.accessToken).toBe(accessToken);

		const status = await runRaw(['status'], env);
		expect(status.exitCode).toBe(0);
		expectClean(status);
		expect(status.stdout.toString()).toMatch(/account {8}Maya �\]52;c;/);

		const statusJson = await runRaw(['status', '--json'], env);
		expect(statusJson.exitCode).toBe(0);
		expectClean(statusJson);
		// JSON would hide an escape as \u001b: what a program reads is clean too.
		const parsed = JSON.parse(statusJson.stdout.toString());
		expect(terminalAttacks(Buffer.from(JSON.stringify(parsed.profiles[0].account)))).toEqual([]);
		expect(JSON.stringify(parsed)).not.toMatch(/\\u00(1b|07|9[bd])/i);
	});

	it('refuses a user code or an address that is not what RFC 8628 describes, and says so cleanly', async () => {
		for (const fields of [
			{userCode: `WDJB${hostileSequences.osc52Clipboard}`},
			{userCode: `WDJB-MJHT${hostileSequences.bidiOverride}`},
			{verificationUri: 'javascript:alert(1)'},
			{verificationUri: 'http://evil.example/activate'},
			{verificationUri: `https://constantcontact.com@evil.example/${hostileSequences.csiReport}`},
		]) {
			await startServer(fields);
			const login = await runRaw(['login', '--device', '--client-id', clientId], env);
			expect(login.exitCode, JSON.stringify(fields)).toBe(5);
			expectClean(login);
			expect(login.stderr.toString()).toContain('answered the device sign-in with');
			expect(login.stderr.toString()).not.toContain('evil');
			await server.close();
		}
	});
});

describe('escape sequences in the guide’s terminal', () => {
	it('a profile an earlier version stored as received: the status bar shows it harmless', async () => {
		await startServer();
		writeStoreFile(
			{dir: config.dir, file: path.join(config.dir, 'config.json')},
			{
				default: {
					apiKey: clientId,
					accessToken,
					accessTokenExpiresAt: Date.now() + 3_600_000,
					refreshToken: 'refresh-token-1',
					scopes: ['account_read', hostileSequences.osc52Clipboard],
					account: {
						name: hostileText,
						email: `maya${hostileSequences.osc0Title}@example.com`,
						organization: hostileSequences.osc8Link,
					},
				},
			},
		);
		const stored = await runRaw(['status'], env);
		expectClean(stored);
		terminal = await startTerminal({
			command: cliCommand([]),
			env: {...env, TERM: 'xterm-256color'},
			columns: 200,
			rows: 30,
		});
		await terminal.waitFor('Step ');
		await terminal.sendKeys('9');
		await terminal.waitFor('Step 9 of 10');
		// The account's row; the status bar leaves out a name this long rather than cut it.
		await terminal.waitFor('Maya �]52;c;');
		await terminal.sendKeys('q');
		expect(await terminal.exitCode()).toBe(0);
		expect(terminalAttacks(terminal.outputBytes())).toEqual([]);
	});

	it('a device sign-in in the guide: code, address and account reach the screen harmless', async () => {
		await startServer();
		terminal = await startTerminal({
			command: cliCommand([]),
			env: {...env, TERM: 'xterm-256color', CC_CLIENT_ID: clientId},
			columns: 200,
			rows: 40,
		});
		await terminal.waitFor('Step 1 of 10');
		await terminal.sendKeys('d');
		await terminal.waitFor(`for the code ${userCode}`);
		await terminal.waitFor('Maya �]52;c;', 15_000);
		await terminal.sendKeys('q');
		expect(await terminal.exitCode()).toBe(0);
		expect(terminalAttacks(terminal.outputBytes())).toEqual([]);
	});
});

describe('escape sequences in what cc-token api prints on a terminal', () => {
	it('JSON keeps its meaning with the sequences escaped; other text shows them harmless', async () => {
		await startServer();
		const login = await runRaw(['login', '--device', '--client-id', clientId], env);
		expect(login.exitCode, login.stderr.toString()).toBe(0);
		for (const [args, shown] of [
			[['api', '/account/summary'], '"first_name": "Maya \\u001b]52;c;'],
			[['api', '/plain', '--include'], 'line one Maya �]52;c;'],
		] as const) {
			terminal = await startTerminal({
				command: cliCommand([...args]),
				env: {...env, TERM: 'xterm-256color'},
				columns: 200,
				rows: 40,
			});
			expect(await terminal.exitCode()).toBe(0);
			expect(await terminal.screen()).toContain(shown);
			expect(terminalAttacks(terminal.outputBytes())).toEqual([]);
			await terminal.kill();
			terminal = undefined;
		}
		// Piped, the bytes are the server's own: a program gets exactly what was sent.
		const piped = await runRaw(['api', '/account/summary'], env);
		expect(JSON.parse(piped.stdout.toString()).first_name).toBe(hostileText);
	});
});

describe('escape sequences in what cc-token says about a server, through the one output boundary', () => {
	/** A settings file with a good token, signed in to `origin`. */
	function signedInTo(origin: string, token = accessToken) {
		writeStoreFile(
			{dir: config.dir, file: path.join(config.dir, 'config.json')},
			{
				default: {
					apiKey: clientId,
					accessToken: token,
					accessTokenExpiresAt: Date.now() + 3_600_000,
					refreshToken: 'refresh-token-1',
					server: {authBaseUrl: `${origin}/oauth2/default/v1`, apiBaseUrl: `${origin}/v3`},
				},
			},
		);
	}

	/** An API whose every list page links to `next`. */
	async function startPagingServer(next: (origin: string) => string) {
		let origin = '';
		server = await startScriptedServer((request, response) =>
			json(200, {contacts: [{id: 1}], _links: {next: {href: next(origin)}}})(request, response),
		);
		origin = server.origin;
		env = baseEnv({
			CC_TOKEN_CONFIG_DIR: config.dir,
			CC_TOKEN_AUTH_URL: `${origin}/oauth2/default/v1`,
			CC_TOKEN_API_URL: `${origin}/v3`,
		});
		signedInTo(origin);
	}

	const hostileLink = `${hostileSequences.osc0Title}${hostileSequences.osc52Clipboard}`;

	it('a next link that repeats, holding OSC title and clipboard sequences: stopped, shown harmless on a terminal', async () => {
		await startPagingServer(() => `/v3/contacts?cursor=${hostileLink}`);
		terminal = await startTerminal({
			command: cliCommand(['api', '/contacts', '--paginate']),
			env: {...env, TERM: 'xterm-256color'},
			columns: 200,
			rows: 30,
		});
		expect(await terminal.exitCode()).toBe(5);
		expect(terminalAttacks(terminal.outputBytes())).toEqual([]);
		expect(await terminal.screen()).toContain('already fetched (/v3/contacts?cursor=�]0;pwned');

		const piped = await runRaw(['api', '/contacts', '--paginate'], env);
		expect(piped.exitCode).toBe(5);
		expect(piped.stdout.toString()).toBe('');
		expectClean(piped);
	});

	it('a next link to another origin: refused, shown harmless, and that origin receives nothing', async () => {
		const elsewhere = await startScriptedServer(json(200, {contacts: []}));
		try {
			await startPagingServer(() => `${elsewhere.origin}/v3/contacts?cursor=${hostileLink}`);
			const piped = await runRaw(['api', '/contacts', '--paginate'], env);
			expect(piped.exitCode).toBe(5);
			expect(piped.stderr.toString()).toContain('leads off its API');
			expectClean(piped);
			expect(elsewhere.requests).toEqual([]);
			expect(server.requests).toHaveLength(1);
		} finally {
			await elsewhere.close();
		}
	});

	it('--max-pages stops an endless chain of next links, printing nothing', async () => {
		let page = 0;
		await startPagingServer(() => `/v3/contacts?cursor=${++page}`);
		const piped = await runRaw(['api', '/contacts', '--paginate', '--max-pages', '3'], env);
		expect(piped.exitCode).toBe(5);
		expect(piped.stdout.toString()).toBe('');
		expect(piped.stderr.toString()).toContain('after 3 pages');
		expect(server.requests).toHaveLength(3);
	});

	/** A "Redis" that answers every command with an error reply holding escape sequences. */
	async function hostileRedis(): Promise<{address: string; close: () => Promise<unknown>}> {
		const redis = createNetServer((socket) => {
			socket.on('data', () => socket.write(`-ERR ${hostileLink} gone\r\n`));
			socket.on('error', () => {});
		});
		await new Promise<void>((resolve) => redis.listen(0, '127.0.0.1', resolve));
		const {port} = redis.address() as AddressInfo;
		return {
			address: `redis://127.0.0.1:${port}/0`,
			close: () => new Promise((resolve) => redis.close(resolve)),
		};
	}

	it('a Redis store whose error reply holds escape sequences: the message reaches stderr harmless', async () => {
		const redis = await hostileRedis();
		try {
			const result = await runRaw(
				['token'],
				baseEnv({CC_TOKEN_CONFIG_DIR: config.dir, CC_TOKEN_STORE: redis.address}),
			);
			expect(result.exitCode).not.toBe(0);
			expectClean(result);
			expect(result.stderr.toString()).toContain('�]0;pwned');
		} finally {
			await redis.close();
		}
	});

	it('the same Redis error reply in the guide reaches its terminal harmless', async () => {
		const redis = await hostileRedis();
		try {
			terminal = await startTerminal({
				command: cliCommand([]),
				env: baseEnv({
					TERM: 'xterm-256color',
					CC_TOKEN_CONFIG_DIR: config.dir,
					CC_TOKEN_STORE: redis.address,
				}),
				columns: 200,
				rows: 40,
			});
			const screen = await terminal.waitFor('Redis store', 20_000);
			await terminal.sendKeys('q');
			expect(await terminal.exitCode()).toBe(0);
			expect(terminalAttacks(terminal.outputBytes())).toEqual([]);
			expect(screen).toContain('�]0;pwned');
		} finally {
			await redis.close();
		}
	});

	it('cc-token token prints no stored access token that breaks the token grammar', async () => {
		await startPagingServer(() => '/v3/contacts');
		signedInTo(server.origin, 'abc\r\nX-Injected: from-the-store');
		const result = await runRaw(['token'], env);
		expect(result.exitCode).not.toBe(0);
		expect(result.stdout.toString()).toBe('');
		expect(result.stderr.toString()).not.toContain('X-Injected');
	});

	it('a password in a server address is never printed', async () => {
		await startPagingServer(() => '/v3/contacts');
		const result = await runRaw(['refresh'], {
			...env,
			CC_TOKEN_AUTH_URL: 'http://maya:s3cret-pass@127.0.0.1:9/oauth2/default/v1',
		});
		expect(result.exitCode).not.toBe(0);
		expect(result.stderr.toString()).not.toContain('s3cret-pass');
		expect(result.stderr.toString()).toContain('http://maya:[hidden]@127.0.0.1:9');
	});
});
