// `cc-token api` end to end: the built command against the emulator's V3 API over loopback.
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {type EmulatorApp, startEmulator} from '../../source/provider/emulator/index.js';
import {repoRoot, runCli, startCli, waitFor} from '../helpers/cli.js';
import {setUpEmulator} from '../helpers/emulator.js';
import {cliCommand, startTerminal} from '../helpers/terminal.js';

const e2e = setUpEmulator({emulator: {autoApprove: 'allow'}});

function cli(args: string[], options: {stdin?: string; env?: Record<string, string>} = {}) {
	return runCli(args, {env: e2e.env(options.env), stdin: options.stdin, timeoutMs: 30_000});
}

/** Signs a new app in with these scopes through the real `cc-token login`; returns the app. */
async function signedIn(scopes: string): Promise<EmulatorApp> {
	const app = e2e.emulator.registerApp({redirectUris: [e2e.redirectUri]});
	const result = await cli([
		'login',
		'--client-id',
		app.clientId,
		'--redirect-uri',
		e2e.redirectUri,
		'--scope',
		scopes,
	]);
	expect(result.exitCode, result.stderr).toBe(0);
	return app;
}

const allScopes = 'account_read contact_data campaign_data offline_access';

async function storedAccessToken(): Promise<string> {
	const token = await cli(['token']);
	return token.stdout.trim();
}

async function revoke(app: EmulatorApp, token: string): Promise<void> {
	const response = await fetch(`${e2e.emulator.authBaseUrl}/revoke`, {
		method: 'POST',
		headers: {'Content-Type': 'application/x-www-form-urlencoded'},
		body: new URLSearchParams({client_id: app.clientId, token}).toString(),
	});
	expect(response.status).toBe(200);
}

describe('requests', () => {
	it('reads a path given as /x, x or /v3/x, or as a URL on the API host, as compact JSON when piped', async () => {
		await signedIn(allScopes);
		for (const target of [
			'/account/summary',
			'account/summary',
			'/v3/account/summary',
			`${e2e.emulator.apiBaseUrl}/account/summary`,
		]) {
			const result = await cli(['api', target]);
			expect(result.exitCode, result.stderr).toBe(0);
			expect(result.stdout).toMatch(/^\{"encoded_account_id":.*\}\n$/);
			expect(JSON.parse(result.stdout).organization_name).toBe('Juniper Street Bakery');
			expect(result.stderr).toBe('');
		}
	});

	it('refuses a URL on any other host with exit 2, and sends the token nowhere', async () => {
		await signedIn(allScopes);
		const requests: string[] = [];
		const elsewhere = createServer((request, response) => {
			requests.push(`${request.method} ${request.url} ${request.headers.authorization ?? ''}`);
			response.end('{}');
		});
		await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
		const port = (elsewhere.address() as AddressInfo).port;
		try {
			for (const target of [
				`http://127.0.0.1:${port}/v3/account/summary`,
				`http://localhost:${new URL(e2e.emulator.origin).port}/v3/account/summary`,
				`//127.0.0.1:${port}/v3/contacts`,
				'https://api.cc.email.example.com/v3/contacts',
			]) {
				const result = await cli(['api', target]);
				expect(result.exitCode, target).toBe(2);
				expect(result.stderr).toMatch(/nowhere else/);
				expect(result.stderr).not.toMatch(/\n\s+at /);
			}
			// Nor does pointing CC_TOKEN_API_URL elsewhere carry a profile's token there.
			const moved = await cli(['api', '/account/summary'], {
				env: {CC_TOKEN_API_URL: `http://127.0.0.1:${port}/v3`},
			});
			expect(moved.exitCode).toBe(2);
			expect(moved.stderr).toMatch(/will not send its token there/);
			expect(requests).toEqual([]);
		} finally {
			elsewhere.close();
		}
	});

	it('--include prints the status line and headers before the body', async () => {
		await signedIn(allScopes);
		const result = await cli(['api', '/account/summary', '--include']);
		expect(result.exitCode).toBe(0);
		const [head, body] = result.stdout.split('\n\n');
		expect(head).toMatch(/^HTTP\/1\.1 200 OK\n/);
		expect(head).toMatch(/^content-type: application\/json$/im);
		expect(JSON.parse(body!).first_name).toBe('Maya');
	});

	it('creates a contact from typed and nested fields (-F, -f), from --input FILE and from stdin', async () => {
		await signedIn(allScopes);
		const fromFields = await cli([
			'api',
			'/contacts',
			'-X',
			'POST',
			'-F',
			'email_address[address]=fields@example.com',
			'-f',
			'first_name=Field',
			'-f',
			'create_source=Contact',
		]);
		expect(fromFields.exitCode, fromFields.stderr).toBe(0);
		expect(JSON.parse(fromFields.stdout)).toMatchObject({
			email_address: {address: 'fields@example.com'},
			first_name: 'Field',
		});

		const file = path.join(path.dirname(e2e.configDir), 'contact.json');
		writeFileSync(
			file,
			JSON.stringify({email_address: {address: 'file@example.com'}, create_source: 'Account'}),
		);
		const fromFile = await cli(['api', 'contacts', '--input', file]);
		expect(fromFile.exitCode, fromFile.stderr).toBe(0);
		expect(JSON.parse(fromFile.stdout).email_address.address).toBe('file@example.com');

		const fromStdin = await cli(['api', 'contacts', '--input', '-'], {
			stdin: JSON.stringify({
				email_address: {address: 'stdin@example.com'},
				create_source: 'Contact',
			}),
		});
		expect(fromStdin.exitCode, fromStdin.stderr).toBe(0);

		const found = await cli(['api', '/contacts', '-f', 'email=stdin@example.com']);
		expect(JSON.parse(found.stdout).contacts).toHaveLength(1);
	});

	it('shows every validation error the API sent (array form) on stderr, the body on stdout, exit 6', async () => {
		await signedIn(allScopes);
		const result = await cli(['api', '/contacts', '-X', 'POST', '-F', 'first_name=7']);
		expect(result.exitCode).toBe(6);
		const body = JSON.parse(result.stdout);
		expect(body).toHaveLength(3);
		for (const error of body) expect(result.stderr).toContain(error.error_message);
		expect(result.stderr).toMatch(/HTTP 400/);
	});

	it('rejects bad usage with exit 2 and no stack trace', async () => {
		await signedIn(allScopes);
		const notJson = path.join(path.dirname(e2e.configDir), 'not.json');
		writeFileSync(notJson, 'email=x');
		for (const args of [
			['api'],
			['api', '/a', '/b'],
			['api', '/contacts', '-X', 'TRACE'],
			['api', '/contacts', '-H', 'Authorization: Bearer stolen'],
			['api', '/contacts', '-H', 'Host: evil.example'],
			['api', '/contacts', '--paginate', '--max-pages', '0'],
			['api', '/contacts', '-H', 'no colon'],
			['api', '/contacts', '--input', notJson],
			['api', '/contacts', '--input', '/nonexistent/file.json'],
			['api', '/contacts', '-f', '=value'],
			['api', '/contacts', '-X', 'POST', '--paginate'],
			['api', '/contacts', '--colour'],
		]) {
			const result = await cli(args);
			expect(result.exitCode, args.join(' ')).toBe(2);
			expect(result.stderr).toMatch(/^cc-token: (api: |`cc-token api`|Unknown option --colour)/);
			expect(result.stderr).not.toMatch(/\n\s+at /);
		}
	});
});

describe('scopes and refusals', () => {
	it('a 403 for a scope the token lacks names it with the exact login line', async () => {
		await signedIn('contact_data offline_access');
		const result = await cli(['api', '/emails']);
		expect(result.exitCode).toBe(6);
		expect(JSON.parse(result.stdout)[0].error_key).toBe('forbidden');
		expect(result.stderr).toContain('needs the campaign_data scope');
		expect(result.stderr).toContain(
			'cc-token login --scope "contact_data offline_access campaign_data"',
		);
	});

	it('a 403 when the token has the scope quotes the server and suggests no scope', async () => {
		const app = await signedIn(allScopes);
		e2e.emulator.api.deactivate(app.clientId);
		const result = await cli(['api', '/contacts']);
		expect(result.exitCode).toBe(6);
		expect(result.stderr).toMatch(
			/Constant Contact said: “Forbidden: this application has been deactivated\.”/,
		);
		expect(result.stderr).not.toContain('--scope');
	});
});

describe('tokens', () => {
	it('answers from its own small bundle; only a refresh loads more, never the full command set', async () => {
		const app = await signedIn(allScopes);
		const folder = mkdtempSync(path.join(tmpdir(), 'cc-token-loads-'));
		const traced = async () => {
			const log = path.join(folder, 'loads.txt');
			writeFileSync(log, '');
			const result = await cli(['api', '/account/summary'], {
				env: {
					NODE_OPTIONS: `--import ${path.join(repoRoot, 'test', 'helpers', 'trace-loads.mjs')}`,
					CC_TEST_LOAD_LOG: log,
				},
			});
			expect(result.exitCode, result.stderr).toBe(0);
			const loaded = readFileSync(log, 'utf8')
				.split('\n')
				.filter((url) => url.startsWith('file:'));
			return [...new Set(loaded.map((url) => path.relative(repoRoot, fileURLToPath(url))))];
		};
		try {
			expect(await traced()).toEqual([
				path.join('dist', 'cli.js'),
				path.join('dist', 'quick', 'api.js'),
			]);
			await revoke(app, await storedAccessToken());
			const refreshed = await traced();
			expect(refreshed).toContain(path.join('dist', 'esm', 'later', 'store', 'fresh-token.mjs'));
			expect(refreshed).not.toContain(path.join('dist', 'esm', 'main.mjs'));
		} finally {
			rmSync(folder, {recursive: true, force: true});
		}
	});

	it('with a proxy in the environment, still reaches the API on loopback directly', async () => {
		await signedIn(allScopes);
		// Nothing listens on port 9: were the proxy used, the request would fail.
		const result = await cli(['api', '/account/summary'], {
			env: {HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9'},
		});
		expect(result.exitCode, result.stderr).toBe(0);
		expect(JSON.parse(result.stdout).first_name).toBe('Maya');
	});

	it('an access token revoked mid-session: one refresh, one retry, success', async () => {
		const app = await signedIn(allScopes);
		const before = await storedAccessToken();
		await revoke(app, before);
		const refreshes = e2e.emulator.counts.refreshes;
		const summaries = e2e.emulator.counts.accountSummary;
		const result = await cli(['api', '/account/summary']);
		expect(result.exitCode, result.stderr).toBe(0);
		expect(JSON.parse(result.stdout).first_name).toBe('Maya');
		expect(e2e.emulator.counts.refreshes - refreshes).toBe(1);
		expect(e2e.emulator.counts.accountSummary - summaries).toBe(2);
		expect(await storedAccessToken()).not.toBe(before);
	});

	it('a token revoked in the middle of a paginated read: the read completes', async () => {
		const app = await signedIn(allScopes);
		const before = await storedAccessToken();
		const requestsBefore = e2e.emulator.api.requests();
		const refreshes = e2e.emulator.counts.refreshes;
		const run = startCli(['api', '/contacts', '-f', 'limit=200', '--paginate'], {env: e2e.env()});
		run.child.stdin.end();
		await waitFor(() => e2e.emulator.api.requests() > requestsBefore);
		await revoke(app, before);
		const result = await run.finished;
		expect(result.exitCode, result.stderr).toBe(0);
		expect(JSON.parse(result.stdout)).toHaveLength(e2e.emulator.api.contactCount());
		expect(e2e.emulator.counts.refreshes - refreshes).toBe(1);
	});

	it('when the renewed token is refused too, exit 3 and the way to sign in again', async () => {
		const app = await signedIn(allScopes);
		const stored = JSON.parse(
			(await import('node:fs')).readFileSync(path.join(e2e.configDir, 'config.json'), 'utf8'),
		);
		// Revoking the refresh token ends the whole sign-in.
		await revoke(app, stored.profiles.default.refreshToken);
		const result = await cli(['api', '/account/summary']);
		expect(result.exitCode).toBe(3);
		expect(result.stderr).toMatch(/cc-token login/);
	});
});

describe('pages and limits', () => {
	it('--paginate joins every page into one array, paced under 4 a second', async () => {
		await signedIn(allScopes);
		const requestsBefore = e2e.emulator.api.requests();
		const throttledBefore = e2e.emulator.api.throttled();
		// A server a little more lenient than Constant Contact: 4 a second never reaches 6, even
		// when a busy machine delays one request more than the next; requests sent unpaced would.
		e2e.emulator.api.setLimits({perSecond: 6});
		const result = await cli(['api', '/contacts', '-f', 'limit=100', '--paginate']).finally(() =>
			e2e.emulator.api.setLimits({perSecond: 4}),
		);
		expect(result.exitCode, result.stderr).toBe(0);
		const contacts = JSON.parse(result.stdout);
		expect(Array.isArray(contacts)).toBe(true);
		expect(contacts).toHaveLength(e2e.emulator.api.contactCount());
		expect(new Set(contacts.map((c: {contact_id: string}) => c.contact_id)).size).toBe(
			contacts.length,
		);
		// 12 or more pages: three times the per-second limit.
		expect(e2e.emulator.api.requests() - requestsBefore).toBeGreaterThanOrEqual(12);
		// Paced, not rescued by waiting out refusals: the emulator never had to refuse one.
		expect(e2e.emulator.api.throttled() - throttledBefore).toBe(0);
		expect(result.stderr).toBe('');
	});

	it('waits out throttled answers from a server stricter than 4 a second, and completes', async () => {
		const strict = await startEmulator({autoApprove: 'allow', apiLimits: {perSecond: 2}});
		try {
			const app = strict.registerApp({redirectUris: [e2e.redirectUri]});
			const strictEnv = {...strict.env};
			const login = await cli(
				[
					'login',
					'--client-id',
					app.clientId,
					'--redirect-uri',
					e2e.redirectUri,
					'--scope',
					allScopes,
				],
				{env: strictEnv},
			);
			expect(login.exitCode, login.stderr).toBe(0);
			const result = await cli(['api', '/contacts', '-f', 'limit=250', '--paginate'], {
				env: strictEnv,
			});
			expect(result.exitCode, result.stderr).toBe(0);
			expect(JSON.parse(result.stdout)).toHaveLength(strict.api.contactCount());
			expect(strict.api.throttled()).toBeGreaterThan(0);
		} finally {
			await strict.close();
		}
	});

	it('stops at quota_exceeded with the reason, the body on stdout, exit 6', async () => {
		await signedIn(allScopes);
		e2e.emulator.api.setLimits({perDay: 0});
		try {
			const result = await cli(['api', '/account/summary']);
			expect(result.exitCode).toBe(6);
			expect(JSON.parse(result.stdout)).toMatchObject({error_key: 'quota_exceeded'});
			expect(result.stderr).toMatch(/daily quota/);
		} finally {
			e2e.emulator.api.setLimits({perDay: 10_000});
		}
	});
});

describe('on a terminal', () => {
	it('prints indented JSON, and a progress line while paginating that is gone at the end', async () => {
		await signedIn(allScopes);
		const single = await startTerminal({
			command: cliCommand(['api', '/account/summary']),
			env: e2e.env(),
			columns: 100,
			rows: 40,
		});
		try {
			expect(await single.exitCode()).toBe(0);
			expect(single.output()).toMatch(
				/\{\r?\n {2}"encoded_account_id": "a07e6b2c9d1f",\r?\n {2}"first_name": "Maya"/,
			);
		} finally {
			await single.kill();
		}
		const paged = await startTerminal({
			command: cliCommand(['api', '/contacts', '-f', 'limit=400', '--paginate']),
			env: e2e.env(),
			columns: 100,
			rows: 40,
		});
		try {
			expect(await paged.exitCode(30_000)).toBe(0);
			const output = paged.output();
			expect(output).toContain('Fetched 2 pages, 800 items…');
			expect(output).toMatch(/\r\u001B\[2K\[\r?\n {2}\{/);
			expect(await paged.screen()).not.toContain('Fetched');
		} finally {
			await paged.kill();
		}
	});
});
