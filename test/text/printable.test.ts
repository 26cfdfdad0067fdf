import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {printableLine, printableText, terminalSafeJson} from '../../source/text/printable.js';
import {serverText} from '../../source/text/server-text.js';
import {
	escapeSequence,
	hostileSequences,
	hostileText,
	terminalAttacks,
} from '../helpers/hostile-text.js';

const safe = (text: string) => terminalAttacks(Buffer.from(text));
// What a person sees where a character was taken out: U+FFFD, the replacement character.
const replacementCharacter = '\uFFFD';

describe('printableLine', () => {
	it.each(Object.entries(hostileSequences))('makes %s harmless and visible', (_name, sequence) => {
		const line = printableLine(`a ${sequence} b`);
		expect(safe(line)).toEqual([]);
		expect(line).not.toMatch(/[\p{Cc}\u202A-\u202E\u2066-\u2069\u2028\u2029]/u);
		expect(line.startsWith('a ') && line.endsWith(' b')).toBe(true);
	});

	it('shows where an escape sequence was, so a person sees that something was sent', () => {
		expect(printableLine(hostileSequences.osc52Clipboard)).toMatch(
			new RegExp(`^${replacementCharacter}\\]52;c;[A-Za-z0-9+/=]+${replacementCharacter}$`),
		);
		expect(printableLine('tab\there\nnext')).toBe('tab here next');
	});

	it('keeps every printable text exactly, joiners in emoji and names included', () => {
		for (const text of ['Maya Okafor', 'José  Núñez', 'زهرا‌ی', '👩‍👩‍👧 family', 'café ☕ <b>']) {
			expect(printableLine(text)).toBe(text);
		}
		expect(printableLine(hostileText)).not.toBe(hostileText);
	});

	it('never lets a control, C1, ESC, DEL or BiDi control through, whatever the input', () => {
		const anyText = fc.oneof(
			fc.string({unit: 'binary'}),
			fc.string({unit: fc.integer({min: 0, max: 0x2100}).map((code) => String.fromCharCode(code))}),
			fc
				.array(fc.constantFrom(...Object.values(hostileSequences), 'x', ' '))
				.map((parts) => parts.join('')),
		);
		fc.assert(
			fc.property(anyText, (text) => {
				const line = printableLine(text);
				expect(line).not.toMatch(/[\p{Cc}\p{Cs}\u2028\u2029]|(?![\u200C\u200D])\p{Cf}/u);
				expect(safe(line)).toEqual([]);
				expect(printableLine(line)).toBe(line);
			}),
			{numRuns: 2000},
		);
	});
});

describe('serverText, built on the same boundary', () => {
	it('makes an error text one short printable line with the same visible marks', () => {
		const text = serverText(`<p>Bad ${hostileSequences.osc0Title} request</p>\n`);
		expect(text).toBe(`Bad ${replacementCharacter}]0;pwned${replacementCharacter}\\ request`);
		expect(safe(serverText(hostileText))).toEqual([]);
	});
});

describe('text of several lines, and JSON, for a terminal', () => {
	it('printableText keeps line feeds and tabs, and nothing a terminal acts on', () => {
		expect(printableText('one\r\ntwo\tthree\rover')).toBe(
			`one\ntwo\tthree${replacementCharacter}over`,
		);
		fc.assert(
			fc.property(fc.string({unit: 'binary'}), (text) => {
				const shown = printableText(text);
				expect(safe(shown)).toEqual([]);
				expect(shown.replace(/[\n\t]/g, ' ')).toBe(printableLine(shown));
			}),
			{numRuns: 1000},
		);
	});

	it('printableText (an API body on a terminal) lets no real escape or control sequence through', () => {
		const plain = fc.string({unit: fc.constantFrom(...'ab {}":,[]\n\t')});
		const body = fc.array(fc.oneof(plain, escapeSequence()), {minLength: 1, maxLength: 8});
		fc.assert(
			fc.property(body, (parts) => {
				const shown = printableText(parts.join(''));
				expect(shown).not.toMatch(
					/[\u001B\u0080-\u009F\u0007\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/,
				);
				expect(safe(shown)).toEqual([]);
				// Where a sequence was, the person sees U+FFFD; the text around it stays.
				if (parts.some((part) => /[^\x20-\x7E\n\t]/.test(part)))
					expect(shown).toContain(replacementCharacter);
				for (const part of parts.filter((text) => /^[\x20-\x7E\n\t]+$/.test(text)))
					expect(shown).toContain(part);
			}),
			{numRuns: 2000},
		);
	});

	it('terminalSafeJson escapes what JSON leaves raw, and the JSON means the same', () => {
		fc.assert(
			fc.property(fc.jsonValue({stringUnit: 'binary'}), fc.boolean(), (value, pretty) => {
				const json = JSON.stringify(value, null, pretty ? 2 : undefined);
				const shown = terminalSafeJson(json);
				expect(safe(shown)).toEqual([]);
				expect(JSON.parse(shown)).toEqual(JSON.parse(json));
			}),
			{numRuns: 1000},
		);
		const json = JSON.stringify({name: hostileText});
		expect(JSON.parse(terminalSafeJson(json))).toEqual({name: hostileText});
		expect(terminalSafeJson(json)).toContain('\\u009b31m');
	});
});
