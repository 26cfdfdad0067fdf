// `cc-token emulator`: flags and a taken port in-process; then the real thing in a child
// process, answered by browser-script.sh (as the built command's BROWSER would be) and stopped
// with SIGINT.
import {type ChildProcessWithoutNullStreams, execFile, spawn} from 'node:child_process';
import {mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {get} from 'node:http';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {build} from 'esbuild';
import {afterAll, afterEach, beforeAll, describe, expect, test, vi} from 'vitest';
import {run} from '../../source/commands/emulator.js';
import {processIo} from '../../source/commands/support/process-io.js';
import {
	demoClientId,
	demoClientSecret,
	demoDeviceClientId,
	demoPkceClientId,
} from '../../source/provider/emulator/index.js';
import {playBrowser} from '../helpers/browser.js';
import {baseEnv, browserScript, builtCli, repoRoot, startCli} from '../helpers/cli.js';
import {type Json, pkcePair} from '../helpers/emulator-requests.js';
import {freePort} from '../helpers/ports.js';

// What the command writes, through the output boundary's file-descriptor writer.
const written = vi.hoisted(() => ({stdout: '', stderr: ''}));
vi.mock('../../source/system/direct-write.js', () => ({
	writeDirect: (fd: 1 | 2, text: string) => {
		written[fd === 1 ? 'stdout' : 'stderr'] += text;
	},
}));

function captureOutput() {
	written.stdout = '';
	written.stderr = '';
	return written;
}

describe('flags and start-up failures', () => {
	afterEach(() => {
		vi.restoreAllMocks();
	});

	test.each([
		[['--bogus'], '--bogus'],
		[['--port', 'eighty'], '--port must be a number from 0 to 65535'],
		[['--port', '70000'], '--port must be a number from 0 to 65535'],
		[['--auto-approve', 'maybe'], '--auto-approve must be allow or deny'],
		[['--refresh-leeway', '-5'], '--refresh-leeway must be a whole number of seconds'],
		[['--refresh-leeway', '2.5'], '--refresh-leeway must be a whole number of seconds'],
		[['--leeway-answer', 'twice'], '--leeway-answer must be rotate-again or same-new-token'],
		[['--okta', 'user-codes=spaced'], '--okta user-codes=spaced is not a reading it knows'],
		[['--okta', 'shape'], '--okta shape is not a reading it knows'],
		[['--live-okta=yes'], '--live-okta takes no value'],
		[['extra'], 'extra'],
	])('%j is a usage error (exit 2) that says what is wrong', async (argv, message) => {
		const output = captureOutput();
		expect(await run(argv, processIo())).toBe(2);
		expect(output.stderr).toContain(message);
		expect(output.stdout).toBe('');
	});

	test('--help prints the options and exits 0', async () => {
		const output = captureOutput();
		expect(await run(['--help'], processIo())).toBe(0);
		expect(output.stdout).toContain('Usage: cc-token emulator');
		expect(output.stdout).toContain('--auto-approve allow|deny');
	});

	test('a taken port: a message naming it, what to do, and exit 2', async () => {
		const holder = createServer();
		await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
		const {port} = holder.address() as {port: number};
		try {
			const output = captureOutput();
			expect(await run(['--port', String(port)], processIo())).toBe(2);
			expect(output.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use.`);
			expect(output.stderr).toContain('--port');
			expect(output.stderr).not.toMatch(/\n\s+at /);
		} finally {
			await new Promise((resolve) => holder.close(resolve));
		}
	});
});

describe('running in its own process', () => {
	let workDir: string;
	let child: ChildProcessWithoutNullStreams;
	let exited: Promise<number | null>;
	let stdout = '';

	function waitForOutput(pattern: RegExp): Promise<RegExpExecArray> {
		return new Promise((resolve, reject) => {
			const check = () => {
				const match = pattern.exec(stdout);
				if (!match) return;
				child.stdout.off('data', check);
				resolve(match);
			};
			child.stdout.on('data', check);
			child.once('exit', () => reject(new Error(`exited before printing ${pattern}:\n${stdout}`)));
			check();
		});
	}

	beforeAll(async () => {
		workDir = await mkdtemp(path.join(tmpdir(), 'cc-token-emulator-'));
		const entry = path.join(workDir, 'emulator.mjs');
		await build({
			stdin: {
				contents:
					"import {run} from './source/commands/emulator.ts';\nimport {processIo} from './source/commands/support/process-io.ts';\nprocess.exitCode = await run(process.argv.slice(2), processIo());\n",
				resolveDir: repoRoot,
				loader: 'ts',
			},
			bundle: true,
			platform: 'node',
			format: 'esm',
			target: 'node20',
			outfile: entry,
			logLevel: 'warning',
		});
		child = spawn(process.execPath, [entry], {stdio: 'pipe'});
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
			stdout += chunk;
		});
		exited = new Promise((resolve) => child.on('exit', resolve));
	});
	afterAll(async () => {
		child.kill('SIGKILL');
		await rm(workDir, {recursive: true, force: true});
	});

	test('prints the URLs, a demo app of each kind, and the two export lines', async () => {
		const [, authUrl] = await waitForOutput(/export CC_TOKEN_AUTH_URL=(\S+)/);
		const [, apiUrl] = await waitForOutput(/export CC_TOKEN_API_URL=(\S+)/);
		expect(authUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth2\/default\/v1$/);
		expect(apiUrl).toBe(authUrl!.replace('/oauth2/default/v1', '/v3'));
		await waitForOutput(/Demo app "Demo integration \(Device\)"/);
		expect(stdout).toMatch(
			new RegExp(
				`Demo app "Demo integration \\(Authorization Code\\)": Authorization Code Flow and Implicit Flow\n +API key +${demoClientId}\n +Secret +${demoClientSecret}\n`,
			),
		);
		expect(stdout).toMatch(
			new RegExp(
				`Demo app "Demo integration \\(PKCE\\)": PKCE Flow\n +API key +${demoPkceClientId}\n +Secret +\\(none: a public client\\)\n`,
			),
		);
		expect(stdout).toMatch(
			new RegExp(
				`Demo app "Demo integration \\(Device\\)": Device Flow\n +API key +${demoDeviceClientId}\n +Secret +\\(none: a public client\\)\n +Redirect URIs +\\(none: a device app has no redirect\\)`,
			),
		);
		const [, portalUrl] = await waitForOutput(/Developer portal +(\S+)/);
		const portal = await (await fetch(portalUrl!)).text();
		expect(portal).toContain(demoClientId);
	});

	test('browser-script.sh answers the consent page and logs where it landed', async () => {
		const [, authUrl] = await waitForOutput(/export CC_TOKEN_AUTH_URL=(\S+)/);
		const log = path.join(workDir, 'browser.jsonl');
		const authorize = (state: string) => {
			const url = new URL(`${authUrl}/authorize`);
			url.search = new URLSearchParams({
				client_id: demoClientId,
				redirect_uri: 'https://localhost',
				response_type: 'code',
				scope: 'account_read offline_access',
				state,
				code_challenge: pkcePair().challenge,
				code_challenge_method: 'S256',
			}).toString();
			return url.href;
		};
		for (const [decision, state] of [
			['allow', 'state-allow-1'],
			['deny', 'state-deny-1'],
		] as const) {
			await promisify(execFile)(browserScript, [authorize(state)], {
				env: {...process.env, CC_TEST_BROWSER_DECISION: decision, CC_TEST_BROWSER_LOG: log},
			});
		}
		const [allowed, denied] = (await readFile(log, 'utf8'))
			.trim()
			.split('\n')
			.map((line) => JSON.parse(line));
		// Nothing serves https://localhost, so the browser stops at the address a person would paste.
		expect(allowed).toMatchObject({status: 0, title: '', text: ''});
		const landed = new URL(allowed.finalUrl);
		expect(landed.origin).toBe('https://localhost');
		expect(landed.searchParams.get('code')).toMatch(/^[\w-]{43}$/);
		expect(landed.searchParams.get('state')).toBe('state-allow-1');
		const refused = new URL(denied.finalUrl);
		expect(refused.searchParams.get('error')).toBe('access_denied');
		expect(refused.searchParams.get('state')).toBe('state-deny-1');
	});

	test('each printed login line, pasted as it is into a shell, signs in with its demo app', {
		timeout: 120_000,
	}, async () => {
		await waitForOutput(/# Authorization Code Flow and Implicit Flow\n {2}.+\n/);
		const lines = [
			...stdout.matchAll(/^ {2}# (.+)\n {2}(CC_TOKEN_AUTH_URL=.+ cc-token login .+)$/gm),
		];
		expect(lines.map(([, kind]) => kind)).toEqual([
			'PKCE Flow',
			'Device Flow',
			'Authorization Code Flow and Implicit Flow',
		]);
		// `cc-token` on PATH is the built command, as the set-up leaves it for a person.
		const bin = path.join(workDir, 'bin');
		await mkdir(bin, {recursive: true});
		await writeFile(
			path.join(bin, 'cc-token'),
			`#!/bin/sh\nexec "${process.execPath}" "${builtCli}" "$@"\n`,
			{mode: 0o755},
		);
		const configDir = path.join(workDir, 'config');
		for (const [, kind, line] of lines) {
			const login = spawn('sh', ['-c', line!], {
				env: baseEnv({
					PATH: `${bin}:${process.env.PATH}`,
					CC_TOKEN_CONFIG_DIR: configDir,
					BROWSER: browserScript,
				}),
				stdio: 'pipe',
			});
			let stderr = '';
			login.stderr.setEncoding('utf8').on('data', (chunk: string) => {
				stderr += chunk;
			});
			const exitCode = new Promise<number | null>((resolve) => login.on('close', resolve));
			if (kind === 'Device Flow') {
				// The person at the activation page, with the code the command shows.
				await vi.waitFor(() => expect(stderr).toMatch(/enter the code:\n\n {4}\S+/), {
					timeout: 30_000,
				});
				const [, address, code] = /open (\S+) and enter the code:\n\n {4}(\S+)/.exec(stderr)!;
				await playBrowser(`${address}?user_code=${code}`);
			}
			expect(await exitCode, `${kind}: ${stderr}`).toBe(0);
			expect(stderr).toContain('Signed in as');
		}
		const saved = JSON.parse(await readFile(path.join(configDir, 'config.json'), 'utf8'));
		expect(saved.profiles.emulator.apiKey).toBe(demoClientId);
	});

	test('SIGINT (Ctrl+C) closes the server and exits 130, as every command does', async () => {
		const [, origin] = await waitForOutput(/running at (\S+)/);
		child.kill('SIGINT');
		expect(await exited).toBe(130);
		expect(stdout).toContain('Emulator stopped.');
		await expect(fetch(origin!)).rejects.toThrow();
	});
});

describe('rotation and Okta reading flags', {timeout: 40_000}, () => {
	/** Signs in to the running emulator's PKCE demo app (consent answered by --auto-approve). */
	async function signIn(authUrl: string): Promise<{access: string; refresh: string}> {
		const {verifier, challenge} = pkcePair();
		const authorize = new URL(`${authUrl}/authorize`);
		authorize.search = new URLSearchParams({
			client_id: demoPkceClientId,
			redirect_uri: 'https://localhost',
			response_type: 'code',
			scope: 'account_read offline_access',
			state: 'state-rotation-1',
			code_challenge: challenge,
			code_challenge_method: 'S256',
		}).toString();
		const redirect = await fetch(authorize, {redirect: 'manual'});
		const code = new URL(redirect.headers.get('location')!).searchParams.get('code')!;
		const tokens = await tokenRequest(authUrl, {
			grant_type: 'authorization_code',
			client_id: demoPkceClientId,
			code,
			redirect_uri: 'https://localhost',
			code_verifier: verifier,
		});
		return {access: tokens.json.access_token, refresh: tokens.json.refresh_token};
	}

	async function tokenRequest(authUrl: string, form: Record<string, string>) {
		const response = await fetch(`${authUrl}/token`, {
			method: 'POST',
			headers: {'Content-Type': 'application/x-www-form-urlencoded'},
			body: new URLSearchParams(form).toString(),
		});
		return {status: response.status, json: (await response.json()) as Json};
	}

	const refresh = (authUrl: string, token: string) =>
		tokenRequest(authUrl, {
			grant_type: 'refresh_token',
			client_id: demoPkceClientId,
			refresh_token: token,
		});

	/** Runs the built command with these flags until `use` is done with its auth URL. */
	async function withEmulator(
		flags: string[],
		use: (authUrl: string, stdout: string) => Promise<void>,
	) {
		const running = startCli(['emulator', '--auto-approve', 'allow', ...flags], {env: baseEnv()});
		try {
			// A loaded machine may take seconds to start a process.
			await vi.waitFor(() => expect(running.output.stdout).toContain('Press Ctrl+C'), {
				timeout: 20_000,
			});
			const authUrl = /export CC_TOKEN_AUTH_URL=(\S+)/.exec(running.output.stdout)![1]!;
			await use(authUrl, running.output.stdout);
		} finally {
			running.child.kill('SIGINT');
			await running.finished;
		}
	}

	test("by default, Okta's: a used refresh token works again within 30 s", async () => {
		await withEmulator([], async (authUrl, stdout) => {
			expect(stdout).toContain(
				'Rotating refresh tokens: a 30 s leeway (answered with yet another new token), reuse detection on.',
			);
			expect(stdout).toContain('Okta answers as documented');
			const {refresh: first} = await signIn(authUrl);
			expect((await refresh(authUrl, first)).status).toBe(200);
			expect((await refresh(authUrl, first)).status).toBe(200);
		});
	});

	test('--refresh-leeway 0: reusing a used token ends the sign-in', async () => {
		await withEmulator(['--refresh-leeway', '0'], async (authUrl) => {
			const {refresh: first} = await signIn(authUrl);
			const second = await refresh(authUrl, first);
			expect((await refresh(authUrl, first)).json.error).toBe('invalid_grant');
			expect((await refresh(authUrl, second.json.refresh_token)).json.error).toBe('invalid_grant');
		});
	});

	test('--live-okta: 8-letter user codes and Okta’s own body for an unknown client; --okta adds one', async () => {
		await withEmulator(
			['--live-okta', '--okta', 'authorize-page=bot-403'],
			async (authUrl, stdout) => {
				expect(stdout).toContain(
					'Okta answers as a live one may: authorize-page=bot-403, unknown-client-body=okta, public-client-without-verifier=invalid_client, user-codes=letters, expired-device-code=invalid_grant, issuer=identity-host.',
				);
				const device = await fetch(`${authUrl}/device/authorize`, {
					method: 'POST',
					headers: {'Content-Type': 'application/x-www-form-urlencoded'},
					body: new URLSearchParams({client_id: demoDeviceClientId, scope: 'account_read'}),
				});
				expect(((await device.json()) as Json).user_code).toMatch(/^[A-Z]{8}$/);
				const unknown = await tokenRequest(authUrl, {
					grant_type: 'refresh_token',
					client_id: 'nobody',
					refresh_token: 'x',
				});
				expect(unknown.json.errorCode).toBe('invalid_client');
				expect((await fetch(`${authUrl}/authorize?client_id=nobody`)).status).toBe(403);
			},
		);
	});

	test('--leeway-answer same-new-token: within the leeway the newest token comes back', async () => {
		await withEmulator(['--leeway-answer', 'same-new-token'], async (authUrl, stdout) => {
			expect(stdout).toContain('a 30 s leeway (answered with the newest token again)');
			const {refresh: first} = await signIn(authUrl);
			const second = await refresh(authUrl, first);
			const again = await refresh(authUrl, first);
			expect(again.json.refresh_token).toBe(second.json.refresh_token);
		});
	});
});

/** One GET: its status, or the connection error's code; null when no answer came in time. */
function getStatus(url: string, answerWithinMs: number): Promise<number | string | null> {
	return new Promise((resolve) => {
		const request = get(url, {agent: false}, (response) => {
			response.resume();
			resolve(response.statusCode ?? 0);
		});
		request.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
		request.setTimeout(answerWithinMs, () => {
			request.destroy();
			resolve(null);
		});
	});
}

describe('readiness', () => {
	test('a poll that connects the moment the port opens gets an answer', async () => {
		const port = await freePort();
		const emulator = startCli(['emulator', '--port', String(port)], {env: baseEnv()});
		try {
			let answer: number | string | null = 'ECONNREFUSED';
			let refused = 0;
			while (answer === 'ECONNREFUSED' && emulator.child.exitCode === null) {
				refused++;
				answer = await getStatus(`http://127.0.0.1:${port}/`, 5_000);
			}
			// The poll began before the port opened, so its first connection was the earliest one.
			expect(refused).toBeGreaterThan(1);
			expect(answer).toBe(200);
		} finally {
			emulator.child.kill('SIGINT');
			await emulator.finished;
		}
	});
});
