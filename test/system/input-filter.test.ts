// The gate in front of Ink: what a terminal can send, and what the guide gets of it.
import {describe, expect, it} from 'vitest';
import {createInputFilter} from '../../source/system/input-filter.js';

const esc = '\u001B';
const filtered = (...chunks: string[]) => {
	const filter = createInputFilter();
	const out = chunks.flatMap((chunk) => filter.push(chunk));
	return [...out, ...filter.flush()];
};

describe('the input filter', () => {
	it.each([
		['plain text', ['abc'], ['abc']],
		[
			'a colour code inside a paste (the crash): one paste without it',
			[`abc${esc}[37mdef`],
			['abcdef'],
		],
		['bold and colour with parameters', [`${esc}[1;31mred${esc}[0m`], ['red']],
		['arrows', [`${esc}[A${esc}OB`], [`${esc}[A`, `${esc}[B`]],
		[
			'a modifier on an arrow is dropped',
			[`${esc}[1;5C${esc}[1;3D${esc}[1;2C`],
			[`${esc}[C`, `${esc}[D`, `${esc}[C`],
		],
		[
			'Page Up, Page Down and Shift+Tab',
			[`${esc}[5~${esc}[6~${esc}[Z`],
			[`${esc}[5~`, `${esc}[6~`, `${esc}[Z`],
		],
		[
			'Home, End, Delete, function keys and Insert are dropped: no field or step uses them',
			[`${esc}[1~${esc}[4~${esc}OH${esc}[F${esc}[3~${esc}[15~${esc}OP${esc}[2~`],
			[],
		],
		[
			'Alt with a key types the key (the field would take Alt+B as a b anyway)',
			[`${esc}x${esc}b${esc}\u007F`],
			['xb', '\u007F'],
		],
		['ESC and a non-ASCII character', [`${esc}é`], ['é']],
		[
			'Ctrl+C and Ctrl+U come alone; other control keys go (a field would type their letter)',
			['a\u0001b\u0007c\u0015d\u0003\u0017\u000B\u0005'],
			['abc', '\u0015', 'd', '\u0003'],
		],
		[
			'Enter, Tab and Backspace come alone, never inside a run of text',
			['ab\u007F\u007Fc\r', 'x\ty\bz'],
			['ab', '\u007F', '\u007F', 'c', '\r', 'x', '\t', 'y', '\u007F', 'z'],
		],
		['a lone line feed is Enter', ['\n'], ['\r']],
		['OSC and DCS strings vanish', [`x${esc}]0;title\u0007y${esc}Pq#0${esc}\\z`], ['xyz']],
		['C1 controls and 8-bit CSI vanish', ['a\u0085b\u009B31mc'], ['abc']],
		[
			'a bracketed paste is text, its escapes left out',
			[`${esc}[200~key ${esc}[31m1${esc}[0m\r\n${esc}[201~`],
			// Its line break goes too: the value is taken when the person presses Enter.
			['key 1'],
		],
		[
			'a bracketed paste cut across reads',
			[`${esc}[200~6f1d`, `2c8e${esc}[20`, '1~'],
			['6f1d2c8e'],
		],
		['an escape sequence cut across reads', [`a${esc}`, '[', '37mb'], ['a', 'b']],
		['a lone ESC, nothing after it, is Esc', [esc], [esc]],
		['a cut-off CSI that never ends is dropped', [`${esc}[12;`], []],
		['ESC ESC [ A is an arrow', [`${esc}${esc}[A`], [`${esc}[A`]],
		['an unknown CSI with a final byte is dropped', [`${esc}[5G${esc}[9;5~${esc}[?2004h`], []],
		['a broken CSI keeps what follows', [`${esc}[\u0003`], ['\u0003']],
	])('%s', (_name, chunks, expected) => {
		expect(filtered(...chunks)).toEqual(expected);
	});

	it('says what it is waiting for', () => {
		const filter = createInputFilter();
		filter.push(`${esc}[`);
		expect(filter.pending()).toBe('sequence');
		filter.flush();
		filter.push(`${esc}[200~abc`);
		expect(filter.pending()).toBe('paste');
		expect(filter.flush()).toEqual(['abc']);
		expect(filter.pending()).toBeUndefined();
	});
});
