// `cc-token exec` end to end: the built command runs a program with a fresh token and the API
// key in its environment, passes signals on, and exits with the program's status.
import {execFileSync} from 'node:child_process';
import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {beforeEach, describe, expect, it} from 'vitest';
import {builtCli, runCli, startCli, waitFor} from '../helpers/cli.js';
import {setUpEmulator} from '../helpers/emulator.js';
import {startRedisServer} from '../helpers/redis-server.js';
import {cliCommand, shellQuote, startTerminal} from '../helpers/terminal.js';

const e2e = setUpEmulator({emulator: {autoApprove: 'allow'}});
beforeEach(async () => {
	const login = await runCli(
		['login', '--client-id', e2e.app.clientId, '--redirect-uri', e2e.redirectUri],
		{env: e2e.env()},
	);
	expect(login.exitCode, login.stderr).toBe(0);
});

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
			env: e2e.env(),
		});
		expect(result.exitCode, result.stderr).toBe(7);
		expect(JSON.parse(result.stdout)).toEqual({status: 200, apiKey: e2e.app.clientId});
		expect(result.stderr).toBe('');
	});

	it('refreshes a token with under 5 minutes left before handing it over', async () => {
		const file = path.join(e2e.configDir, 'config.json');
		const stored = JSON.parse(readFileSync(file, 'utf8'));
		const old = stored.profiles.default.accessToken;
		stored.profiles.default.accessTokenExpiresAt = Date.now() + 60_000;
		writeFileSync(file, JSON.stringify(stored), {mode: 0o600});
		const refreshes = e2e.emulator.counts.refreshes;
		const result = await runCli(
			['exec', '--', node, '-e', 'console.log(process.env.CC_ACCESS_TOKEN)'],
			{env: e2e.env()},
		);
		expect(result.exitCode, result.stderr).toBe(0);
		expect(e2e.emulator.counts.refreshes - refreshes).toBe(1);
		expect(result.stdout.trim()).not.toBe(old);
	});

	it('passes SIGTERM on to the program, which may handle it and choose the exit code', async () => {
		const script =
			"process.on('SIGTERM', () => { console.log('program got SIGTERM'); process.exit(42); }); console.log('ready'); setInterval(() => {}, 1000);";
		const run = startCli(['exec', '--', node, '-e', script], {env: e2e.env()});
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
			{env: e2e.env()},
		);
		run.child.stdin.end();
		await waitFor(() => run.output.stdout.includes('ready'));
		run.child.kill(signal);
		const result = await run.finished;
		expect(result.exitCode).toBe(code);
	});

	it('a missing program is 127 with its name; no command at all is a usage error', async () => {
		const missing = await runCli(['exec', '--', 'no-such-program-here'], {env: e2e.env()});
		expect(missing.exitCode).toBe(127);
		expect(missing.stderr).toContain('no-such-program-here');
		const none = await runCli(['exec'], {env: e2e.env()});
		expect(none.exitCode).toBe(2);
		expect(none.stderr).toMatch(/--/);
		const flag = await runCli(['exec', '--frobnicate', '--', 'true'], {env: e2e.env()});
		expect(flag.exitCode).toBe(2);
	});

	it('without a signed-in profile, exits 3 and runs nothing', async () => {
		const result = await runCli(
			['exec', '--profile', 'nobody', '--', node, '-e', "console.log('ran')"],
			{env: e2e.env()},
		);
		expect(result.exitCode).toBe(3);
		expect(result.stdout).toBe('');
		expect(result.stderr).toMatch(/cc-token login --profile nobody/);
	});

	it('Ctrl+C on a terminal reaches the program once (not again through cc-token), and cc-token leaves with its code', async () => {
		const script =
			"let n = 0; process.on('SIGINT', () => { n++; setTimeout(() => { console.log('SIGINT x' + n); process.exit(3); }, 300); }); console.log('ready'); setInterval(() => {}, 1000);";
		const terminal = await startTerminal({
			command: cliCommand(['exec', '--', node, '-e', script]),
			env: e2e.env(),
			columns: 80,
			rows: 20,
		});
		try {
			await terminal.waitFor('ready');
			// What Ctrl+C does: SIGINT to every process of the terminal's foreground group, here
			// cc-token and its program. (tmux's C-c would also end the test's own wrapper shell.)
			const listing = execFileSync('ps', ['-eo', 'pid=,args=']).toString().split('\n');
			const pidOf = (match: (args: string) => boolean) => {
				const line = listing.find((entry) => match(entry.trim().replace(/^\d+\s+/, '')));
				expect(line, 'a running process').toBeDefined();
				return Number(line!.trim().split(/\s+/)[0]);
			};
			const ccToken = pidOf((args) => args.includes(builtCli) && args.includes('SIGINT x'));
			const program = pidOf((args) => !args.includes(builtCli) && args.includes('SIGINT x'));
			process.kill(ccToken, 'SIGINT');
			process.kill(program, 'SIGINT');
			expect(await terminal.exitCode()).toBe(3);
			expect(terminal.output()).toContain('SIGINT x1');
		} finally {
			await terminal.kill();
		}
	});

	it('passes on a SIGINT from another process while a terminal is on stdin, cc-token in the background', async () => {
		const script =
			"process.on('SIGINT', () => { console.log('program got SIGINT'); process.exit(5); }); console.log('ready'); setInterval(() => {}, 1000);";
		// A shell with job control runs cc-token as a background job: the terminal is still its
		// stdin, but Ctrl+C could not have reached it; only another process's signal can.
		const job = `${cliCommand(['exec', '--', node, '-e', script])} & echo "job $!"; wait $!`;
		const terminal = await startTerminal({
			command: `sh -mc ${shellQuote(job)}`,
			env: e2e.env(),
			columns: 80,
			rows: 20,
		});
		let ccToken = 0;
		try {
			const screen = await terminal.waitFor(/job \d+[\s\S]*ready/);
			ccToken = Number(/job (\d+)/.exec(screen)![1]);
			process.kill(ccToken, 'SIGINT');
			expect(await terminal.exitCode()).toBe(5);
			expect(terminal.output()).toContain('program got SIGINT');
		} finally {
			await terminal.kill();
			if (ccToken > 0) {
				try {
					process.kill(ccToken, 'SIGKILL');
				} catch {
					// Ended, as it should have.
				}
			}
		}
	});

	it('does not hand the program cc-token’s own secrets: a store password, the client secret', async () => {
		const password = 'store-password-5d2a';
		const redis = await startRedisServer({password});
		try {
			const store = redis.url(password);
			const copy = await runCli(['store', 'copy', '--to', store], {env: e2e.env()});
			expect(copy.exitCode, copy.stderr).toBe(0);
			const result = await runCli(
				['exec', '--', node, '-e', 'console.log(JSON.stringify(process.env))'],
				{env: e2e.env({CC_TOKEN_STORE: store, CC_CLIENT_SECRET: 'client-secret-9f1b'})},
			);
			expect(result.exitCode, result.stderr).toBe(0);
			const seen = JSON.parse(result.stdout);
			expect(seen.CC_ACCESS_TOKEN).toMatch(/\S{20,}/);
			expect(seen).not.toHaveProperty('CC_TOKEN_STORE');
			expect(seen).not.toHaveProperty('CC_CLIENT_SECRET');
			expect(result.stdout).not.toContain(password);

			// A store address without a password is no secret: it is passed on as it is.
			const plain = await runCli(
				['exec', '--', node, '-e', 'console.log(process.env.CC_TOKEN_STORE)'],
				{env: e2e.env({CC_TOKEN_STORE: ''})},
			);
			expect(plain.stdout).toBe('\n');
		} finally {
			await redis.close();
		}
	});
});
