// Copying reaches the person's clipboard two ways: the system clipboard when this machine has
// a display, or OSC 52, an escape sequence asking the terminal itself to copy, which works over
// SSH because the terminal runs on the person's own computer. On Windows the system clipboard
// is PowerShell's (through clipboardy) or, where PowerShell is missing or blocked, clip.exe.
import {spawn} from 'node:child_process';
import type {Environment} from './environment.js';
import {honoursOsc52, type TerminalName} from './platform.js';
import {reassertRawMode} from './terminal.js';

export type CopyResult =
	| {ok: true; via: 'system clipboard'}
	| {ok: true; via: 'terminal (OSC 52)'; terminal?: TerminalName}
	| {ok: false; reason: string};

const esc = '\u001b';
const bell = '\u0007';
const stringTerminator = `${esc}\\`;
// Terminals cap what OSC 52 may carry; past about 100 KB the copy is silently dropped.
const osc52TextLimit = 100_000;
// GNU screen cuts strings passed through to the terminal at 256 bytes in older versions.
const screenChunkLength = 252;

/** The OSC 52 "copy to clipboard" sequence, wrapped so tmux or screen pass it on. */
export function osc52(text: string, env: NodeJS.ProcessEnv = process.env): string {
	const sequence = `${esc}]52;c;${Buffer.from(text, 'utf8').toString('base64')}${bell}`;
	if (env.TMUX) {
		// tmux takes the plain sequence when its set-clipboard option is on, and passes on a DCS
		// string whose inner escapes are doubled when allow-passthrough is on (off by default
		// since tmux 3.3). Either may be the one that works here: send both.
		return `${sequence}${esc}Ptmux;${sequence.replaceAll(esc, esc + esc)}${stringTerminator}`;
	}
	if (env.STY) {
		// screen passes each DCS string on unchanged, so the sequence goes in short pieces.
		let wrapped = '';
		for (let start = 0; start < sequence.length; start += screenChunkLength) {
			wrapped += `${esc}P${sequence.slice(start, start + screenChunkLength)}${stringTerminator}`;
		}
		return wrapped;
	}
	return sequence;
}

export interface CopyOptions {
	/** Writes to the person's terminal; absent when output is not a terminal (piped). */
	write?: ((data: string) => void) | undefined;
	environment: Environment;
	env?: NodeJS.ProcessEnv;
	/** The system clipboard; clipboardy unless a test stands in for it. */
	systemClipboard?: (text: string) => Promise<void>;
	/** The keyboard, put back into raw mode after the clipboard's child process. */
	input?: Parameters<typeof reassertRawMode>[0];
}

async function clipboardy(text: string): Promise<void> {
	const {default: clipboard} = await import('clipboardy');
	await clipboard.write(text);
}

/** clip.exe reads UTF-16 with a byte order mark as Unicode; anything else in the console's code page. */
function copyWithClipExe(text: string, env: NodeJS.ProcessEnv): Promise<boolean> {
	const input = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
	return new Promise((resolve) => {
		const child = spawn('clip.exe', [], {
			env,
			stdio: ['pipe', 'ignore', 'ignore'],
			windowsHide: true,
		});
		const timer = setTimeout(() => child.kill(), 5000);
		child.once('error', () => resolve(false));
		child.once('close', (code) => {
			clearTimeout(timer);
			resolve(code === 0);
		});
		child.stdin.on('error', () => {});
		child.stdin.end(input);
	});
}

async function copyToSystem(
	text: string,
	environment: Environment,
	env: NodeJS.ProcessEnv,
	systemClipboard: (text: string) => Promise<void>,
): Promise<boolean> {
	try {
		await systemClipboard(text);
		return true;
	} catch {
		return environment.platform === 'win32' && (await copyWithClipExe(text, env));
	}
}

export async function copyToClipboard(text: string, options: CopyOptions): Promise<CopyResult> {
	const {write, environment, env = process.env, systemClipboard = clipboardy} = options;
	let systemProblem: string;
	if (environment.ssh) {
		systemProblem = 'the system clipboard here is on the remote machine';
	} else if (environment.display) {
		const copied = await copyToSystem(text, environment, env, systemClipboard);
		// The clipboard's program may have switched a Windows console out of raw mode.
		reassertRawMode(options.input);
		if (copied) return {ok: true, via: 'system clipboard'};
		systemProblem = 'the system clipboard did not accept it';
	} else {
		systemProblem = 'there is no display here for a system clipboard';
	}
	if (!write) {
		return {
			ok: false,
			reason: `Could not copy: ${systemProblem}, and there is no terminal to ask.`,
		};
	}
	if (Buffer.byteLength(text, 'utf8') > osc52TextLimit) {
		return {
			ok: false,
			reason: `Could not copy: ${systemProblem}, and the text is too long for the terminal to copy (terminals accept about 100 KB).`,
		};
	}
	write(osc52(text, env));
	const {terminal} = environment;
	return {ok: true, via: 'terminal (OSC 52)', ...(terminal ? {terminal} : {})};
}

const selectInstead = 'select it with the mouse and copy it from the screen instead';

/** What to tell the person after a copy of `label`: sure only where the copy is known to work. */
export function describeCopy(
	outcome: CopyResult,
	label: string,
): {tone: 'success' | 'info' | 'warning'; text: string} {
	if (!outcome.ok) return {tone: 'warning', text: `Could not copy ${label}: ${outcome.reason}`};
	if (outcome.via === 'system clipboard') {
		return {tone: 'success', text: `Copied ${label} to the clipboard.`};
	}
	const terminal = outcome.terminal ?? 'unknown';
	switch (honoursOsc52(terminal)) {
		case 'yes':
			return {
				tone: 'success',
				text: `Sent ${label} to your terminal’s clipboard (OSC 52). If pasting gives nothing, your terminal has it turned off: ${selectInstead}.`,
			};
		case 'if enabled':
			return {
				tone: 'info',
				text: `Asked the terminal to copy ${label} (OSC 52); ${terminal} passes that on only when allowed (${terminal === 'tmux' ? 'set-clipboard on' : terminal === 'xterm' ? 'allowWindowOps' : 'its settings'}). If pasting gives nothing, ${selectInstead}.`,
			};
		case 'no':
			return {
				tone: 'warning',
				text: `Asked the terminal to copy ${label} (OSC 52), but ${terminal} does not do that: ${selectInstead}.`,
			};
		case 'unknown':
			return {
				tone: 'info',
				text: `Asked the terminal to copy ${label} (OSC 52); not every terminal does. If pasting gives nothing, ${selectInstead}.`,
			};
	}
}
