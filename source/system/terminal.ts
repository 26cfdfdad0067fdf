// The person's terminal, as each system really behaves: a child process on Windows can put
// the console back into line mode under our feet, terminal writes there are asynchronous (a
// restore written just before exit can be lost), a closed pipe reports EOF rather than EPIPE,
// and Git Bash's own window (mintty) gives programs pipes, not a terminal.
import {writeSync} from 'node:fs';
import {currentPlatform, type Platform} from './platform.js';

interface RawModeInput {
	isTTY?: boolean;
	isRaw?: boolean;
	setRawMode?(mode: boolean): unknown;
}

/**
 * Puts the terminal back into raw mode if it was in raw mode: called after every child process
 * (clipboard, browser), which may have switched a Windows console to line mode, so that keys
 * would echo and wait for Enter. Setting the same mode again is skipped by Node and libuv, so
 * the mode is switched off and on.
 */
export function reassertRawMode(input: RawModeInput = process.stdin): void {
	if (!input.isTTY || !input.isRaw || !input.setRawMode) return;
	input.setRawMode(false);
	input.setRawMode(true);
}

interface TerminalOutput {
	write(data: string): unknown;
	fd?: number;
	isTTY?: boolean;
}

/**
 * Writes to the terminal at once, synchronously, for what must arrive before the process
 * ends (leaving the full screen): on Windows a write to a terminal is otherwise asynchronous
 * and lost at exit.
 */
export function writeNow(output: TerminalOutput, data: string): void {
	if (output.isTTY && typeof output.fd === 'number') {
		try {
			writeSync(output.fd, data);
			return;
		} catch {
			// A terminal that refuses a blocking write still takes the ordinary one.
		}
	}
	output.write(data);
}

/** An error writing to stdout that only means the reader has gone (`cc-token token | head`). */
export function isClosedPipe(error: NodeJS.ErrnoException): boolean {
	// Windows reports a pipe closed at the other end as EOF.
	return error.code === 'EPIPE' || error.code === 'EOF';
}

/** Why a full-screen run cannot start here, and what to do instead. */
export function notATerminalMessage(platform: Platform = currentPlatform()): string {
	const plain =
		"cc-token's guide needs an interactive terminal. In scripts use: cc-token login, cc-token status, cc-token token.";
	const {env} = platform;
	const gitBash =
		platform.os === 'win32' && (env.MSYSTEM !== undefined || env.TERM_PROGRAM === 'mintty');
	if (!gitBash) return plain;
	return `${plain}\nGit Bash's window (mintty) gives programs no console to read keys from: run winpty cc-token, or use the guide from Windows Terminal, PowerShell or cmd.`;
}
