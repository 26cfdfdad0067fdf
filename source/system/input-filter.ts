// The one gate every byte from the keyboard passes: before Ink in the guide, and in the
// unseen prompt of `login --with-refresh-token`. Ink 6 turns some escape sequences it does not
// know into a key with no name and crashes on it ("Cannot read properties of undefined (reading
// 'startsWith')": ESC[37m, the colour code in a pasted coloured line, is one), so only what the
// guide understands goes through, each key on its own, in the plain form Ink reads reliably.
// Everything else is dropped: unknown sequences, terminal answers, OSC/DCS strings, stray
// control characters. A bracketed paste becomes plain text. An escape sequence cut between two
// reads waits for the rest.
//
// The guide's text fields are ink-text-input, which types every key it does not know into the
// value (Ctrl+A would type an "a", Alt+B a "b", and "ab⌫" read as one chunk the Backspace
// itself). So Enter, Tab and Backspace always come alone, text comes as runs of printable
// characters, and the only control keys passed on are those the reader asks for: for the
// guide, the two it answers, Ctrl+C and Ctrl+U.

const esc = '\u001B';

/** Ctrl+U: clears a text field (see filtered-stdin.ts: it never reaches Ink). */
export const clearLineKey = '\u0015';

/** Control keys the guide uses, each passed on alone: Ctrl+C, and Ctrl+U. */
const guideControlKeys = ['\u0003', clearLineKey];

/** Keys that always come alone: Enter, Tab, Backspace (as DEL, which Ink reads as Backspace). */
function loneKey(character: string): string | undefined {
	if (character === '\r' || character === '\n') return '\r';
	if (character === '\t') return '\t';
	if (character === '\u007F' || character === '\b') return '\u007F';
	return undefined;
}

const pasteStart = '200~';
const pasteEnd = `${esc}[201~`;

/**
 * What a complete CSI sequence means, in the form passed on; undefined drops it. The arrows
 * lose any modifier (a field moves by one character only), and Home, End and Delete go: a
 * field cannot use them (ink-text-input would take Delete as Backspace) and no step does.
 */
function fromCsi(parameters: string, final: string): string | undefined {
	if ('ABCD'.includes(final) || final === 'Z') return `${esc}[${final}`;
	if (final === '~') {
		const key = parameters.split(';')[0];
		// Page Up and Page Down.
		if (key === '5' || key === '6') return `${esc}[${key}~`;
	}
	return undefined;
}

/** SS3 forms (ESC O x) of the arrows, sent by terminals in application mode. */
function fromSs3(final: string): string | undefined {
	return 'ABCD'.includes(final) ? `${esc}[${final}` : undefined;
}

/**
 * Text from inside a bracketed paste: printable characters only. Its line breaks go too: a
 * value copied with the end of its line is still one value, and it is taken when the person
 * presses Enter, never by the paste itself.
 */
function pastedText(content: string): string {
	let text = '';
	let index = 0;
	while (index < content.length) {
		const character = content[index]!;
		if (character === esc || character === '\u009B') {
			// An escape sequence inside the paste (colours copied with the text) is left out.
			index = skipSequence(content, index);
			continue;
		}
		if (isPrintable(character)) text += character;
		index += 1;
	}
	return text;
}

function isPrintable(character: string): boolean {
	const code = character.codePointAt(0)!;
	return code >= 0x20 && code !== 0x7f && !(code >= 0x80 && code <= 0x9f);
}

/** Where a sequence starting at `start` ends (for skipping), however malformed. */
function skipSequence(text: string, start: number): number {
	const parsed = parseEscape(text, start);
	return parsed === 'incomplete' ? text.length : parsed.end;
}

type Parsed = {end: number; output?: string; paste?: boolean} | 'incomplete';

/** String sequences (OSC, DCS, SOS, PM, APC) run to BEL or ST (ESC \). */
function endOfString(text: string, from: number): number | undefined {
	for (let index = from; index < text.length; index += 1) {
		if (text[index] === '\u0007' || text[index] === '\u009C') return index + 1;
		if (text[index] === esc) {
			if (index + 1 >= text.length) return undefined;
			if (text[index + 1] === '\\') return index + 2;
		}
	}
	return undefined;
}

/** Reads the escape sequence at `start` (ESC or an 8-bit CSI/OSC introducer). */
function parseEscape(text: string, start: number): Parsed {
	let index = start + 1;
	let kind: string;
	if (text[start] === '\u009B') kind = '[';
	else if (text[start] === '\u009D') kind = ']';
	else {
		if (index >= text.length) return 'incomplete';
		kind = text[index]!;
		index += 1;
	}
	switch (kind) {
		case '[': {
			let parameters = '';
			while (index < text.length) {
				const code = text.charCodeAt(index);
				if (code >= 0x30 && code <= 0x3f) parameters += text[index];
				else if (code >= 0x20 && code <= 0x2f) parameters += text[index];
				else break;
				index += 1;
			}
			if (index >= text.length) return 'incomplete';
			const final = text[index]!;
			const code = text.charCodeAt(index);
			if (code < 0x40 || code > 0x7e) {
				// Not a sequence after all: the introducer and what was read go, the rest stays.
				return {end: index};
			}
			if (parameters === pasteStart.slice(0, -1) && final === '~')
				return {end: index + 1, paste: true};
			return {end: index + 1, output: fromCsi(parameters, final)};
		}
		case 'O': {
			if (index >= text.length) return 'incomplete';
			return {end: index + 1, output: fromSs3(text[index]!)};
		}
		case ']':
		case 'P':
		case 'X':
		case '^':
		case '_': {
			const end = endOfString(text, index);
			return end === undefined ? 'incomplete' : {end};
		}
		case esc:
			// ESC ESC: the first is dropped, the second starts again.
			return {end: start + 1};
		default:
			// Alt with anything else: the Alt goes, the key stays as typed.
			return {end: start + 1};
	}
}

export interface InputFilter {
	/** Takes a chunk read from the terminal; returns the keys and text to pass on, in order. */
	push(chunk: string): string[];
	/** What is waiting for the rest: a cut-off sequence, or a paste whose end has not come. */
	pending(): 'sequence' | 'paste' | undefined;
	/** Nothing more came: a lone ESC was the Escape key; a cut-off sequence is dropped. */
	flush(): string[];
}

/** `controlKeys`: the control characters passed on, each alone; every other one is dropped. */
export function createInputFilter(
	controlKeys: ReadonlySet<string> = new Set(guideControlKeys),
): InputFilter {
	let held = '';
	let pasting: string | undefined;

	function take(text: string): string[] {
		const out: string[] = [];
		let run = '';
		const emit = (piece: string) => {
			if (run !== '') out.push(run);
			run = '';
			out.push(piece);
		};
		let index = 0;
		while (index < text.length) {
			if (pasting !== undefined) {
				const end = text.indexOf(pasteEnd, index);
				if (end === -1) {
					// The end marker may be cut between reads: keep a possible beginning of it.
					let keep = 0;
					for (
						let length = Math.min(pasteEnd.length - 1, text.length - index);
						length > 0;
						length -= 1
					) {
						if (pasteEnd.startsWith(text.slice(text.length - length))) {
							keep = length;
							break;
						}
					}
					pasting += text.slice(index, text.length - keep);
					held = text.slice(text.length - keep);
					return run === '' ? out : [...out, run];
				}
				const pasted = pastedText(pasting + text.slice(index, end));
				pasting = undefined;
				if (pasted !== '') emit(pasted);
				index = end + pasteEnd.length;
				continue;
			}
			const character = text[index]!;
			if (character === esc || character === '\u009B' || character === '\u009D') {
				const parsed = parseEscape(text, index);
				if (parsed === 'incomplete') {
					held = text.slice(index);
					break;
				}
				if (parsed.paste) pasting = '';
				else if (parsed.output !== undefined) emit(parsed.output);
				index = parsed.end;
				continue;
			}
			const codePoint = text.codePointAt(index)!;
			const whole = String.fromCodePoint(codePoint);
			const lone = loneKey(whole);
			if (controlKeys.has(whole)) emit(whole);
			// Ink reads a lone line feed as no key at all: it is Enter, as a carriage return.
			else if (lone !== undefined) emit(lone);
			else if (isPrintable(whole)) run += whole;
			index += whole.length;
		}
		if (run !== '') out.push(run);
		return out;
	}

	return {
		push(chunk) {
			const text = held + chunk;
			held = '';
			return take(text);
		},
		pending: () => (pasting !== undefined ? 'paste' : held !== '' ? 'sequence' : undefined),
		flush() {
			const rest = held;
			held = '';
			if (pasting !== undefined) {
				// A paste whose end never came: what arrived is still the person's text.
				const pasted = pastedText(pasting + rest);
				pasting = undefined;
				return pasted === '' ? [] : [pasted];
			}
			return rest === esc ? [esc] : [];
		},
	};
}
