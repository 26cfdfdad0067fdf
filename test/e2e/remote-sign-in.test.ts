// Signing in from anywhere, through the built command: over SSH, with no display, on WSL, and
// with the portal's default https://localhost redirect URI. The environment is set by its
// variables, as a person's shell would have it.
import {chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {playBrowser} from '../helpers/browser.js';
import {browserScript, startCli, waitFor} from '../helpers/cli.js';
import {setUpEmulator} from '../helpers/emulator.js';

const e2e = setUpEmulator({
	emulator: {autoApprove: 'allow'},
	app: {name: 'Remote app', redirectUris: ['https://localhost']},
});

/** No browser here unless a test gives one; the person is maya. */
function env(extra: Record<string, string | undefined>) {
	return e2e.env({BROWSER: undefined, USER: 'maya', ...extra});
}

function storedProfile() {
	const file = JSON.parse(readFileSync(path.join(e2e.configDir, 'config.json'), 'utf8'));
	return file.profiles.default as {apiKey: string; accessToken: string};
}

const authorizeUrlIn = (text: string) => /^ {2}(http\S+\/authorize\?\S+)$/m.exec(text)?.[1];

describe('over SSH', () => {
	it('prints the address first, then the ssh -L line, opens nothing, and finishes through the tunnel', async () => {
		const run = startCli(
			['login', '--client-id', e2e.app.clientId, '--redirect-uri', e2e.redirectUri],
			{
				env: env({SSH_CONNECTION: '10.0.0.9 52000 10.0.0.5 22', SSH_TTY: '/dev/pts/3'}),
			},
		);
		const url = await waitFor(() => authorizeUrlIn(run.output.stderr));
		await waitFor(() => run.output.stderr.includes('Waiting for your browser'));
		const text = run.output.stderr;
		expect(text.indexOf(url)).toBeLessThan(text.indexOf('connected over SSH'));
		expect(text).toContain(`ssh -N -L ${e2e.port}:localhost:${e2e.port} maya@10.0.0.5`);
		// The person's own browser, its redirect carried back by the tunnel to the listener here.
		const page = await playBrowser(url);
		expect(page.body).toMatch(/signed in/i);
		const result = await run.finished;
		expect(result.exitCode, result.stderr).toBe(0);
		expect(storedProfile().apiKey).toBe(e2e.app.clientId);
	});

	it('a device app signs in by code alone: no address to open, no tunnel advice', async () => {
		const deviceApp = e2e.emulator.registerApp({name: 'Remote kiosk', kind: 'device'});
		const run = startCli(['login', '--client-id', deviceApp.clientId], {
			env: env({SSH_TTY: '/dev/pts/3'}),
		});
		const userCode = await waitFor(() => /^ {4}([A-Z]{4}-[A-Z]{4})$/m.exec(run.output.stderr)?.[1]);
		expect(run.output.stderr).toContain(`${e2e.emulator.origin}/activate`);
		expect(run.output.stderr).toContain('created with the Device Flow');
		expect(run.output.stderr).not.toContain('/authorize?');
		expect(run.output.stderr).not.toContain('ssh -N -L');
		e2e.emulator.approveDevice(userCode, 'allow');
		const result = await run.finished;
		expect(result.exitCode, result.stderr).toBe(0);
		expect(result.stderr).toMatch(/Signed in as/);
	});
});

describe('with no display and no BROWSER', () => {
	it('says why no browser opens and accepts the address pasted from another machine', async () => {
		const run = startCli(
			['login', '--client-id', e2e.app.clientId, '--redirect-uri', 'https://localhost'],
			{env: env({})},
		);
		const url = await waitFor(() => authorizeUrlIn(run.output.stderr));
		await waitFor(() => run.output.stderr.includes('paste it here'));
		// This machine may also be a container: either way the reason is the missing display.
		expect(run.output.stderr).toMatch(/Not opening a browser: .*(no display|without a display)/);
		// https://localhost has no listener: the browser stops on a failed page whose address
		// bar holds the code. The person copies it and pastes it.
		const visit = await playBrowser(url);
		expect(visit.status).toBe(0);
		expect(visit.finalUrl).toMatch(/^https:\/\/localhost\/\?code=/);
		run.child.stdin.write('not the address\n');
		await waitFor(() => run.output.stderr.includes('That did not work'));
		run.child.stdin.write(`  ${visit.finalUrl}  \n`);
		const result = await run.finished;
		expect(result.exitCode, result.stderr).toBe(0);
		expect(storedProfile().apiKey).toBe(e2e.app.clientId);
	});
});

describe('on WSL', () => {
	let bin: string;
	beforeAll(() => {
		// A stand-in for wslview that behaves like the Windows browser: it visits the address.
		bin = mkdtempSync(path.join(tmpdir(), 'cc-token-wsl-'));
		writeFileSync(
			path.join(bin, 'wslview'),
			`#!/bin/sh\necho "$@" > "${bin}/args"\nexec "${browserScript}" "$@"\n`,
		);
		chmodSync(path.join(bin, 'wslview'), 0o755);
	});
	afterAll(() => rmSync(bin, {recursive: true, force: true}));

	it('opens the Windows browser through wslview', async () => {
		const run = startCli(
			['login', '--client-id', e2e.app.clientId, '--redirect-uri', e2e.redirectUri],
			{
				env: env({WSL_DISTRO_NAME: 'Debian', PATH: `${bin}:${process.env.PATH}`}),
			},
		);
		const result = await run.finished;
		expect(result.exitCode, result.stderr).toBe(0);
		expect(readFileSync(path.join(bin, 'args'), 'utf8').trim()).toBe(authorizeUrlIn(result.stderr));
	});
});
