import {existsSync} from 'node:fs';
import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {openInBrowser, planBrowser, sshTunnelCommand} from '../../source/system/browser.js';
import type {Environment} from '../../source/system/environment.js';
import {createRecordingProgram} from '../helpers/recording-program.js';

const desktop: Environment = {
	ssh: undefined,
	wsl: false,
	container: false,
	display: true,
	platform: 'linux',
};
const overSsh: Environment = {...desktop, ssh: {host: '10.0.0.5'}, display: false};
const tunnelToServer = 'ssh -N -L 47325:localhost:47325 alice@10.0.0.5';

// Everything a shell would trip on (but nothing that would write a file if one ever ran it);
// without a shell it is just text.
const awkwardUrl =
	'http://127.0.0.1:47325/callback?code=a&state=b;c d \'e\' "f" $HOME `id` |g #frag';

let directory: string;
beforeEach(async () => {
	directory = await mkdtemp(join(tmpdir(), 'cc-token-browser-'));
});
afterEach(async () => {
	await rm(directory, {recursive: true, force: true});
});

describe('planBrowser', () => {
	it('opens with the system default on a desktop and macOS, and with the URL handler on Windows', () => {
		expect(planBrowser(desktop, {})).toEqual({kind: 'open'});
		expect(planBrowser({...desktop, platform: 'darwin'}, {})).toEqual({kind: 'open'});
		expect(planBrowser({...desktop, platform: 'win32'}, {})).toEqual({kind: 'windows'});
	});

	it('tries nothing with --no-browser, even when BROWSER is set', () => {
		const plan = planBrowser(desktop, {BROWSER: 'firefox'}, {noBrowser: true});
		expect(plan).toMatchObject({kind: 'none', reason: expect.stringContaining('--no-browser')});
		expect(plan.kind === 'none' && plan.advice).toContain('Printing the address only');
	});

	it('uses BROWSER when it is set, wherever cc-token runs', () => {
		const env = {BROWSER: ' /usr/local/bin/my-browser '};
		expect(planBrowser(desktop, env)).toEqual({
			kind: 'command',
			command: '/usr/local/bin/my-browser',
		});
		expect(planBrowser(overSsh, env)).toEqual({
			kind: 'command',
			command: '/usr/local/bin/my-browser',
		});
	});

	it('ignores a blank BROWSER', () => {
		expect(planBrowser(desktop, {BROWSER: '  '})).toEqual({kind: 'open'});
	});

	it('does not open over SSH and gives the exact tunnel line', () => {
		const plan = planBrowser(overSsh, {USER: 'alice'});
		expect(plan.kind).toBe('none');
		if (plan.kind !== 'none') return;
		expect(plan.reason).toBe(
			'you are connected over SSH, so a browser here would open on the remote machine',
		);
		expect(plan.advice).toContain(`\n  ${tunnelToServer}\n`);
		expect(plan.advice).not.toContain('<this-host>');
	});

	it('puts the redirect port it is given in the tunnel line', () => {
		const plan = planBrowser(overSsh, {USER: 'alice'}, {port: 8080});
		expect(plan.kind === 'none' && plan.advice).toContain(
			'ssh -N -L 8080:localhost:8080 alice@10.0.0.5',
		);
	});

	it('over SSH with no known host, says what to put in place of the placeholder', () => {
		const plan = planBrowser({...overSsh, ssh: {}}, {USER: 'alice'});
		const advice = plan.kind === 'none' ? plan.advice : '';
		expect(advice).toContain('ssh -N -L 47325:localhost:47325 alice@<this-host>');
		expect(advice).toContain('put this machine’s address in place of <this-host>');
	});

	it('hands the address to Windows inside WSL, but not over SSH into WSL', () => {
		expect(planBrowser({...desktop, wsl: true, display: false}, {})).toEqual({kind: 'wsl'});
		expect(planBrowser({...overSsh, wsl: true}, {}).kind).toBe('none');
	});

	it('does not open in a container without a display, and says why', () => {
		const plan = planBrowser({...desktop, container: true, display: false}, {});
		expect(plan).toMatchObject({kind: 'none', reason: expect.stringContaining('container')});
		expect(plan.kind === 'none' && plan.advice).toContain('paste it here');
	});

	it('opens in a container that shares a display (toolbox, distrobox)', () => {
		expect(planBrowser({...desktop, container: true}, {})).toEqual({kind: 'open'});
	});

	it('does not open on Linux without a display, and says why', () => {
		const plan = planBrowser({...desktop, display: false}, {});
		expect(plan).toMatchObject({
			kind: 'none',
			reason: expect.stringContaining('neither DISPLAY nor WAYLAND_DISPLAY'),
		});
	});
});

describe('sshTunnelCommand', () => {
	it('forwards the same port to this machine, signed in as the same user', () => {
		expect(sshTunnelCommand(47325, overSsh, {USER: 'alice'})).toBe(tunnelToServer);
		expect(sshTunnelCommand(47325, overSsh, {LOGNAME: 'alice'})).toBe(tunnelToServer);
	});

	it('leaves the user out when unknown or odd', () => {
		expect(sshTunnelCommand(47325, overSsh, {})).toBe('ssh -N -L 47325:localhost:47325 10.0.0.5');
		expect(sshTunnelCommand(47325, overSsh, {USER: 'a;rm -rf ~'})).toBe(
			'ssh -N -L 47325:localhost:47325 10.0.0.5',
		);
	});

	it('uses a placeholder when the host is unknown', () => {
		expect(sshTunnelCommand(47325, {...overSsh, ssh: {}}, {})).toBe(
			'ssh -N -L 47325:localhost:47325 <this-host>',
		);
	});
});

describe('openInBrowser', () => {
	it('does not try when the plan says no, and passes on the reason and advice', async () => {
		const plan = planBrowser(overSsh, {USER: 'alice'});
		const outcome = await openInBrowser(awkwardUrl, plan);
		expect(outcome.opened).toBe(false);
		expect(outcome.message).toMatch(/^Not opening a browser: you are connected over SSH/);
		expect(outcome.message).toContain(tunnelToServer);
	});

	describe('with BROWSER', () => {
		it('runs it with the address as its one and only argument, untouched', async () => {
			// A space in the program's own path must not split it either.
			await mkdir(join(directory, 'my browsers'));
			const browser = await createRecordingProgram(join(directory, 'my browsers'), 'browser');
			const outcome = await openInBrowser(awkwardUrl, {kind: 'command', command: browser.path});
			expect(outcome).toEqual({
				opened: true,
				message: `Started your BROWSER (${browser.path}) with the address.`,
			});
			expect((await browser.nextCall()).args).toEqual([awkwardUrl]);
		});

		it('says BROWSER names no program when it does not exist', async () => {
			const missing = join(directory, 'no-such-browser');
			const outcome = await openInBrowser(awkwardUrl, {kind: 'command', command: missing});
			expect(outcome).toEqual({
				opened: false,
				message: `Could not start your BROWSER (${missing}): no such program. Fix or unset BROWSER, or open the address above yourself.`,
			});
		});

		it('says BROWSER is not executable when it is a plain file', async () => {
			const notAProgram = join(directory, 'notes.txt');
			await writeFile(notAProgram, 'not a program');
			const outcome = await openInBrowser(awkwardUrl, {kind: 'command', command: notAProgram});
			expect(outcome.opened).toBe(false);
			expect(outcome.message).toContain(`(${notAProgram}): it is not executable.`);
		});

		it('opens nothing but web addresses', async () => {
			const browser = await createRecordingProgram(directory, 'browser');
			for (const target of ['--new-window=evil', 'file:///etc/passwd', 'javascript:alert(1)']) {
				const outcome = await openInBrowser(target, {kind: 'command', command: browser.path});
				expect(outcome).toEqual({
					opened: false,
					message: 'Not opening a browser: only http and https addresses open.',
				});
			}
			expect(await browser.hasRun()).toBe(false);
		});
	});

	describe('in WSL', () => {
		const originalPath = process.env.PATH;
		afterEach(() => {
			process.env.PATH = originalPath;
		});
		// Spaces and quotes escaped, `&` and `;` kept: what Windows receives needs no quoting.
		const serialized = new URL(awkwardUrl).href;

		it('prefers wslview, giving it the address as one argument', async () => {
			const wslview = await createRecordingProgram(directory, 'wslview');
			await createRecordingProgram(directory, 'rundll32.exe');
			process.env.PATH = directory;
			const outcome = await openInBrowser(awkwardUrl, {kind: 'wsl'});
			expect(outcome).toEqual({
				opened: true,
				message: 'Asked Windows to open the address in your default browser.',
			});
			expect((await wslview.nextCall()).args).toEqual([serialized]);
		});

		it('falls back to rundll32 with an address that needs no quoting', async () => {
			const rundll32 = await createRecordingProgram(directory, 'rundll32.exe');
			process.env.PATH = `/nonexistent:${directory}`;
			const outcome = await openInBrowser(awkwardUrl, {kind: 'wsl'});
			expect(outcome.opened).toBe(true);
			const {args} = await rundll32.nextCall();
			expect(args).toEqual(['url.dll,FileProtocolHandler', serialized]);
			expect(args[1]).toContain('code=a&state=b;c%20d');
			expect(args[1]).not.toMatch(/[\s"]/);
		});

		it.skipIf(existsSync('/mnt/c/Windows/System32/rundll32.exe'))(
			'says what to do when Windows cannot be reached',
			async () => {
				process.env.PATH = directory;
				expect(await openInBrowser(awkwardUrl, {kind: 'wsl'})).toEqual({
					opened: false,
					message:
						'Could not reach Windows from WSL: neither wslview nor rundll32.exe was found. Open the address above in your Windows browser yourself.',
				});
			},
		);
	});
});
