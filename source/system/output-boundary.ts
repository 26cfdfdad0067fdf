// The output boundary: everything cc-token writes to its standard output and error passes
// through here. What is written for a person (errors, warnings, hints, progress, status, help)
// is cleaned on the way (text/person-text.ts): control, C1 and BiDi characters become a visible
// U+FFFD and the password in any URL is hidden, so a message may quote any server's or store's
// text and stay safe. Machine output keeps its contract: a token only when it passes the token
// grammar, an API body or shell code as it is; JSON (printJson, commands/support/output.ts) has
// every character a terminal acts on escaped inside its strings, so the cleaning leaves it the
// same JSON. test/system/output-boundary.test.ts fails when a write to stdout or
// stderr in source/ bypasses this module.
import {CcTokenError, toCcTokenError} from '../errors.js';
import {isB64token} from '../text/grammar.js';
import {personLine, personText} from '../text/person-text.js';
import {writeDirect} from './direct-write.js';

/** Text for a person, cleaned: line feeds and tabs stay, nothing else a terminal acts on. */
export function writeForPerson(fd: 1 | 2, text: string): void {
	writeDirect(fd, personText(text));
}

/**
 * A terminal control sequence as it is: the guide's copy to the clipboard (OSC 52, its own
 * sequence around base64), which cleaning would take apart. Through the stream Ink draws on,
 * so it lands between two frames.
 */
export function writeTerminalSequence(data: string): void {
	process.stdout.write(data);
}

/**
 * An access token alone on stdout, for `$(cc-token token)` and `curl -H @-`: only one that
 * passes RFC 6750's b64token grammar, so no stored value can add a line or a header of its own.
 */
export function writeToken(token: string, profileName: string): void {
	if (!isB64token(token)) {
		throw new CcTokenError(
			'not_signed_in',
			`The access token stored for profile “${profileName}” is not a token (it holds characters no access token has); cc-token will not print it.`,
			{hint: `Sign in again: cc-token login --profile ${profileName}`},
		);
	}
	writeDirect(1, `${token}\n`);
}

/**
 * Data that must keep its bytes: an API body (cleaned by the api command when stdout is a
 * terminal, byte for byte when it is a pipe) and `env`'s shell code (each value checked there).
 */
export function writeData(fd: 1 | 2, text: string): void {
	writeDirect(fd, text);
}

/**
 * One line of progress on stderr, written over by the next; nothing when stderr is not a
 * terminal (the caller knows: node:tty costs the token's quick path its socket code).
 */
export function progressLine(stderrIsTerminal: boolean): {
	show: (text: string) => void;
	clear: () => void;
} {
	if (!stderrIsTerminal) return {show: () => {}, clear: () => {}};
	// Carriage return and erase-line: cc-token's own control, the only one written here.
	const eraseLine = '\r\u001B[2K';
	let shown = false;
	return {
		show(text) {
			writeDirect(2, `${eraseLine}${personLine(text)}`);
			shown = true;
		},
		clear() {
			if (shown) writeDirect(2, eraseLine);
			shown = false;
		},
	};
}

/**
 * Reports a failure and returns its exit code, in the one layout every command uses: the message
 * on the first line, what to do next indented under it.
 */
export function reportError(error: unknown): number {
	const failure = toCcTokenError(error);
	const text = failure.toText().replace(/\n/g, '\n  ');
	writeForPerson(2, `cc-token: ${text}\n`);
	if (failure.code === 'unexpected' && process.env.CC_TOKEN_DEBUG && failure.cause) {
		writeForPerson(2, `${String((failure.cause as Error).stack ?? failure.cause)}\n`);
	}
	return failure.exitCode;
}

/**
 * From now on, a failure nothing caught (thrown from a library's timer, say) ends the run the
 * way every other failure does: one line and an exit code, never a stack trace of bundled
 * source. Another listener takes precedence: the guide handles its own while it holds the
 * screen, to give the terminal back first.
 */
export function reportUncaughtFailures(): void {
	const lastResort = (error: unknown) => {
		if (process.listenerCount('uncaughtException') > 1) return;
		process.exit(reportError(error));
	};
	process.on('uncaughtException', lastResort);
	process.on('unhandledRejection', lastResort);
}

/**
 * The process's stdout and stderr as a command writes to them: text for a person, through the
 * boundary. Whether each is a terminal, and stderr's width, are looked up only when asked:
 * building process.stdout costs a seventh of a start, which the entry's own answers never pay.
 */
export function boundaryStreams() {
	return {
		stdout: {
			write: (text: string) => writeForPerson(1, text),
			get isTTY() {
				return process.stdout.isTTY;
			},
		},
		stderr: {
			write: (text: string) => writeForPerson(2, text),
			get columns() {
				return process.stderr.columns;
			},
			get isTTY() {
				return process.stderr.isTTY;
			},
		},
	};
}
