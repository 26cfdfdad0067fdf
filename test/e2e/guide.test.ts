// The full-screen guide end to end: the built cc-token in a real terminal (tmux), against the
// emulator over loopback, with the scripted browser as BROWSER. Tests run one after another.
import {statSync} from 'node:fs';
import {mkdtemp, rm} from 'node:fs/promises';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {playBrowser} from '../helpers/browser.js';
import {baseEnv, runCli} from '../helpers/cli.js';
import {setUpEmulator} from '../helpers/emulator.js';
import {createRecordingProgram} from '../helpers/recording-program.js';
import {
	cliCommand,
	shellLine,
	shellQuote,
	startTerminal,
	type Terminal,
} from '../helpers/terminal.js';

const esc = '\u001B';
const enterAlternateScreen = `${esc}[?1049h`;
const leaveAlternateScreen = `${esc}[?1049l`;
const notATerminal =
	"cc-token's guide needs an interactive terminal. In scripts use: cc-token login, cc-token status, cc-token token.";

const e2e = setUpEmulator({app: {name: 'Guide e2e'}});
let terminal: Terminal | undefined;
afterEach(async () => {
	await terminal?.kill();
	terminal = undefined;
});

/** The guide in a 100×30 terminal, pointed at the emulator and the scripted browser. */
async function guide(
	options: {args?: string[]; env?: Record<string, string>; columns?: number; rows?: number} = {},
) {
	terminal = await startTerminal({
		command: cliCommand(options.args ?? []),
		env: e2e.env({
			TERM: 'xterm-256color',
			CC_REDIRECT_URI: e2e.redirectUri,
			...options.env,
		}),
		columns: options.columns ?? 100,
		rows: options.rows ?? 30,
	});
	return terminal;
}

/** Quits with q and checks the person's own screen is back as it was. */
async function quitAndCheckScreen(screen: Terminal) {
	await screen.sendKeys('q');
	expect(await screen.exitCode()).toBe(0);
	const shell = await screen.waitFor(shellLine);
	expect(shell).not.toContain('Step ');
	const output = screen.output();
	expect(output.indexOf(enterAlternateScreen)).toBeGreaterThanOrEqual(0);
	// The alternate screen is left after the last frame, and the cursor is shown again.
	expect(output.lastIndexOf(leaveAlternateScreen)).toBeGreaterThan(output.lastIndexOf('Step '));
	expect(output.lastIndexOf(`${esc}[?25h`)).toBeGreaterThan(output.lastIndexOf(`${esc}[?25l`));
}

describe('the guide in a real terminal', () => {
	it('draws the first frame, reaches every step by arrows and digits, and q restores the screen', async () => {
		const screen = await guide();
		const first = await screen.waitFor('Step 1 of 10');
		expect(first).toContain('What you will get and how this works');
		expect(first).toContain('○ Not signed in');
		expect(first).toContain('? help · q quit');
		await screen.sendKeys('Right');
		await screen.waitFor('Step 2 of 10  Log in to the developer portal');
		await screen.sendKeys('Left');
		await screen.waitFor('Step 1 of 10');
		const titles = [
			'What you will get',
			'Log in to the developer portal',
			'Create the application',
			'Paste the API key',
			'Paste the client secret',
			'Register the redirect URI',
			'Choose what the token may do',
			'Sign in',
			'Your credentials',
			'Use it',
		];
		for (const [index, title] of titles.entries()) {
			await screen.sendKeys(index === 9 ? '0' : String(index + 1));
			await screen.waitFor(`Step ${index + 1} of 10  ${title}`);
		}
		await quitAndCheckScreen(screen);
	});

	it('takes a typed API key (a wrong one first), signs in through the browser, saves 0600 and copies by OSC 52', async () => {
		const screen = await guide();
		await screen.waitFor('Step 1 of 10');
		await screen.sendKeys('4', 'Enter');
		await screen.waitFor('› API key:');
		await screen.sendText('1b2c3d4e not a key');
		await screen.waitFor('✗ That is not an API key');
		await screen.sendKeys(...Array(18).fill('BSpace'));
		await screen.sendText(e2e.app.clientId);
		await screen.waitFor('✓ That is an API key.');
		// Esc and a letter in one burst would read as Alt+letter: wait until the field is left.
		await screen.sendKeys('Escape');
		await screen.waitFor('Enter type or paste');
		await screen.sendKeys('s');
		const signedIn = await screen.waitFor(
			(text) =>
				text.includes('Step 9 of 10') &&
				text.includes('Maya Okafor <maya@juniperstreetbakery.example>'),
			15_000,
		);
		expect(signedIn).toMatch(/✓ Signed in \(token 2[34] h \d+ min left\) as Maya Okafor/);
		const file = path.join(e2e.configDir, 'config.json');
		expect(statSync(file).mode & 0o777).toBe(0o600);

		// Inside tmux the copy goes out plain and wrapped for tmux to pass on: check both.
		await screen.sendKeys('c');
		await screen.waitFor('Asked the terminal to copy the API key (OSC 52)');
		const output = await screen.waitForOutput((written) => written.includes(']52;c;'));
		const copied = /\u001BPtmux;\u001B\u001B\]52;c;([A-Za-z0-9+/=]*)\u0007\u001B\\/.exec(output);
		expect(copied, 'a tmux-wrapped OSC 52 sequence').not.toBeNull();
		expect(Buffer.from(copied![1]!, 'base64').toString('utf8')).toBe(e2e.app.clientId);
		const plain = /(?<!\u001B)\u001B\]52;c;([A-Za-z0-9+/=]*)\u0007/.exec(output);
		expect(plain, 'a plain OSC 52 sequence').not.toBeNull();
		expect(Buffer.from(plain![1]!, 'base64').toString('utf8')).toBe(e2e.app.clientId);
		await quitAndCheckScreen(screen);
	});

	it('follows a resize, asks for a bigger window when too small, and comes back', async () => {
		const screen = await guide();
		const wide = await screen.waitFor('Step 1 of 10');
		expect(wide).toContain('Log in to the portal');
		await screen.resize(80, 24);
		// Narrower: the step list keeps its numbers only, and the pane ends at the new edge.
		await screen.waitFor((text) => {
			const lines = text.split('\n');
			return (
				!text.includes('Log in to the portal') &&
				lines[1]?.length === 80 &&
				lines[1].endsWith('╮') &&
				text.includes('○ Not signed in')
			);
		});
		await screen.resize(50, 15);
		await screen.waitFor('Make the window at least 60×18 (now 50×15)');
		await screen.resize(100, 30);
		await screen.waitFor('Log in to the portal');
		await quitAndCheckScreen(screen);
	});

	it('asks before q ends a waiting sign-in; n keeps waiting, y quits and frees the port', async () => {
		const screen = await guide({
			args: ['--no-browser'],
			env: {CC_CLIENT_ID: e2e.app.clientId},
		});
		await screen.waitFor('Step 1 of 10');
		await screen.sendKeys('s');
		await screen.waitFor(`for the browser at ${e2e.redirectUri}`);
		await screen.sendKeys('q');
		await screen.waitFor('A sign-in is still waiting. Quit anyway? (y/n)');
		await screen.sendKeys('n');
		await screen.waitFor((text) => !text.includes('Quit anyway?'));
		expect(await screen.screen()).toContain(`for the browser at ${e2e.redirectUri}`);
		await screen.sendKeys('q');
		await screen.waitFor('Quit anyway? (y/n)');
		await screen.sendKeys('y');
		expect(await screen.exitCode()).toBe(0);
		await screen.waitFor(shellLine);
		// The listener is gone: its port can be taken again.
		const port = Number(new URL(e2e.redirectUri).port);
		await new Promise<void>((resolve, reject) => {
			const server = createServer().once('error', reject);
			server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
		});
	});

	it('a Device Flow app: chosen in step 3, it skips the secret and redirect URI and s signs in by code', async () => {
		const screen = await guide({env: {CC_CLIENT_ID: e2e.emulator.demoApps.device.clientId}});
		await screen.waitFor('Step 1 of 10');
		await screen.sendKeys('3');
		await screen.waitFor('( ) Device Flow');
		await screen.sendKeys('Down', 'Enter');
		const chosen = await screen.waitFor('(•) Device Flow');
		// The step list marks what a device app does not need.
		expect(chosen).toMatch(/– {4}5 Paste the secret/);
		expect(chosen).toMatch(/– {4}6 Redirect URI/);
		await screen.sendKeys('Right');
		await screen.waitFor('Step 4 of 10');
		await screen.sendKeys('Right');
		await screen.waitFor('Step 7 of 10');
		await screen.sendKeys('s');
		const shown = await screen.waitFor(/for the code ([B-Z]{4}-[B-Z]{4})/);
		const userCode = /for the code ([B-Z]{4}-[B-Z]{4})/.exec(shown)![1]!;
		e2e.emulator.approveDevice(userCode, 'allow');
		await screen.waitFor(
			(text) => text.includes('Step 9 of 10') && text.includes('Maya Okafor'),
			15_000,
		);
		await quitAndCheckScreen(screen);
	});

	it('signs in with a code entered on another device (a device app)', async () => {
		const screen = await guide({env: {CC_CLIENT_ID: e2e.emulator.demoApps.device.clientId}});
		await screen.waitFor('Step 1 of 10');
		await screen.sendKeys('d');
		const shown = await screen.waitFor(/for the code ([B-Z]{4}-[B-Z]{4})/);
		const userCode = /for the code ([B-Z]{4}-[B-Z]{4})/.exec(shown)![1]!;
		expect(shown).toContain([...userCode].join(' '));
		// The address may be cut after its last slash to fit beside the QR code.
		expect(shown).toContain(`${e2e.emulator.origin}/`);
		expect(shown).toContain('activate');
		// The person approves on their phone; the guide's next poll picks it up.
		e2e.emulator.approveDevice(userCode, 'allow');
		await screen.waitFor(
			(text) => text.includes('Step 9 of 10') && text.includes('Maya Okafor'),
			15_000,
		);
		await quitAndCheckScreen(screen);
	});

	it('s with a device app whose kind was not chosen: the server says Device Flow, the code is shown, no browser opens', async () => {
		const programs = await mkdtemp(path.join(tmpdir(), 'cc-token-guide-browser-'));
		try {
			const browser = await createRecordingProgram(programs, 'browser');
			const screen = await guide({
				env: {CC_CLIENT_ID: e2e.emulator.demoApps.device.clientId, BROWSER: browser.path},
			});
			await screen.waitFor('Step 1 of 10');
			await screen.sendKeys('s');
			const shown = await screen.waitFor(/for the code ([B-Z]{4}-[B-Z]{4})/);
			const userCode = /for the code ([B-Z]{4}-[B-Z]{4})/.exec(shown)![1]!;
			e2e.emulator.approveDevice(userCode, 'allow');
			await screen.waitFor(
				(text) => text.includes('Step 9 of 10') && text.includes('Maya Okafor'),
				15_000,
			);
			expect(await browser.hasRun()).toBe(false);
			await quitAndCheckScreen(screen);
		} finally {
			await rm(programs, {recursive: true, force: true});
		}
	});

	it.each([
		[
			'an unregistered redirect URI',
			() => ({
				CC_CLIENT_ID: e2e.emulator.demoApps.pkce.clientId,
				CC_REDIRECT_URI: 'http://localhost:47999/callback',
			}),
			'Register exactly http://localhost:47999/callback',
		],
		[
			'a code app without its secret',
			() => ({
				CC_CLIENT_ID: e2e.emulator.demoApps.code.clientId,
				CC_REDIRECT_URI: e2e.emulator.demoApps.code.redirectUris[0]!,
			}),
			'This application needs its secret: Generate Secret',
		],
		[
			'an unknown API key',
			() => ({CC_CLIENT_ID: '0f0e0d0c-0b0a-4909-8807-060504030201'}),
			'This API key is not known',
		],
	])('s with %s: the fix at once, and no browser opens', async (_, env, fix) => {
		const programs = await mkdtemp(path.join(tmpdir(), 'cc-token-guide-browser-'));
		try {
			const browser = await createRecordingProgram(programs, 'browser');
			const screen = await guide({env: {...env(), BROWSER: browser.path}});
			await screen.waitFor('Step 1 of 10');
			await screen.sendKeys('s');
			// The pane wraps long lines: read it as one text.
			await screen.waitFor((text) => text.replace(/[│\s]+/g, ' ').includes(fix));
			expect(await browser.hasRun()).toBe(false);
			await quitAndCheckScreen(screen);
		} finally {
			await rm(programs, {recursive: true, force: true});
		}
	});
});

describe('without a terminal', () => {
	it('stdin from /dev/null: the message and exit 2, no raw-mode crash', async () => {
		terminal = await startTerminal({
			command: `${cliCommand([])} < /dev/null`,
			env: baseEnv({TERM: 'xterm-256color', CC_TOKEN_CONFIG_DIR: e2e.configDir}),
			columns: 100,
			rows: 30,
		});
		expect(await terminal.exitCode()).toBe(2);
		// The line is wider than the terminal, which wraps it.
		const shown = (await terminal.screen()).replaceAll('\n', '');
		expect(shown).toContain(notATerminal);
		expect(terminal.output()).not.toContain(enterAlternateScreen);
	});

	it('stdout piped: the message and exit 2', async () => {
		const result = await runCli([], {env: baseEnv({CC_TOKEN_CONFIG_DIR: e2e.configDir})});
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toBe(`${notATerminal}\n`);
		expect(result.stdout).toBe('');
	});
});

describe('polish, as people use it', () => {
	it('a field takes typing, ← →, Backspace and Ctrl+U, and one Enter moves one step', async () => {
		// With colours: the cursor is drawn, so ← → move it (without, it stays at the end).
		const screen = await guide({
			env: {CC_CLIENT_ID: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', FORCE_COLOR: '1'},
		});
		await screen.waitFor('Step 1 of 10');
		await screen.sendKeys('4', 'Enter');
		await screen.waitFor('› API key: 9a8b7c6d');
		// Ctrl+U clears the pre-filled key, and types nothing.
		await screen.sendKeys('C-u');
		await screen.waitFor((text) => /› API key: +│/.test(text) && !text.includes('9a8b7c6d'));
		await screen.sendText('ace');
		await screen.sendKeys('Left', 'Left');
		await screen.sendText('b');
		await screen.sendKeys('Right', 'BSpace');
		await screen.sendText('d');
		await screen.waitFor('› API key: abde');
		await screen.sendKeys('C-u');
		await screen.sendText(e2e.app.clientId);
		await screen.waitFor('✓ That is an API key.');
		// One Enter: the key is taken and the next step shows, its own field not entered.
		await screen.sendKeys('Enter');
		const next = await screen.waitFor('Step 5 of 10');
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(await screen.screen()).toContain('Step 5 of 10');
		expect(await screen.screen()).not.toContain('› Secret:');
		expect(next).not.toContain('› Secret:');
		await quitAndCheckScreen(screen);
	});

	it('a pasted secret is masked on the screen', async () => {
		const secret = 'Zq7pasted-SECRET-4xWv';
		const screen = await guide({env: {CC_CLIENT_ID: e2e.app.clientId}});
		await screen.waitFor('Step 1 of 10');
		await screen.sendKeys('5');
		await screen.waitFor('Step 5 of 10');
		await screen.sendBytes(`${esc}[200~${secret}${esc}[201~`);
		const shown = await screen.waitFor(`› Secret: ${'•'.repeat(secret.length)}`);
		expect(shown).not.toContain(secret);
		expect(screen.output()).not.toContain(secret);
		await screen.sendKeys('Escape');
		// The field let go (an Escape and a q read together would be Alt+q).
		await screen.waitFor(`   Secret: ${'•'.repeat(secret.length)}`);
		await quitAndCheckScreen(screen);
		expect(screen.output()).not.toContain(secret);
	});

	it('takes the address pasted from the browser’s address bar, code and all, on Enter', async () => {
		// An https redirect URI: nothing answers there, so the browser stops on a page that
		// does not load, its address bar holding the code, and the person pastes it.
		const app = e2e.emulator.registerApp({
			name: 'Guide e2e, pasted address',
			redirectUris: ['https://localhost'],
		});
		const screen = await guide({
			args: ['--no-browser'],
			env: {CC_CLIENT_ID: app.clientId, CC_REDIRECT_URI: 'https://localhost'},
		});
		await screen.waitFor('Step 1 of 10');
		await screen.sendKeys('s');
		await screen.waitFor('Address bar: press Enter, then paste');
		// c copies the sign-in address (OSC 52 here): that is the browser's address.
		await screen.sendKeys('c');
		const output = await screen.waitForOutput((written) => written.includes(']52;c;'));
		const copied = /\u001B\]52;c;([A-Za-z0-9+/=]*)\u0007/.exec(output);
		const address = Buffer.from(copied![1]!, 'base64').toString('utf8');
		const visit = await playBrowser(address);
		expect(visit.finalUrl).toMatch(/^https:\/\/localhost\/\?code=/);
		await screen.sendBytes(`${esc}[200~${visit.finalUrl}${esc}[201~`);
		await screen.waitFor(`› Address bar: ${visit.finalUrl.slice(0, 40)}`);
		await screen.sendKeys('Enter');
		const signedIn = await screen.waitFor(
			(text) => text.includes('Step 9 of 10') && text.includes('Maya Okafor'),
			15_000,
		);
		expect(signedIn).toMatch(/✓ Signed in/);
		await quitAndCheckScreen(screen);
	});

	it.each([
		[80, 24],
		[60, 20],
	])('at %i×%i the keys line keeps “? help · q quit” on every step', async (columns, rows) => {
		const screen = await guide({columns, rows, env: {CC_CLIENT_ID: e2e.app.clientId}});
		await screen.waitFor('Step 1 of 10');
		for (const digit of ['1', '3', '4', '6', '7', '8', '9', '0']) {
			await screen.sendKeys(digit);
			const step = `Step ${digit === '0' ? 10 : digit} of 10`;
			// The whole frame, not its top over the last one's bottom: the keys line comes last.
			const shown = await screen.waitFor((text) => text.includes(step) && text.includes('q quit'));
			const lines = shown.split('\n').filter((line) => line.trim() !== '');
			expect(lines.at(-1)?.trimEnd().endsWith('? help · q quit')).toBe(true);
		}
		await quitAndCheckScreen(screen);
	});

	it('keys typed while cc-token loads (q among them) leave no echo on the screen afterwards', async () => {
		terminal = await startTerminal({
			// The second before cc-token starts stands for a slow start: the terminal still echoes.
			command: `sh -c ${shellQuote(`sleep 1; exec ${cliCommand([])}`)}`,
			env: e2e.env({TERM: 'xterm-256color'}),
			columns: 100,
			rows: 30,
		});
		await terminal.sendKeys('Right', 'Right', 'x', 'q', '7');
		expect(await terminal.waitFor('^[[C^[[Cxq7')).toContain(shellLine);
		expect(await terminal.exitCode()).toBe(0);
		const after = await terminal.waitFor(shellLine);
		expect(after).not.toContain('^[');
		expect(after).not.toContain('xq7');
	});

	it('the too-small screen says how to quit, and q quits from it', async () => {
		const screen = await guide({columns: 50, rows: 15});
		await screen.waitFor((text) => text.replace(/\s+/g, ' ').includes('or press q to quit.'));
		await screen.sendKeys('q');
		expect(await screen.exitCode()).toBe(0);
	});

	it('Ctrl+C leaves the guide with exit code 130, the screen restored', async () => {
		const screen = await guide();
		await screen.waitFor('Step 1 of 10');
		await screen.sendKeys('4', 'Enter');
		await screen.waitFor('› API key:');
		await screen.sendKeys('C-c');
		expect(await screen.exitCode()).toBe(130);
		expect(await screen.waitFor(shellLine)).not.toContain('Step ');
	});

	it('a changed API key marks the waiting sign-in as stale, and s starts again with it', async () => {
		const second = e2e.emulator.registerApp({
			name: 'Guide e2e, second',
			redirectUris: [e2e.redirectUri],
		});
		const screen = await guide({args: ['--no-browser'], env: {CC_CLIENT_ID: e2e.app.clientId}});
		await screen.waitFor('Step 1 of 10');
		await screen.sendKeys('s');
		await screen.waitFor(`for the browser at ${e2e.redirectUri}`);
		await screen.sendKeys('4');
		await screen.waitFor('Step 4 of 10');
		await screen.sendKeys('Enter');
		await screen.waitFor('› API key:');
		await screen.sendKeys('C-u');
		await screen.sendText(second.clientId);
		await screen.waitFor('⚠ The running sign-in uses the old API key: s starts again');
		await screen.sendKeys('Escape');
		await screen.waitFor('Enter type or paste');
		await screen.sendKeys('s');
		const restarted = await screen.waitFor(`for the browser at ${e2e.redirectUri}`);
		expect(restarted).not.toContain('⚠');
		// The address, whole, on lines of its own that only the terminal wraps.
		await screen.sendKeys('w');
		const whole = await screen.waitFor('Each value whole');
		expect(whole).not.toContain('│');
		expect(whole.replaceAll('\n', '')).toContain(`client_id=${second.clientId}`);
		await screen.sendKeys('x');
		await screen.waitFor('Step 8 of 10');
		await screen.sendKeys('q');
		await screen.waitFor('A sign-in is still waiting. Quit anyway? (y/n)');
		await screen.sendKeys('y');
		expect(await screen.exitCode()).toBe(0);
	});

	it('after a sign-in, q leaves who, the profile, where it is saved and the next command on the screen', async () => {
		const screen = await guide({env: {CC_CLIENT_ID: e2e.emulator.demoApps.device.clientId}});
		await screen.waitFor('Step 1 of 10');
		await screen.sendKeys('d');
		const shown = await screen.waitFor(/for the code ([B-Z]{4}-[B-Z]{4})/);
		e2e.emulator.approveDevice(/for the code ([B-Z]{4}-[B-Z]{4})/.exec(shown)![1]!, 'allow');
		await screen.waitFor(
			(text) => text.includes('Step 9 of 10') && text.includes('Maya Okafor'),
			15_000,
		);
		await screen.sendKeys('q');
		expect(await screen.exitCode()).toBe(0);
		const after = await screen.waitFor(shellLine);
		expect(after).not.toContain('Step ');
		expect(after).toContain('✓ Signed in as Maya Okafor <maya@juniperstreetbakery.example>');
		expect(after).toContain(
			`Profile “default”, saved in ${path.join(e2e.configDir, 'config.json')}`,
		);
		expect(after).toContain('Next: cc-token token');
	});

	it('opens at the credentials when the profile is already signed in', async () => {
		const first = await guide({env: {CC_CLIENT_ID: e2e.emulator.demoApps.device.clientId}});
		await first.waitFor('Step 1 of 10');
		await first.sendKeys('d');
		const shown = await first.waitFor(/for the code ([B-Z]{4}-[B-Z]{4})/);
		e2e.emulator.approveDevice(/for the code ([B-Z]{4}-[B-Z]{4})/.exec(shown)![1]!, 'allow');
		await first.waitFor('Step 9 of 10', 15_000);
		await first.sendKeys('q');
		expect(await first.exitCode()).toBe(0);
		await first.kill();
		const again = await guide();
		const opened = await again.waitFor('Step 9 of 10  Your credentials');
		expect(opened).toContain('✓ Signed in');
		// The expiry in local time, with its zone and the time left.
		expect(opened).toMatch(/Expires +(today|tomorrow) \d\d:\d\d \S+, in 2[34] h/);
		// w: each credential whole, nothing of the border in a mouse selection.
		await again.sendKeys('w');
		const whole = await again.waitFor('Each value whole');
		expect(whole).not.toContain('│');
		expect(whole).toContain('Access token:');
		expect(whole).toContain('Refresh token:');
		await again.sendKeys('x');
		await again.waitFor('Step 9 of 10  Your credentials');
		await quitAndCheckScreen(again);
	});
});
