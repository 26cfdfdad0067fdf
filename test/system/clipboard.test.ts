import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {copyToClipboard, osc52} from '../../source/system/clipboard.js';
import {detectEnvironment, type Environment} from '../../source/system/environment.js';
import {createRecordingProgram, type RecordingProgram} from '../helpers/recording-program.js';

const esc = '\u001b';
const bel = '\u0007';

describe('osc52', () => {
	it('is ESC ] 52 ; c ; base64 BEL in a plain terminal', () => {
		expect(osc52('hi', {})).toBe(`${esc}]52;c;aGk=${bel}`);
	});

	it('encodes the text as UTF-8', () => {
		expect(osc52('é✓', {})).toBe(`${esc}]52;c;w6ninJM=${bel}`);
	});

	it('sends the plain sequence and, for tmux to pass on, a copy with its escape doubled', () => {
		expect(osc52('hi', {TMUX: '/tmp/tmux-1000/default,1234,0'})).toBe(
			`${esc}]52;c;aGk=${bel}${esc}Ptmux;${esc}${esc}]52;c;aGk=${bel}${esc}\\`,
		);
	});

	it('wraps the sequence for screen', () => {
		expect(osc52('hi', {STY: '1234.pts-0.host'})).toBe(`${esc}P${esc}]52;c;aGk=${bel}${esc}\\`);
	});

	it('cuts a long sequence into pieces screen passes on whole', () => {
		const token = 'eyJraWQiOiJ'.repeat(200);
		const wrapped = osc52(token, {STY: '1234.pts-0.host'});
		const pieces = wrapped.split(`${esc}\\`);
		expect(pieces.pop()).toBe('');
		expect(pieces.length).toBeGreaterThan(1);
		for (const piece of pieces) expect(piece.startsWith(`${esc}P`)).toBe(true);
		const contents = pieces.map((piece) => piece.slice(2));
		expect(contents.join('')).toBe(osc52(token, {}));
		for (const content of contents) expect(Buffer.byteLength(content)).toBeLessThanOrEqual(252);
	});

	it('takes tmux to be innermost when both are set', () => {
		expect(osc52('hi', {TMUX: 't', STY: 's'})).toBe(osc52('hi', {TMUX: 't'}));
	});
});

// Linux outside WSL, where the system clipboard is xsel and a stand-in can take its place.
describe.runIf(process.platform === 'linux' && !detectEnvironment().wsl)('copyToClipboard', () => {
	const desktop: Environment = {
		ssh: undefined,
		wsl: false,
		container: false,
		display: true,
		platform: 'linux',
	};
	const headless: Environment = {...desktop, display: false};
	const overSsh: Environment = {...desktop, ssh: {host: '10.0.0.5'}};
	const token = 'eyJhbGciOiJSUzI1NiJ9.payload.signature';

	// The system clipboard on Linux is xsel, found on PATH: a stand-in records what it was
	// given. Without a display the copy bundled with clipboardy fails, as on a headless box.
	const displayVariables = ['DISPLAY', 'WAYLAND_DISPLAY', 'XDG_SESSION_TYPE'];
	const savedEnv = Object.fromEntries(
		['PATH', ...displayVariables].map((name) => [name, process.env[name]]),
	);
	let directory: string;
	beforeAll(async () => {
		directory = await mkdtemp(join(tmpdir(), 'cc-token-clipboard-'));
		for (const name of displayVariables) delete process.env[name];
	});
	afterAll(async () => {
		for (const [name, value] of Object.entries(savedEnv)) {
			if (value === undefined) delete process.env[name];
			else process.env[name] = value;
		}
		await rm(directory, {recursive: true, force: true});
	});

	let written: string[];
	const write = (data: string) => {
		written.push(data);
	};
	beforeEach(() => {
		written = [];
	});

	async function systemClipboard(options: {works: boolean}): Promise<RecordingProgram> {
		const programDirectory = await mkdtemp(join(directory, 'bin-'));
		const xsel = await createRecordingProgram(programDirectory, 'xsel', {
			exitCode: options.works ? 0 : 1,
		});
		process.env.PATH = `${programDirectory}:${savedEnv.PATH}`;
		return xsel;
	}

	it('copies to the system clipboard on a desktop, and writes nothing to the terminal', async () => {
		const xsel = await systemClipboard({works: true});
		const result = await copyToClipboard(token, {write, environment: desktop, env: {}});
		expect(result).toEqual({ok: true, via: 'system clipboard'});
		expect(await xsel.nextCall()).toEqual({args: ['--clipboard', '--input'], stdin: token});
		expect(written).toEqual([]);
	});

	it('falls back to the terminal when the system clipboard fails', async () => {
		const xsel = await systemClipboard({works: false});
		const result = await copyToClipboard(token, {write, environment: desktop, env: {}});
		expect(await xsel.hasRun()).toBe(true);
		expect(result).toEqual({ok: true, via: 'terminal (OSC 52)'});
		expect(written).toEqual([osc52(token, {})]);
	});

	it('goes straight to the terminal over SSH, wrapped for tmux there', async () => {
		const xsel = await systemClipboard({works: true});
		const env = {TMUX: '/tmp/tmux-1000/default,1234,0'};
		const result = await copyToClipboard(token, {write, environment: overSsh, env});
		expect(result).toEqual({ok: true, via: 'terminal (OSC 52)'});
		expect(written).toEqual([osc52(token, env)]);
		expect(await xsel.hasRun()).toBe(false);
	});

	it('goes straight to the terminal without a display', async () => {
		const xsel = await systemClipboard({works: true});
		const result = await copyToClipboard(token, {write, environment: headless, env: {}});
		expect(result).toEqual({ok: true, via: 'terminal (OSC 52)'});
		expect(written).toEqual([osc52(token, {})]);
		expect(await xsel.hasRun()).toBe(false);
	});

	it('claims no copy when the system clipboard fails and there is no terminal', async () => {
		await systemClipboard({works: false});
		expect(await copyToClipboard(token, {environment: desktop, env: {}})).toEqual({
			ok: false,
			reason:
				'Could not copy: the system clipboard did not accept it, and there is no terminal to ask.',
		});
	});

	it('claims no copy without a display or a terminal', async () => {
		expect(await copyToClipboard(token, {environment: headless, env: {}})).toEqual({
			ok: false,
			reason:
				'Could not copy: there is no display here for a system clipboard, and there is no terminal to ask.',
		});
	});

	it('refuses text too long for a terminal to copy rather than have it dropped', async () => {
		const result = await copyToClipboard('x'.repeat(100_001), {
			write,
			environment: overSsh,
			env: {},
		});
		expect(result).toEqual({
			ok: false,
			reason:
				'Could not copy: the system clipboard here is on the remote machine, and the text is too long for the terminal to copy (terminals accept about 100 KB).',
		});
		expect(written).toEqual([]);
		expect(
			await copyToClipboard('x'.repeat(100_000), {write, environment: overSsh, env: {}}),
		).toEqual({ok: true, via: 'terminal (OSC 52)'});
	});
});
