// Editing one line of text the way shells do (readline's keys): the value and where the cursor
// stands, changed by pure functions so every field behaves the same and tests need no terminal.

export interface Line {
	value: string;
	cursor: number;
}

export type LineEdit =
	| 'start'
	| 'end'
	| 'left'
	| 'right'
	| 'word-left'
	| 'word-right'
	| 'delete-back'
	| 'delete-forward'
	| 'delete-to-start'
	| 'delete-to-end'
	| 'delete-word-back'
	| 'delete-word-forward';

const isWordCharacter = (character: string | undefined) =>
	character !== undefined && /[\p{L}\p{N}_]/u.test(character);

/** Where the word before the cursor starts (skipping the separators just before it). */
function wordStart(value: string, cursor: number): number {
	let at = cursor;
	while (at > 0 && !isWordCharacter(value[at - 1])) at -= 1;
	while (at > 0 && isWordCharacter(value[at - 1])) at -= 1;
	return at;
}

/** Where the word after the cursor ends (skipping the separators just after it). */
function wordEnd(value: string, cursor: number): number {
	let at = cursor;
	while (at < value.length && !isWordCharacter(value[at])) at += 1;
	while (at < value.length && isWordCharacter(value[at])) at += 1;
	return at;
}

// Ctrl+W deletes back to the previous blank, as in a shell: a pasted key or address goes in one.
function blankStart(value: string, cursor: number): number {
	let at = cursor;
	while (at > 0 && value[at - 1] === ' ') at -= 1;
	while (at > 0 && value[at - 1] !== ' ') at -= 1;
	return at;
}

function clampCursor(line: Line): Line {
	return {value: line.value, cursor: Math.min(Math.max(0, line.cursor), line.value.length)};
}

export function insertText(line: Line, text: string): Line {
	const {value, cursor} = clampCursor(line);
	return {value: value.slice(0, cursor) + text + value.slice(cursor), cursor: cursor + text.length};
}

export function editLine(line: Line, edit: LineEdit): Line {
	const {value, cursor} = clampCursor(line);
	const cut = (from: number, to: number): Line => ({
		value: value.slice(0, from) + value.slice(to),
		cursor: from,
	});
	switch (edit) {
		case 'start':
			return {value, cursor: 0};
		case 'end':
			return {value, cursor: value.length};
		case 'left':
			return {value, cursor: Math.max(0, cursor - 1)};
		case 'right':
			return {value, cursor: Math.min(value.length, cursor + 1)};
		case 'word-left':
			return {value, cursor: wordStart(value, cursor)};
		case 'word-right':
			return {value, cursor: wordEnd(value, cursor)};
		case 'delete-back':
			return cursor === 0 ? {value, cursor} : cut(cursor - 1, cursor);
		case 'delete-forward':
			return cut(cursor, Math.min(value.length, cursor + 1));
		case 'delete-to-start':
			return cut(0, cursor);
		case 'delete-to-end':
			return cut(cursor, value.length);
		case 'delete-word-back':
			return cut(blankStart(value, cursor), cursor);
		case 'delete-word-forward':
			return cut(cursor, wordEnd(value, cursor));
	}
}
