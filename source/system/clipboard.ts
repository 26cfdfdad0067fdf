// Copying reaches the person's clipboard two ways: the system clipboard when this machine has
// a display, or OSC 52, an escape sequence asking the terminal itself to copy, which works over
// SSH because the terminal runs on the person's own computer.
import type {Environment} from './environment.js';

export type CopyResult =
	| {ok: true; via: 'system clipboard' | 'terminal (OSC 52)'}
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

export async function copyToClipboard(
	text: string,
	options: {
		/** Writes to the person's terminal; absent when output is not a terminal (piped). */
		write?: ((data: string) => void) | undefined;
		environment: Environment;
		env?: NodeJS.ProcessEnv;
	},
): Promise<CopyResult> {
	const {write, environment, env = process.env} = options;
	let systemProblem: string;
	if (environment.ssh) {
		systemProblem = 'the system clipboard here is on the remote machine';
	} else if (environment.display) {
		try {
			const {default: clipboard} = await import('clipboardy');
			await clipboard.write(text);
			return {ok: true, via: 'system clipboard'};
		} catch {
			systemProblem = 'the system clipboard did not accept it';
		}
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
	return {ok: true, via: 'terminal (OSC 52)'};
}
