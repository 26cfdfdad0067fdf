// macOS and Windows, simulated on Linux: the platform is passed in, the programs cc-token
// would start there (clip.exe, rundll32.exe, cmd.exe) are stand-ins on PATH that record how
// they were called. What the real systems then do with those calls is checked by hand (readme,
// "Platforms").
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {usageCommands} from '../../source/guide/steps.js';
import {batchFileInvocation, openInBrowser, planBrowser} from '../../source/system/browser.js';
import {type CopyResult, copyToClipboard, describeCopy} from '../../source/system/clipboard.js';
import {detectEnvironment, type Environment} from '../../source/system/environment.js';
import {
	configFolder,
	defaultShell,
	simulatedPlatform,
	terminalName,
} from '../../source/system/platform.js';
import {
	isClosedPipe,
	notATerminalMessage,
	reassertRawMode,
	writeNow,
} from '../../source/system/terminal.js';
import {createRecordingProgram} from '../helpers/recording-program.js';

let directory: string;
beforeEach(async () => {
	directory = await mkdtemp(join(tmpdir(), 'cc-token-simulated-'));
});
afterEach(async () => {
	await rm(directory, {recursive: true, force: true});
});

const windows: Environment = {
	ssh: undefined,
	wsl: false,
	container: false,
	display: true,
	platform: 'win32',
};

describe('one place that knows the platform', () => {
	it('puts the settings where each system keeps them, in its own path flavour', () => {
		expect(configFolder(simulatedPlatform('linux', {home: '/home/ada'}))).toBe(
			'/home/ada/.config/cc-token-nodejs',
		);
		expect(configFolder(simulatedPlatform('darwin', {home: '/Users/ada'}))).toBe(
			'/Users/ada/Library/Preferences/cc-token-nodejs',
		);
		expect(
			configFolder(
				simulatedPlatform('win32', {
					home: 'C:\\Users\\ada',
					env: {APPDATA: 'C:\\Users\\ada\\AppData\\Roaming'},
				}),
			),
		).toBe('C:\\Users\\ada\\AppData\\Roaming\\cc-token-nodejs\\Config');
		expect(configFolder(simulatedPlatform('win32', {home: 'C:\\Users\\ada'}))).toBe(
			'C:\\Users\\ada\\AppData\\Roaming\\cc-token-nodejs\\Config',
		);
	});

	it('defaults to PowerShell on Windows without SHELL, and follows SHELL in Git Bash and elsewhere', () => {
		expect(defaultShell(simulatedPlatform('win32'))).toBe('powershell');
		expect(defaultShell(simulatedPlatform('win32', {env: {SHELL: '/usr/bin/bash'}}))).toBe('bash');
		expect(defaultShell(simulatedPlatform('darwin', {env: {SHELL: '/bin/zsh'}}))).toBe('zsh');
		expect(defaultShell(simulatedPlatform('linux', {env: {SHELL: '/usr/bin/fish'}}))).toBe('fish');
		expect(defaultShell(simulatedPlatform('linux'))).toBe('sh');
	});

	it('names the terminal from what it sets, and conhost when Windows says nothing', () => {
		const on = (os: 'win32' | 'darwin' | 'linux', env: NodeJS.ProcessEnv) =>
			terminalName(simulatedPlatform(os, {env}));
		expect(on('darwin', {TERM_PROGRAM: 'Apple_Terminal'})).toBe('Terminal.app');
		expect(on('darwin', {TERM_PROGRAM: 'iTerm.app'})).toBe('iTerm2');
		expect(on('win32', {WT_SESSION: 'a0b1'})).toBe('Windows Terminal');
		expect(on('win32', {})).toBe('conhost');
		expect(on('win32', {MSYSTEM: 'MINGW64'})).toBe('mintty');
		expect(on('linux', {TMUX: '/tmp/tmux-0/default,1,0', TERM_PROGRAM: 'iTerm.app'})).toBe('tmux');
		expect(on('linux', {TERM: 'xterm-kitty'})).toBe('kitty');
		expect(on('linux', {})).toBe('unknown');
		expect(
			detectEnvironment(
				{WT_SESSION: 'x'},
				{fileExists: () => false, readFile: () => undefined, platform: 'win32'},
			).terminal,
		).toBe('Windows Terminal');
	});
});

describe('copying on Windows without PowerShell', () => {
	it('falls back to clip.exe, sending UTF-16 with a byte order mark so any text survives', async () => {
		const clip = await createRecordingProgram(directory, 'clip.exe');
		const written: string[] = [];
		const result = await copyToClipboard('tökén ✓', {
			environment: windows,
			env: {PATH: directory},
			write: (data) => written.push(data),
			systemClipboard: async () => {
				throw new Error('powershell.exe: not found');
			},
		});
		expect(result).toEqual({ok: true, via: 'system clipboard'});
		const {args} = await clip.nextCall();
		// The stand-in records no arguments as one empty one.
		expect(args.join('')).toBe('');
		const bytes = await readFile(`${clip.path}.stdin`);
		expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xfe]));
		expect(bytes.subarray(2).toString('utf16le')).toBe('tökén ✓');
		expect(written).toEqual([]);
	});

	it('goes on to the terminal when clip.exe fails too, and does not try clip.exe off Windows', async () => {
		const clip = await createRecordingProgram(directory, 'clip.exe', {exitCode: 1});
		const failing = async () => {
			throw new Error('no clipboard');
		};
		const written: string[] = [];
		const write = (data: string) => written.push(data);
		const onWindows = await copyToClipboard('t', {
			environment: {...windows, terminal: 'conhost'},
			env: {PATH: directory},
			write,
			systemClipboard: failing,
		});
		expect(await clip.hasRun()).toBe(true);
		expect(onWindows).toEqual({ok: true, via: 'terminal (OSC 52)', terminal: 'conhost'});
		expect(written).toHaveLength(1);

		const linuxClip = await createRecordingProgram(
			await mkdtemp(join(directory, 'l-')),
			'clip.exe',
		);
		await copyToClipboard('t', {
			environment: {...windows, platform: 'linux'},
			env: {PATH: linuxClip.path.replace(/\/clip\.exe$/, '')},
			write,
			systemClipboard: failing,
		});
		expect(await linuxClip.hasRun()).toBe(false);
	});

	it('puts the keyboard back into raw mode after the clipboard program ran', async () => {
		const modes: boolean[] = [];
		const input = {isTTY: true, isRaw: true, setRawMode: (mode: boolean) => modes.push(mode)};
		await copyToClipboard('t', {
			environment: windows,
			env: {},
			input,
			systemClipboard: async () => {},
		});
		expect(modes).toEqual([false, true]);
	});
});

describe('raw mode, writes and pipes', () => {
	it('re-asserts raw mode only where it was raw', () => {
		const modes: boolean[] = [];
		reassertRawMode({isTTY: true, isRaw: false, setRawMode: (mode) => modes.push(mode)});
		reassertRawMode({isTTY: false, isRaw: true, setRawMode: (mode) => modes.push(mode)});
		expect(modes).toEqual([]);
	});

	it('writes to a terminal synchronously through its descriptor, else the ordinary way', async () => {
		const {openSync, readFileSync, closeSync} = await import('node:fs');
		const file = join(directory, 'tty');
		const fd = openSync(file, 'w');
		const late: string[] = [];
		writeNow({isTTY: true, fd, write: (data) => late.push(data)}, 'restored');
		closeSync(fd);
		expect(readFileSync(file, 'utf8')).toBe('restored');
		expect(late).toEqual([]);
		writeNow({isTTY: false, fd: 1, write: (data) => late.push(data)}, 'piped');
		expect(late).toEqual(['piped']);
	});

	it('takes EOF (Windows) like EPIPE as a reader that has gone', () => {
		expect(isClosedPipe(Object.assign(new Error('write EOF'), {code: 'EOF'}))).toBe(true);
		expect(isClosedPipe(Object.assign(new Error('write EPIPE'), {code: 'EPIPE'}))).toBe(true);
		expect(isClosedPipe(Object.assign(new Error('write EIO'), {code: 'EIO'}))).toBe(false);
	});

	it('tells Git Bash users without a terminal about winpty, and no one else', () => {
		const plain = notATerminalMessage(simulatedPlatform('linux', {env: {MSYSTEM: 'MINGW64'}}));
		expect(plain).not.toContain('winpty');
		const gitBash = notATerminalMessage(simulatedPlatform('win32', {env: {MSYSTEM: 'MINGW64'}}));
		expect(gitBash).toContain(plain);
		expect(gitBash).toContain('run winpty cc-token');
		expect(notATerminalMessage(simulatedPlatform('win32'))).toBe(plain);
	});
});

describe('OSC 52 described as what it is', () => {
	const viaTerminal = (terminal?: Extract<CopyResult, {via: 'terminal (OSC 52)'}>['terminal']) =>
		describeCopy(
			{ok: true, via: 'terminal (OSC 52)', ...(terminal ? {terminal} : {})},
			'the API key',
		);

	it('says "sent" only to terminals known to copy', () => {
		for (const terminal of ['iTerm2', 'WezTerm', 'kitty', 'Windows Terminal'] as const) {
			expect(viaTerminal(terminal)).toMatchObject({tone: 'success'});
			expect(viaTerminal(terminal).text).toMatch(/^Sent the API key to your terminal’s clipboard/);
		}
	});

	it('says "asked the terminal to copy" elsewhere, and that Terminal.app and conhost ignore it', () => {
		expect(viaTerminal('tmux').text).toMatch(
			/^Asked the terminal to copy the API key \(OSC 52\); tmux passes that on only when allowed \(set-clipboard on\)/,
		);
		expect(viaTerminal('xterm').text).toContain('(allowWindowOps)');
		expect(viaTerminal().text).toMatch(
			/^Asked the terminal to copy the API key \(OSC 52\); not every terminal does/,
		);
		for (const terminal of ['Terminal.app', 'conhost'] as const) {
			const {tone, text} = viaTerminal(terminal);
			expect(tone).toBe('warning');
			expect(text).toBe(
				`Asked the terminal to copy the API key (OSC 52), but ${terminal} does not do that: select it with the mouse and copy it from the screen instead.`,
			);
		}
	});
});

describe('opening a browser on Windows', () => {
	const url = 'https://authz.constantcontact.com/oauth2/default/v1/authorize?a=1&b=%41^c';

	it('uses the URL handler (rundll32 url.dll,FileProtocolHandler), never PowerShell', async () => {
		const rundll32 = await createRecordingProgram(directory, 'rundll32.exe');
		const powershell = await createRecordingProgram(directory, 'powershell.exe');
		const plan = planBrowser(windows, {});
		expect(plan).toEqual({kind: 'windows'});
		const outcome = await openInBrowser(url, plan, {PATH: directory});
		expect(outcome).toEqual({
			opened: true,
			message: 'Asked Windows to open the address in your default browser.',
		});
		expect((await rundll32.nextCall()).args).toEqual(['url.dll,FileProtocolHandler', url]);
		expect(await powershell.hasRun()).toBe(false);
	});

	it('falls back to explorer.exe when rundll32 cannot start', async () => {
		const explorer = await createRecordingProgram(directory, 'explorer.exe');
		const outcome = await openInBrowser(url, {kind: 'windows'}, {PATH: directory});
		expect(outcome.opened).toBe(true);
		expect((await explorer.nextCall()).args).toEqual([url]);
	});

	it('says so when neither can start', async () => {
		const outcome = await openInBrowser(url, {kind: 'windows'}, {PATH: directory});
		expect(outcome).toEqual({
			opened: false,
			message:
				'Could not ask Windows to open a browser: no such program. Open the address above yourself.',
		});
	});
});

/**
 * cmd.exe's reading of `cmd /d /s /c "LINE"` as far as these lines need it: the outer quotes
 * go, then each caret takes the next character literally. A batch file's %* hands the
 * arguments on to a command that cmd reads once more. Then the program splits its command line
 * by the C runtime's rules.
 */
function cmdReads(line: string): string {
	let out = '';
	for (let index = 0; index < line.length; index++) {
		if (line[index] === '^') index++;
		out += line[index] ?? '';
	}
	return out;
}

function splitWindowsArguments(line: string): string[] {
	const args: string[] = [];
	let current = '';
	let quoted = false;
	let started = false;
	for (let index = 0; index < line.length; index++) {
		const char = line[index];
		if (char === '\\') {
			let slashes = 0;
			while (line[index] === '\\') {
				slashes++;
				index++;
			}
			if (line[index] === '"') {
				current += '\\'.repeat(Math.floor(slashes / 2));
				if (slashes % 2 === 1) current += '"';
				else {
					quoted = !quoted;
				}
			} else {
				current += '\\'.repeat(slashes);
				index--;
			}
			started = true;
		} else if (char === '"') {
			quoted = !quoted;
			started = true;
		} else if (char === ' ' && !quoted) {
			if (started) args.push(current);
			current = '';
			started = false;
		} else {
			current += char;
			started = true;
		}
	}
	if (started) args.push(current);
	return args;
}

describe('a BROWSER that is a .cmd or .bat shim', () => {
	it('is planned as a batch file on Windows only', () => {
		expect(planBrowser(windows, {BROWSER: 'C:\\tools\\browser.CMD'})).toEqual({
			kind: 'command',
			command: 'C:\\tools\\browser.CMD',
			batchFile: true,
		});
		expect(planBrowser({...windows, platform: 'linux'}, {BROWSER: '/x/browser.cmd'})).toEqual({
			kind: 'command',
			command: '/x/browser.cmd',
		});
	});

	it('runs through cmd.exe (ComSpec) with every special character escaped, twice for the address', async () => {
		const cmd = await createRecordingProgram(directory, 'cmd.exe');
		const address = 'https://example.com/cb?code=a&state=b|c<d>e(f)g%PATH%h!i^j"k l';
		const plan = planBrowser(windows, {BROWSER: 'C:\\Program Files\\b\\open.cmd'});
		const outcome = await openInBrowser('http://127.0.0.1:1/', plan, {ComSpec: cmd.path});
		expect(outcome.opened).toBe(true);
		const {args} = await cmd.nextCall();
		expect(args.slice(0, 3)).toEqual(['/d', '/s', '/c']);

		const [, [, , , line = ''], options] = batchFileInvocation(
			'C:\\Program Files\\b\\open.cmd',
			[address],
			{},
		);
		expect(options).toEqual({windowsVerbatimArguments: true});
		// cmd /s strips the outer quotes and reads the line once: the batch file and its
		// argument as the batch file sees it.
		const firstRead = cmdReads(line.slice(1, -1));
		expect(firstRead.startsWith('C:\\Program Files\\b\\open.cmd ')).toBe(true);
		const passedOn = firstRead.slice('C:\\Program Files\\b\\open.cmd '.length);
		// Nothing is left for cmd to act on in the first read: every special character came
		// with its caret, including %, so no variable is expanded.
		expect(line).not.toMatch(/(?<!\^)[&|<>]/);
		// The batch file passes %* to its program: cmd reads it once more; the program splits it.
		expect(splitWindowsArguments(cmdReads(passedOn))).toEqual([address]);
	});
});

describe('the guide’s last step, in the shell people have', () => {
	it('offers PowerShell lines on Windows without SHELL, calling the API through cc-token (curl would send the CR of a piped header)', () => {
		const lines = usageCommands('work', defaultShell(simulatedPlatform('win32'))).map(
			(line) => line.command,
		);
		expect(lines).toEqual([
			'cc-token env --profile work --shell powershell | Invoke-Expression',
			'cc-token api /account/summary --profile work',
			'cc-token status --profile work',
		]);
	});

	it('offers sh lines in bash and zsh, fish lines in fish, and cmd lines for cmd', () => {
		const first = (shell: Parameters<typeof usageCommands>[1]) =>
			usageCommands('default', shell).map((line) => line.command);
		expect(first('bash')[0]).toBe('eval "$(cc-token env)"');
		expect(first('zsh')).toEqual(first('sh'));
		expect(first('fish').slice(0, 2)).toEqual([
			'cc-token env --shell fish | source',
			"printf 'Authorization: Bearer %s\\n' (cc-token token) | curl -H @- https://api.cc.email/v3/account/summary",
		]);
		// Wherever the token is used, it is never on a command line (`ps`, /proc/PID/cmdline).
		for (const shell of ['sh', 'bash', 'zsh', 'fish', 'powershell', 'cmd'] as const) {
			expect(usageCommands('default', shell)[1]!.command).not.toMatch(/curl[^|]*Bearer/);
		}
		expect(first('cmd')[0]).toBe(`for /f "delims=" %i in ('cc-token env --shell cmd') do %i`);
	});
});
