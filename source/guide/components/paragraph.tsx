// Prose wrapped by word to the pane's width. Ink wraps text itself, but keeps the space at a
// line break, so a line that fits exactly pushes a stray space onto the next one; wrapping
// here avoids that. Text between `backticks` is shown in colour, without the backticks.
import {Text, type TextProps} from 'ink';
import {createContext, useContext} from 'react';

/** The width prose may use in the current pane. */
export const TextWidth = createContext(80);

const visibleLength = (word: string) => word.replaceAll('`', '').length;

/** Whether every word fits the width, so that wrapping breaks no value (a key, an e-mail). */
export function wordsFit(text: string, width: number): boolean {
	return text.split(/\s+/).every((word) => visibleLength(word) <= width);
}

/** Greedy word wrap; words longer than the width (addresses) are cut across lines. */
export function wrapWords(text: string, width: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		let rest = word;
		while (visibleLength(rest) > width) {
			if (line !== '') lines.push(line);
			line = '';
			// Cut by visible characters, so a backtick never counts towards the width.
			let cut = 0;
			for (let seen = 0; seen < width; cut += 1) if (rest[cut] !== '`') seen += 1;
			// An address reads better cut after one of its / ? or & (never inside its "://"),
			// as long as the line stays at least half full.
			const separator = Math.max(...['/', '?', '&'].map((mark) => rest.lastIndexOf(mark, cut - 2)));
			if (separator > rest.indexOf('://') + 2 && separator + 1 >= cut / 2) cut = separator + 1;
			lines.push(rest.slice(0, cut));
			rest = rest.slice(cut);
		}
		if (rest === '') continue;
		const joined = line === '' ? rest : `${line} ${rest}`;
		if (visibleLength(joined) <= width) {
			line = joined;
		} else {
			lines.push(line);
			line = rest;
		}
	}
	if (line !== '') lines.push(line);
	return lines;
}

export function Paragraph({
	text,
	indent = 0,
	width,
	...style
}: {text: string; indent?: number; width?: number} & Pick<
	TextProps,
	'color' | 'dimColor' | 'bold'
>) {
	const paneWidth = useContext(TextWidth);
	const available = Math.max(10, (width ?? paneWidth) - indent);
	let code = false;
	return (
		<Text {...style}>
			{wrapWords(text, available).flatMap((line, lineIndex) => {
				const parts = line.split('`').map((part, partIndex) => {
					if (partIndex > 0) code = !code;
					return code ? (
						// biome-ignore lint/suspicious/noArrayIndexKey: the pieces of one fixed text never move
						<Text key={`${lineIndex}:${partIndex}`} color="cyan">
							{part}
						</Text>
					) : (
						part
					);
				});
				return lineIndex === 0 ? parts : ['\n', ...parts];
			})}
		</Text>
	);
}
