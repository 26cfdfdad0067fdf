// Text that reaches the guide as key presses, made plain: what a chunk of typed or pasted text
// means for a field, and how a burst of keys typed ahead is taken apart.
import type {KeyPress} from '../key-bindings.js';

/**
 * Makes typed or pasted text plain: a line break means Enter (and is removed), Backspaces that
 * arrived in the same chunk as other keys (key repeat, typing ahead) delete what precedes them,
 * and no other control character is kept.
 */
export function cleanTypedText(text: string): {text: string; submitted: boolean} {
	const kept: string[] = [];
	let submitted = false;
	for (const character of text) {
		if (character === '\r' || character === '\n') submitted = true;
		else if (character === '\u007F' || character === '\b') kept.pop();
		else if (isPrintable(character)) kept.push(character);
	}
	return {text: kept.join(''), submitted};
}

/** What a chunk typed into a focused field does, in order. */
export type FieldTyping = {text: string} | {deleteBack: true} | {submit: true};

/**
 * A chunk typed into a focused field, as the steps that edit it: text to insert, Backspaces
 * that arrived in the same chunk (key repeat, typing ahead) and, at the end, a line break as
 * Enter. Control characters are dropped.
 */
export function typedIntoField(chunk: string): FieldTyping[] {
	const steps: FieldTyping[] = [];
	let text = '';
	let submit = false;
	const flush = () => {
		if (text !== '') steps.push({text});
		text = '';
	};
	for (const character of chunk) {
		if (character === '\r' || character === '\n') submit = true;
		else if (character === '\u007F' || character === '\b') {
			flush();
			steps.push({deleteBack: true});
		} else if (isPrintable(character)) text += character;
	}
	flush();
	if (submit) steps.push({submit: true});
	return steps;
}

function isPrintable(character: string): boolean {
	return (
		character >= ' ' && character !== '\u007F' && !(character >= '\u0080' && character <= '\u009F')
	);
}

/**
 * The key presses in one chunk of input, where keys typed while the guide was busy (or loading)
 * arrive together and are taken one by one, as typed. Where typing goes into a field, the chunk
 * stays whole: it is one paste.
 */
export function splitTypedAhead(
	input: string,
	key: KeyPress,
	typingGoesToField: boolean,
): [string, KeyPress][] {
	if (input.length <= 1 || key.ctrl || key.meta || typingGoesToField) return [[input, key]];
	return [...input].map((character) =>
		character === '\r' || character === '\n' ? ['', {return: true}] : [character, {}],
	);
}

/** Whether a chunk is a paste rather than one key. */
export function isPaste(input: string, key: KeyPress): boolean {
	return [...input].length > 1 && !key.ctrl && !key.meta;
}
