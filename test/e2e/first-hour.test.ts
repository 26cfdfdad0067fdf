// A newcomer's first hour, on the screens people have (80×24, 60×20): the demo hands over to
// something that goes on working, panes open at their top and scroll, nothing is cut inside a
// word or a value, Ctrl+C leaves a note from every overlay, and every command the tool prints
// as a hint works when it is pasted as printed (through a `cc-token` on PATH, as after
// `npm link`).
import {execFile, spawn} from 'node:child_process';
import {chmodSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {afterAll, afterEach, describe, expect, it} from 'vitest';
import {usageCommands} from '../../source/guide/steps.js';
import {builtCli, runCli} from '../helpers/cli.js';
import {setUpEmulator} from '../helpers/emulator.js';
import {cliCommand, shellLine, startTerminal, type Terminal} from '../helpers/terminal.js';

const e2e = setUpEmulator({app: {name: 'First hour'}});

/** Runs a command line in sh, as pasted; the emulator in this process goes on answering. */
async function pasted(line: string) {
	try {
		const {stdout, stderr} = await promisify(execFile)('sh', ['-c', line], {
			env: env(),
			timeout: 20_000,
		});
		return {status: 0, stdout, stderr};
	} catch (error) {
		const failed = error as {code?: number; stdout?: string; stderr?: string};
		return {status: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? ''};
	}
}

// `cc-token` as a person has it on PATH, so printed commands run exactly as printed.
const binDir = mkdtempSync(path.join(tmpdir(), 'cc-token-bin-'));
writeFileSync(
	path.join(binDir, 'cc-token'),
	`#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(builtCli)} "$@"\n`,
);
chmodSync(path.join(binDir, 'cc-token'), 0o755);
afterAll(() => rmSync(binDir, {recursive: true, force: true}));

let terminal: Terminal | undefined;
afterEach(async () => {
	await terminal?.kill();
	terminal = undefined;
});

const env = (extra: Record<string, string | undefined> = {}) =>
	e2e.env({
		TERM: 'xterm-256color',
		PATH: `${binDir}:${process.env.PATH}`,
		CC_REDIRECT_URI: e2e.redirectUri,
		...extra,
	});

async function open(
	command: string,
	size: {columns: number; rows: number},
	extra: Record<string, string | undefined> = {},
) {
	terminal = await startTerminal({command, env: env(extra), ...size});
	return terminal;
}

/** Nothing on the screen is cut off inside a word (“API k…”). */
const noWordCut = (screen: string) => expect(screen).not.toMatch(/\p{L}…/u);

// The longer journeys (a sign-in, then more commands) need more than the usual 40 s on a busy machine.
const journey = 90_000;

const sizes = [
	{columns: 80, rows: 24},
	{columns: 60, rows: 20},
];

describe.each(sizes)('at $columns×$rows', (size) => {
	it(
		'the demo hands over: its last step and exit lines offer cc-token emulator, which works as printed',
		async () => {
			const screen = await open(cliCommand(['demo', '--no-browser']), size);
			await screen.waitFor('Step 1 of 10');
			await screen.sendKeys('0');
			const last = await screen.waitFor('Step 10 of 10');
			expect(last).toContain('cc-token emulator');
			// Nothing that needs the demo's folder, which is gone once it ends.
			expect(last).not.toContain('cc-token env');
			await screen.sendKeys('q');
			expect(await screen.exitCode()).toBe(0);
			const after = await screen.waitFor(shellLine);
			expect(after).toContain('Go on: cc-token emulator');
			// Wrapped by word: no line fills the width, so the terminal broke none.
			for (const line of after.split('\n')) expect([...line].length).toBeLessThan(size.columns);

			// A process group of its own: the shell may run cc-token as its child rather than
			// become it, and both must go when the test ends.
			const emulator = spawn('sh', ['-c', 'cc-token emulator'], {env: env(), detached: true});
			try {
				let printed = '';
				emulator.stdout.on('data', (chunk: Buffer) => {
					printed += chunk.toString();
				});
				await expect
					.poll(() => printed, {timeout: 30_000})
					.toContain('Constant Contact emulator running at http://127.0.0.1:');
			} finally {
				if (emulator.pid !== undefined) process.kill(-emulator.pid, 'SIGTERM');
			}
		},
		journey,
	);

	it('the demo: no step is ✓ before it is visited, and no word is cut on any step', async () => {
		const screen = await open(cliCommand(['demo', '--no-browser']), size);
		const first = await screen.waitFor('Step 1 of 10');
		// Steps 3–5 come filled in with the demo application, but nobody has been there yet.
		expect(first).not.toContain('✓');
		noWordCut(first);
		for (const digit of ['2', '3', '4', '5', '6', '7', '8', '9', '0']) {
			await screen.sendKeys(digit);
			noWordCut(await screen.waitFor(`Step ${digit === '0' ? 10 : digit} of 10`));
		}
	});

	it('step 3 opens at its top with the chosen flow further down; PgDn and PgUp scroll, and the key bar says so', async () => {
		const screen = await open(cliCommand(['demo', '--no-browser']), size);
		await screen.waitFor('Step 1 of 10');
		await screen.sendKeys('3');
		// Measured once drawn: the hint comes with the frame after.
		const top = await screen.waitFor(
			(text) => text.includes('Step 3 of 10') && text.includes('↓ more'),
		);
		expect(top).toContain('Click New Application');
		// The first choice too, where the screen has room for it.
		if (size.rows >= 24) expect(top).toContain('PKCE Flow');
		expect(top).toContain('PgUp/PgDn scroll');
		await screen.sendKeys('NPage');
		const down = await screen.waitFor((text) => !text.includes('Click New Application'));
		expect(down).toContain('↑');
		expect(down).toContain('PgUp/PgDn scroll');
		await screen.sendKeys('PPage');
		await screen.waitFor('Click New Application');
	});

	it(
		'after a sign-in, step 9 scrolls to its very end with PgDn, keeps the e-mail whole and names PgUp/PgDn',
		async () => {
			const screen = await open(cliCommand([]), size, {CC_CLIENT_ID: e2e.app.clientId});
			await screen.waitFor('Step 1 of 10');
			await screen.sendKeys('s');
			const signedIn = await screen.waitFor('Step 9 of 10', 15_000);
			noWordCut(signedIn);
			// The steps in between were never visited: no ✓ for them.
			for (const step of [2, 3, 4, 5, 6, 7]) {
				expect(signedIn).not.toMatch(new RegExp(`^✓ [ ›] +${step} `, 'm'));
			}
			expect(signedIn).toMatch(/^✓ [ ›] +9 /m);
			if (signedIn.includes('↓ more')) expect(signedIn).toContain('PgUp/PgDn scroll');
			const pages: string[] = [];
			for (let page = 0; page < 6; page += 1) {
				await screen.sendKeys('NPage');
				await new Promise((resolve) => setTimeout(resolve, 300));
				pages.push(await screen.screen());
			}
			// The pane's last words, wherever the settings file's path made them wrap.
			const end = await screen.waitFor((text) =>
				text.replace(/[│\s]+/g, ' ').includes('readable only by you.'),
			);
			expect(end).not.toContain('↓ more');
			// The account's e-mail went by whole, on one line.
			expect(pages.join('\n')).toContain('<maya@juniperstreetbakery.example>');
			noWordCut(end);
			await screen.sendKeys('PPage', 'PPage', 'PPage', 'PPage', 'PPage', 'PPage');
			await screen.waitFor('An access token alone');

			// The lines left on the screen wrap by word: no line fills the width.
			await screen.sendKeys('q');
			expect(await screen.exitCode()).toBe(0);
			const after = await screen.waitFor('✓ Signed in as Maya Okafor');
			expect(after.replace(/\s+/g, ' ')).toContain(
				'prints a fresh access token whenever one is needed',
			);
			for (const line of after.split('\n')) expect([...line].length).toBeLessThan(size.columns);

			// And the commands they name work as printed.
			const token = await pasted('cc-token token');
			expect(token.status, token.stderr).toBe(0);
			expect(token.stdout.trim()).not.toBe('');
			const exported = await pasted('eval "$(cc-token env)" && test -n "$CC_ACCESS_TOKEN"');
			expect(exported.status, exported.stderr).toBe(0);
		},
		journey,
	);
});

describe('Ctrl+C leaves a one-line note and exit code 130, from every overlay', () => {
	const overlays: [string, (screen: Terminal) => Promise<void>][] = [
		[
			'the help',
			async (screen) => {
				await screen.sendKeys('?');
				await screen.waitFor('Keys');
			},
		],
		[
			'the whole values',
			async (screen) => {
				await screen.sendKeys('s');
				await screen.waitFor(`for the browser at ${e2e.redirectUri}`);
				await screen.sendKeys('w');
				await screen.waitFor('Each value whole');
			},
		],
		[
			'the quit question',
			async (screen) => {
				await screen.sendKeys('s');
				await screen.waitFor(`for the browser at ${e2e.redirectUri}`);
				await screen.sendKeys('q');
				await screen.waitFor('Quit anyway? (y/n)');
			},
		],
	];
	it.each(overlays)('from %s', async (_, reach) => {
		const screen = await open(
			cliCommand(['--no-browser']),
			{columns: 80, rows: 24},
			{
				CC_CLIENT_ID: e2e.app.clientId,
			},
		);
		await screen.waitFor('Step 1 of 10');
		await reach(screen);
		await screen.sendKeys('C-c');
		expect(await screen.exitCode()).toBe(130);
		const after = await screen.waitFor('Cancelled; nothing was saved.');
		expect(after).not.toContain('Step ');
	});
});

describe('hints work as printed', () => {
	it(
		'after logout, the sign-in `cc-token token` suggests gets past “No API key given”',
		async () => {
			const login = await runCli(
				['login', '--client-id', e2e.app.clientId, '--profile', 'emulator'],
				{env: env()},
			);
			expect(login.exitCode, login.stderr).toBe(0);
			expect((await runCli(['logout', '--profile', 'emulator'], {env: env()})).exitCode).toBe(0);
			const token = await runCli(['token', '--profile', 'emulator'], {env: env()});
			expect(token.exitCode).toBe(3);
			const hint = /Sign in with the guide: (cc-token[^(]*?) \(or: (cc-token login[^,]*),/.exec(
				token.stderr,
			);
			expect(hint, token.stderr).not.toBeNull();
			const [, guide, withKey] = hint!;

			// The guide, as printed, opens for that profile.
			const screen = await open(guide!, {columns: 80, rows: 24});
			expect(await screen.waitFor('Step 1 of 10')).toContain('profile emulator');
			await screen.sendKeys('q');
			expect(await screen.exitCode()).toBe(0);

			// login as printed, with the key put where it says.
			const signedIn = await pasted(withKey!.replace('YOUR_API_KEY', e2e.app.clientId));
			expect(signedIn.status, signedIn.stderr).toBe(0);
			expect(signedIn.stderr).toContain('Signed in as');
		},
		journey,
	);

	it(
		'step 10 offers a curl line to the API server signed in with, and it answers as printed',
		async () => {
			const screen = await open(
				cliCommand([]),
				{columns: 100, rows: 30},
				{
					CC_CLIENT_ID: e2e.app.clientId,
				},
			);
			await screen.waitFor('Step 1 of 10');
			await screen.sendKeys('s');
			await screen.waitFor('Step 9 of 10', 15_000);
			await screen.sendKeys('0', 'Down');
			const summary = `${e2e.emulator.env.CC_TOKEN_API_URL}/account/summary`;
			const last = await screen.waitFor(summary);
			expect(last).not.toContain('api.cc.email');
			const curl = usageCommands('default', 'sh', e2e.emulator.env.CC_TOKEN_API_URL)[1]!.command;
			expect(last.replace(/[│\s]+/g, ' ')).toContain(curl.split(' Bearer ')[0]);
			const answer = await pasted(`${curl} --silent --fail`);
			expect(answer.status, answer.stderr).toBe(0);
			expect(answer.stdout).toContain('juniperstreetbakery');
		},
		journey,
	);
});
