// Each value whole, on its own line, for people who cannot copy (no clipboard, no OSC 52) and
// select with the mouse instead. Ink would wrap a long token inside the pane's border, and a
// mouse selection would pick up the border and the breaks; so while this shows, Ink draws
// nothing and the values are written as plain lines that only the terminal wraps, which
// selections join again. It is all on the alternate screen, and gone once a key is pressed.
import {useStdout} from 'ink';
import {useLayoutEffect} from 'react';
import {printableLine} from '../../text/printable.js';

const clearScreen = '\u001B[2J\u001B[H';
// Long enough for Ink to have drawn its empty frame, which erases what was there.
const afterInkMs = 80;

export function WholeValues({values}: {values: {label: string; value: string}[]}) {
	const {stdout} = useStdout();
	useLayoutEffect(() => {
		const lines = [
			'Each value whole, on its own line: select it with the mouse. Any key goes back.',
			...values.flatMap(({label, value}) => ['', `${label}:`, printableLine(value)]),
			'',
		];
		const timer = setTimeout(
			() => stdout.write(`${clearScreen}${lines.join('\r\n')}\r\n`),
			afterInkMs,
		);
		return () => {
			clearTimeout(timer);
			// Ink draws the steps again from the top of a clear screen.
			stdout.write(clearScreen);
		};
	}, [stdout, values]);
	return null;
}
