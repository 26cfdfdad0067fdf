// The unseen prompt: a secret typed or pasted at a terminal, which nothing echoes. A module of
// its own so that the input filter it reads keys through loads only with the prompt.
import {StringDecoder} from 'node:string_decoder';
import {clearLineKey, createInputFilter} from './input-filter.js';

const ctrlC = '\u0003';
const ctrlD = '\u0004';

/**
 * Reads a line typed or pasted at a terminal without showing it (a refresh token): raw keys
 * through the input filter, which drops escape sequences (a bracketed paste's markers, arrow
 * keys) whole even when a busy terminal cuts one between two reads. Enter ends, Backspace and
 * Ctrl+U edit, Ctrl+D on an empty line gives "". Ctrl+C gives undefined: the caller says what
 * was cancelled.
 */
export function readHiddenLine(
	input: NodeJS.ReadStream,
	output: {write(text: string): unknown},
	prompt: string,
): Promise<string | undefined> {
	return new Promise((resolve) => {
		let typed = '';
		const filter = createInputFilter(new Set([ctrlC, ctrlD, clearLineKey]));
		const decoder = new StringDecoder('utf8');
		const finish = (result: string | undefined) => {
			input.off('data', onData);
			input.setRawMode(false);
			input.pause();
			output.write('\n');
			resolve(result);
		};
		const onData = (chunk: Buffer | string) => {
			for (const piece of filter.push(typeof chunk === 'string' ? chunk : decoder.write(chunk))) {
				if (piece === '\r') return finish(typed);
				if (piece === ctrlC) return finish(undefined);
				if (piece === ctrlD && typed === '') return finish('');
				if (piece === '\u007F') typed = typed.slice(0, -1);
				else if (piece === clearLineKey) typed = '';
				// Text comes as runs of printable characters; a key (an arrow, Tab) types nothing.
				else if (piece >= ' ') typed += piece;
			}
		};
		input.setRawMode(true);
		input.resume();
		input.on('data', onData);
		// Only now, so that nothing typed after the prompt shows.
		output.write(prompt);
	});
}
