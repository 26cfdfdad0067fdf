// A one-line text field. It only draws: the keys reach it through the router and the line
// editor, like every other key. A value longer than the room shows the part around the cursor.
import {Box, Text} from 'ink';
import {type ReactNode, useContext} from 'react';
import {colorChoice} from '../../text/color.js';
import {TextWidth} from './paragraph.js';

// Without colours (NO_COLOR) inverse video is dropped too: a mark after the text shows where
// typing goes on. (Inside the text it would read as part of the value, so there is none.)
const cursorMark = '▏';

export interface TextFieldProps {
	label: string;
	value: string;
	/** Where the cursor stands, while focused. */
	cursor: number;
	focused: boolean;
	/** Shown as • per character, for secrets. */
	masked?: boolean;
	placeholder?: string;
}

/** The part of the value that fits `width` columns with the cursor in view (the cursor may
 * stand after the last character, and takes a column there). */
function visiblePart(value: string, cursor: number, width: number): {text: string; cursor: number} {
	const room = Math.max(1, width);
	if (value.length + 1 <= room) return {text: value, cursor};
	const start = Math.min(Math.max(0, cursor - room + 1), value.length + 1 - room);
	return {text: value.slice(start, start + room), cursor: cursor - start};
}

export function TextField({label, value, cursor, focused, masked, placeholder}: TextFieldProps) {
	const width = useContext(TextWidth);
	const prefix = `${focused ? '› ' : '  '}${label}: `;
	const shownValue = masked ? '•'.repeat(value.length) : value;
	let field: ReactNode;
	if (!focused) {
		field =
			shownValue === '' ? (
				<Text dimColor>{placeholder ?? 'press Enter to type'}</Text>
			) : (
				<Text wrap="truncate-start">{shownValue}</Text>
			);
	} else {
		const part = visiblePart(shownValue, cursor, width - prefix.length - 1);
		const plain = colorChoice([], process.env) === 'never';
		field = plain ? (
			<Text wrap="truncate-end">
				{part.text}
				{part.cursor >= part.text.length ? cursorMark : ''}
			</Text>
		) : (
			<Text wrap="truncate-end">
				{part.text.slice(0, part.cursor)}
				<Text inverse>{part.text[part.cursor] ?? ' '}</Text>
				{part.text.slice(part.cursor + 1)}
			</Text>
		);
	}
	return (
		<Box>
			<Box flexShrink={0}>
				<Text color={focused ? 'cyan' : undefined} bold={focused}>
					{prefix}
				</Text>
			</Box>
			<Box flexGrow={1} flexShrink={1} minWidth={1}>
				{field}
			</Box>
		</Box>
	);
}
