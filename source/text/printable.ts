// The terminal-safe text boundary. Every string that came from the network (a server's answer,
// a callback, a value stored from one by an earlier version) passes through here before it is
// stored, printed or rendered, so that what a server sends can never drive the terminal: no
// escape or control sequence (OSC 52 setting the clipboard, OSC 0 the window title, OSC 8 a
// disguised link, CSI moving the cursor or asking the terminal to answer), no C1 control, no
// BiDi override or isolate reordering what is shown. Imports nothing.

/** Shown where a character was that must not reach a terminal: the person sees something was there. */
const replacementCharacter = '\uFFFD';

// Line breaks of every kind: a one-line value stays on one line.
const lineBreaks = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
// C0 controls (ESC, BEL…), DEL, C1 controls (CSI U+009B, OSC U+009D…), every invisible format
// character (BiDi marks, embeddings, overrides and isolates, zero-width spaces, the BOM, tag
// characters) except the two joiners that emoji and many scripts need (U+200C, U+200D), and
// lone surrogate halves (a broken character).
const unsafeSource = String.raw`[\p{Cc}\p{Cs}]|(?![\u200C\u200D])\p{Cf}`;
// The same, less the line feed and the tab that lay out text of several lines.
const unsafeInTextSource = String.raw`(?![\n\t])\p{Cc}|\p{Cs}|(?![\u200C\u200D])\p{Cf}|[\u2028\u2029]`;

// The Unicode classes above are compiled at their first use, not when this module loads, and
// plain ASCII text (every token, key and name cc-token stores) never needs them: they would cost
// `cc-token token`, which cleans every stored value it reads, half a millisecond.
const printableAscii = /^[\x20-\x7E]*$/;
const printableAsciiText = /^[\x20-\x7E\n\t]*$/;
let unsafe: RegExp | undefined;
let unsafeInText: RegExp | undefined;
const unsafePattern = () => (unsafe ??= new RegExp(unsafeSource, 'gu'));
const unsafeInTextPattern = () => (unsafeInText ??= new RegExp(unsafeInTextSource, 'gu'));

/**
 * One line a terminal shows as plain text. Line breaks become spaces; every other control,
 * escape or format character becomes U+FFFD, visible, so ESC ] 52 ; … shows as “�]52;…”
 * and does nothing. Printable text, spaces included, comes back unchanged.
 */
export function printableLine(raw: string): string {
	if (printableAscii.test(raw)) return raw;
	return raw.replace(lineBreaks, ' ').replace(unsafePattern(), replacementCharacter);
}

/**
 * Text of several lines (a response body) for a terminal: line feeds and tabs stay, a CR LF
 * becomes a line feed, every other control, escape or format character becomes U+FFFD (a lone
 * carriage return too: it would let a line be written over).
 */
export function printableText(raw: string): string {
	if (printableAsciiText.test(raw)) return raw;
	return raw.replace(/\r\n/g, '\n').replace(unsafeInTextPattern(), replacementCharacter);
}

/**
 * JSON text (from JSON.stringify) for a terminal: each character a terminal would act on that
 * JSON leaves alone (DEL, C1 controls, BiDi and other format characters) written as a \u
 * escape, so the JSON still means exactly the same.
 */
export function terminalSafeJson(json: string): string {
	// JSON.stringify escapes every C0 control inside strings: a raw line feed is indentation.
	return json.replace(unsafeInTextPattern(), (char) =>
		char
			.split('')
			.map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`)
			.join(''),
	);
}
