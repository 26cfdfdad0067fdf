import {describe, expect, it} from 'vitest';
import {wrapWords} from '../../source/guide/components/paragraph.js';

describe('wrapWords', () => {
	it('fills lines up to the width and never starts one with a space', () => {
		const lines = wrapWords('aaa bbb ccc ddd', 7);
		expect(lines).toEqual(['aaa bbb', 'ccc ddd']);
	});

	it('cuts a word longer than the width (an address) across lines', () => {
		expect(wrapWords('see https://example.test/abcdefgh', 10)).toEqual([
			'see',
			'https://ex',
			'ample.test',
			'/abcdefgh',
		]);
	});

	it('does not count backticks, which only mark code', () => {
		expect(wrapWords('run `cc-token token` now', 18)).toEqual(['run `cc-token token`', 'now']);
	});

	it('keeps every character of the text', () => {
		const text =
			'The quick brown fox jumps over the lazy dog, https://example.test/?a=1&b=2 twice.';
		for (const width of [5, 8, 13, 21, 40]) {
			const lines = wrapWords(text, width);
			expect(lines.join(' ').replaceAll(' ', '')).toBe(text.replaceAll(' ', ''));
			for (const line of lines) expect(line.length).toBeLessThanOrEqual(width);
		}
	});
});
