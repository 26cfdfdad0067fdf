import {PassThrough} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {readHiddenLine} from '../../source/system/hidden-line.js';

/** A stream with a terminal's raw-mode switch, fed in the reads a terminal makes of a paste. */
function keyboard() {
	const input = Object.assign(new PassThrough(), {
		isTTY: true,
		isRaw: false,
		setRawMode(mode: boolean) {
			input.isRaw = mode;
			return input;
		},
	});
	let shown = '';
	const output = {
		write(text: string) {
			shown += text;
		},
	};
	const read = readHiddenLine(input as unknown as NodeJS.ReadStream, output, 'Token: ');
	return {
		read,
		shown: () => shown,
		async type(...reads: Array<string | Buffer>) {
			for (const bytes of reads) {
				input.write(bytes);
				// Each write its own read, as a busy terminal hands them over.
				await new Promise((resolve) => setImmediate(resolve));
			}
		},
		isRaw: () => input.isRaw,
	};
}

describe('a line read unseen at a terminal', () => {
	it('drops a bracketed paste’s markers even when a read cuts them in two', async () => {
		const keys = keyboard();
		await keys.type('\u001B[20', '0~Rt-abc', 'def\u001B[2', '01~', '\r');
		expect(await keys.read).toBe('Rt-abcdef');
		expect(keys.shown()).toBe('Token: \n');
		expect(keys.isRaw()).toBe(false);
	});

	it('keeps a character whose bytes two reads split', async () => {
		const keys = keyboard();
		const bytes = Buffer.from('tö', 'utf8');
		await keys.type(bytes.subarray(0, 2), bytes.subarray(2), '\r');
		expect(await keys.read).toBe('tö');
	});

	it('edits with Backspace and Ctrl+U, and a lone Esc types nothing', async () => {
		const keys = keyboard();
		await keys.type('wrong', '\u0015', 'righx', '\u007F', 't\u001B', '\r');
		expect(await keys.read).toBe('right');
	});

	it('types nothing for an arrow key or Tab, and Ctrl+D ends only an empty line', async () => {
		const typedFirst = keyboard();
		await typedFirst.type('to', '\u001B[D', '\t', '\u0004', 'ken', '\r');
		expect(await typedFirst.read).toBe('token');
		const empty = keyboard();
		await empty.type('\u0004');
		expect(await empty.read).toBe('');
	});

	it('gives nothing back for Ctrl+C', async () => {
		const keys = keyboard();
		await keys.type('half', '\u0003');
		expect(await keys.read).toBeUndefined();
	});
});
