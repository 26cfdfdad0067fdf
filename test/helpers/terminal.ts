// A real terminal for end-to-end tests: a detached tmux session of a fixed size, on a tmux
// server of its own (its socket in a temporary folder), so tests never touch a developer's tmux
// and leave nothing behind. The command runs with
// exactly the environment given (nothing inherited, CI unset), inside tmux as a person's would;
// the screen is read with capture-pane and the raw bytes the program wrote with pipe-pane.
import {execFile} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {builtCli} from './cli.js';

const run = promisify(execFile);

/** The line the shell prints before the command starts: it must be back on screen afterwards. */
export const shellLine = 'cc-token test shell: before the command';

export interface TerminalOptions {
	/** A shell command line, for example from cliCommand(). */
	command: string;
	env: Record<string, string | undefined>;
	columns: number;
	rows: number;
}

export type ScreenMatch = string | RegExp | ((screen: string) => boolean);

export interface Terminal {
	/** The visible screen, one line per row. */
	screen(): Promise<string>;
	/** Polls the screen until it matches; returns that screen, or throws with the last one. */
	waitFor(match: ScreenMatch, timeoutMs?: number): Promise<string>;
	/** tmux key names: 'Right', 'Enter', 'Escape', 'BSpace', 'q', '4'. */
	sendKeys(...keys: string[]): Promise<void>;
	/** Types text literally, as one chunk (the way a paste arrives). */
	sendText(text: string): Promise<void>;
	/** Writes these bytes to the program's terminal as they are, in one go (any bytes). */
	sendBytes(bytes: Uint8Array | string): Promise<void>;
	resize(columns: number, rows: number): Promise<void>;
	/** Everything the command wrote, escape sequences included. */
	output(): string;
	/** The same, as the raw bytes, for checks that UTF-8 decoding would blur. */
	outputBytes(): Buffer;
	waitForOutput(match: (output: string) => boolean, timeoutMs?: number): Promise<string>;
	/** The command's exit code once it has ended. */
	exitCode(timeoutMs?: number): Promise<number>;
	kill(): Promise<void>;
}

/** Quotes one word for sh. */
export function shellQuote(word: string): string {
	return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** The built cc-token with these arguments, as a shell command line. */
export function cliCommand(args: string[]): string {
	return [process.execPath, builtCli, ...args].map(shellQuote).join(' ');
}

async function poll<T>(
	check: () => Promise<T | undefined> | T | undefined,
	timeoutMs: number,
	describe: () => Promise<string> | string,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const found = await check();
		if (found !== undefined) return found;
		if (Date.now() > deadline) throw new Error(await describe());
		await new Promise((resolve) => setTimeout(resolve, 40));
	}
}

function matches(screen: string, match: ScreenMatch): boolean {
	if (typeof match === 'string') return screen.includes(match);
	if (match instanceof RegExp) return match.test(screen);
	return match(screen);
}

let sessions = 0;

/** How long a command may take to write anything at all (see `started`). */
const startUpMs = 30_000;

export async function startTerminal(options: TerminalOptions): Promise<Terminal> {
	const dir = mkdtempSync(path.join(tmpdir(), 'cc-token-terminal-'));
	const socket = path.join(dir, 'tmux.socket');
	const outputFile = path.join(dir, 'output');
	const statusFile = path.join(dir, 'status');
	const channel = `cc-token-test-${process.pid}-${++sessions}`;
	writeFileSync(outputFile, '');
	// No status line: the pane is the whole window.
	writeFileSync(path.join(dir, 'tmux.conf'), 'set -g status off\n');
	const variables = Object.entries(options.env)
		.filter((entry): entry is [string, string] => entry[1] !== undefined && entry[0] !== 'CI')
		.map(([name, value]) => `${name}=${shellQuote(value)}`);
	// The script waits until pipe-pane is recording, so not one byte of output is missed.
	// Afterwards it notes the exit code and stays, like a shell, with the screen as it was left.
	writeFileSync(
		path.join(dir, 'start.sh'),
		[
			`printf '%s\\n' ${shellQuote(shellLine)}`,
			`tmux wait-for ${shellQuote(channel)}`,
			`env -i TMUX="$TMUX" TMUX_PANE="$TMUX_PANE" ${variables.join(' ')} sh -c ${shellQuote(
				`exec ${options.command}`,
			)}`,
			`echo $? > ${shellQuote(statusFile)}`,
			'exec sleep 86400',
			'',
		].join('\n'),
	);

	const {TMUX: _outer, ...clientEnv} = process.env;
	const tmux = async (...args: string[]) =>
		(await run('tmux', ['-S', socket, ...args], {env: clientEnv})).stdout;
	const target = ['-t', 'guide'];

	await tmux(
		'-f',
		path.join(dir, 'tmux.conf'),
		'new-session',
		'-d',
		'-s',
		'guide',
		'-x',
		String(options.columns),
		'-y',
		String(options.rows),
		`sh ${shellQuote(path.join(dir, 'start.sh'))}`,
	);
	await tmux('pipe-pane', '-o', ...target, `cat >> ${shellQuote(outputFile)}`);
	await tmux('wait-for', '-S', channel);

	const screen = async () => (await tmux('capture-pane', '-p', ...target)).replace(/\n$/, '');
	const output = () => readFileSync(outputFile, 'utf8');
	// The shell's own line may land in the recording when the shell was slow to print it.
	const commandWrote = () => output().replace(shellLine, '').trim() !== '';
	/**
	 * Until the command has written its first byte it is still starting: on a loaded machine,
	 * loading Node and the bundle alone has taken more than 10 s, which says nothing about what
	 * the screen shows. A command that never writes still fails, after this much longer wait.
	 */
	const started = () =>
		poll(
			() => (commandWrote() ? true : undefined),
			startUpMs,
			async () =>
				`The command wrote nothing in ${startUpMs / 1000} s. Last screen:\n${await screen()}`,
		);

	/**
	 * tmux may take a frame in several reads when the machine is busy, so one capture can hold
	 * the top of a new frame over the bottom of the old one. The screen is taken once two
	 * captures in a row agree (and still match); a screen that never rests (a spinner) is taken
	 * as it is after a second.
	 */
	const settled = async (shown: string, match: ScreenMatch) => {
		const deadline = Date.now() + 1000;
		let previous = shown;
		while (Date.now() < deadline) {
			await new Promise((resolve) => setTimeout(resolve, 40));
			const next = await screen();
			if (next === previous && matches(next, match)) return next;
			previous = next;
		}
		return matches(previous, match) ? previous : shown;
	};

	return {
		screen,
		async waitFor(match, timeoutMs = 10_000) {
			await started();
			let last = '';
			const shown = await poll(
				async () => {
					last = await screen();
					return matches(last, match) ? last : undefined;
				},
				timeoutMs,
				() => `The terminal never showed ${String(match)}. Last screen:\n${last}`,
			);
			return settled(shown, match);
		},
		async sendKeys(...keys) {
			await tmux('send-keys', ...target, ...keys);
		},
		async sendText(text) {
			// `--`: text that starts with a dash (a token may) is text, not one of tmux's flags.
			await tmux('send-keys', ...target, '-l', '--', text);
		},
		async sendBytes(bytes) {
			// tmux keeps no empty buffer: nothing to send.
			if (bytes.length === 0) return;
			const file = path.join(dir, 'bytes');
			writeFileSync(file, bytes);
			await tmux('load-buffer', '-b', 'bytes', file);
			// -r: line feeds stay line feeds; -d: the buffer goes once pasted.
			await tmux('paste-buffer', '-d', '-r', '-b', 'bytes', ...target);
		},
		async resize(columns, rows) {
			await tmux('resize-window', ...target, '-x', String(columns), '-y', String(rows));
		},
		output,
		outputBytes: () => readFileSync(outputFile),
		async waitForOutput(match, timeoutMs = 10_000) {
			await started();
			return poll(
				() => {
					const written = output();
					return match(written) ? written : undefined;
				},
				timeoutMs,
				() => `The command never wrote what was expected. It wrote:\n${JSON.stringify(output())}`,
			);
		},
		exitCode(timeoutMs = 10_000) {
			return poll(
				() => {
					// Written in one go by the shell once the command has ended.
					const status = readFileSync(statusFile, {encoding: 'utf8', flag: 'a+'});
					return status.endsWith('\n') ? Number(status) : undefined;
				},
				timeoutMs,
				async () => `The command did not end. Last screen:\n${await screen()}`,
			);
		},
		async kill() {
			await tmux('kill-server').catch(() => {});
			rmSync(dir, {recursive: true, force: true});
		},
	};
}
