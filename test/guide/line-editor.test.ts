import {describe, expect, it} from 'vitest';
import {editLine, insertText, type LineEdit} from '../../source/guide/input/line-editor.js';

// The cursor is written as | inside the value.
const line = (text: string) => ({value: text.replace('|', ''), cursor: text.indexOf('|')});
const shown = ({value, cursor}: {value: string; cursor: number}) =>
	`${value.slice(0, cursor)}|${value.slice(cursor)}`;

describe('editing a line as a shell does', () => {
	it.each([
		['start', 'abc d|ef', '|abc def'],
		['end', 'a|bc', 'abc|'],
		['left', 'ab|c', 'a|bc'],
		['left', '|abc', '|abc'],
		['right', 'ab|c', 'abc|'],
		['right', 'abc|', 'abc|'],
		['word-left', 'one two|', 'one |two'],
		['word-left', 'one two |', 'one |two '],
		['word-left', '1b2c-5f60|', '1b2c-|5f60'],
		['word-right', '|one two', 'one| two'],
		['word-right', 'one| two', 'one two|'],
		['delete-back', 'ab|c', 'a|c'],
		['delete-back', '|abc', '|abc'],
		['delete-forward', 'a|bc', 'a|c'],
		['delete-forward', 'abc|', 'abc|'],
		['delete-to-start', '6f1d2c8e-3b7a-4e5f-9a0c-8d4b2e6f1a37|', '|'],
		['delete-to-start', 'ab|cd', '|cd'],
		['delete-to-end', 'ab|cd', 'ab|'],
		['delete-word-back', 'key 1b2c-5f60|', 'key |'],
		['delete-word-back', 'key one  |', 'key |'],
		['delete-word-forward', 'a|b cd', 'a| cd'],
	] satisfies [LineEdit, string, string][])('%s: %s → %s', (edit, before, after) => {
		expect(shown(editLine(line(before), edit))).toBe(after);
	});

	it('inserts at the cursor', () => {
		expect(shown(insertText(line('ab|ef'), 'cd'))).toBe('abcd|ef');
	});

	it('never lets the cursor leave the value', () => {
		expect(editLine({value: 'abc', cursor: 99}, 'left')).toEqual({value: 'abc', cursor: 2});
		expect(insertText({value: 'abc', cursor: -5}, 'x')).toEqual({value: 'xabc', cursor: 1});
	});
});
