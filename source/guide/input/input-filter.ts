// The one gate every byte from the keyboard passes before Ink sees it. Ink 6 turns some
// escape sequences it does not know into a key with no name and crashes on it ("Cannot read
// properties of undefined (reading 'startsWith')": ESC[37m, the colour code in a pasted
// coloured line, is one), so only what the guide understands goes through, each key on its
// own, in the plain form Ink reads reliably. Everything else is dropped: unknown sequences,
// terminal answers, OSC/DCS strings, stray control characters. A bracketed paste becomes plain
// text. An escape sequence cut between two reads waits for the rest.

const esc = '\u001B';

/** Control keys the guide uses, each passed on alone (Ctrl+A, B, C, D, E, F, K, U, W). */
const controlKeys = new Set([
	'\u0001',
	'\u0002',
	'\u0003',
	'\u0004',
	'\u0005',
	'\u0006',
	'\u000B',
	'\u0015',
	'\u0017',
]);
/** Alt+letter keys the text fields use (back or forward a word, delete a word). */
const altKeys = new Set(['b', 'f', 'd', 'B', 'F', 'D']);

const pasteStart = '200~';
const pasteEnd = `${esc}[201~`;

/** Characters typed text may keep: printable ones, Enter, Tab and Backspace. */
function isTextCharacter(character: string): boolean {
	const code = character.codePointAt(0)!;
	if (character === '\r' || character === '\n' || character === '\t' || character === '\u007F') {
		return true;
	}
	if (character === '\b') return true;
	return code >= 0x20 && code !== 0x7f && !(code >= 0x80 && code <= 0x9f);
}

// Arrow keys, Home and End with their modifier: only Ctrl and Alt are kept (they move by word
// in a field), in xterm's form.
function cursorKey(final: string, parameters: string): string {
	const modifier = /^(?:1;)?(\d+)$/.exec(parameters)?.[1];
	const bits = modifier === undefined ? 0 : Number(modifier) - 1;
	const ctrl = (bits & 4) !== 0;
	const alt = (bits & 2) !== 0;
	if ((final === 'C' || final === 'D') && (ctrl || alt)) return `${esc}[1;${ctrl ? 5 : 3}${final}`;
	return `${esc}[${final}`;
}

/** What a complete CSI sequence means, in the form passed on; undefined drops it. */
function fromCsi(parameters: string, final: string): string | undefined {
	if ('ABCD'.includes(final)) return cursorKey(final, parameters);
	if (final === 'H' || final === 'F') return `${esc}[${final}`;
	if (final === 'Z') return `${esc}[Z`;
	if (final === '~') {
		switch (parameters.split(';')[0]) {
			case '1':
			case '7':
				return `${esc}[H`;
			case '4':
			case '8':
				return `${esc}[F`;
			case '3':
				// Delete, which Ink cannot tell from Backspace: it deletes forward, as Ctrl+D.
				return '\u0004';
			case '5':
				return `${esc}[5~`;
			case '6':
				return `${esc}[6~`;
			default:
				return undefined;
		}
	}
	return undefined;
}

/** SS3 forms (ESC O x) of the cursor keys, sent by terminals in application mode. */
function fromSs3(final: string): string | undefined {
	if ('ABCD'.includes(final)) return `${esc}[${final}`;
	if (final === 'H' || final === 'F') return `${esc}[${final}`;
	return undefined;
}

/** Text from inside a bracketed paste: plain characters and line breaks only. */
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
		if (character === '\r' || character === '\n' || isPrintable(character)) text += character;
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
		case '\u007F':
			// Alt+Backspace deletes the word before the cursor.
			return {end: index, output: `${esc}\u007F`};
		default:
			if (altKeys.has(kind)) return {end: index, output: `${esc}${kind.toLowerCase()}`};
			// Alt with anything else: the Alt goes, a printable character stays as typed.
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

export function createInputFilter(): InputFilter {
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
			if (controlKeys.has(whole)) emit(whole);
			// Ink reads a lone line feed as no key at all: it is Enter, as a carriage return.
			else if (whole === '\n') run += '\r';
			else if (isTextCharacter(whole)) run += whole;
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
