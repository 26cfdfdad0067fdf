// A one-line text field. ink-text-input takes what is typed into it: the value, the cursor
// (← →), Backspace and Enter, through its onSubmit. Around it: the label, the value (masked
// for a secret) while the field is not focused, Ctrl+U, and a cursor mark without colours.
import {Box, Text, useStdin} from 'ink';
import TextInput from 'ink-text-input';
import {createContext, useContext, useEffect} from 'react';
import {colorChoice} from '../../text/color.js';
import {clearLineEvent} from '../input/filtered-stdin.js';
import type {FieldName} from '../state/guide-state.js';

/** What typing into a field does to the guide: given by the app, used by every field. */
export interface FieldInput {
	change(field: FieldName, value: string): void;
	submit(field: FieldName): void;
}

export const FieldInput = createContext<FieldInput>({change() {}, submit() {}});

// Without colours (NO_COLOR) inverse video is dropped too, and ink-text-input's cursor with
// it: the field then keeps the cursor at the end (its showCursor off) and a mark shows it.
const cursorMark = '▏';
const maskCharacter = '•';

export interface TextFieldProps {
	name: FieldName;
	label: string;
	value: string;
	focused: boolean;
	/** Shown as • per character, for secrets. */
	masked?: boolean;
	placeholder?: string;
}

function FocusedInput({name, value, masked}: Pick<TextFieldProps, 'name' | 'value' | 'masked'>) {
	const {change, submit} = useContext(FieldInput);
	const {stdin} = useStdin();
	// Ctrl+U arrives as an event of the filtered stdin, never as a key (filtered-stdin.ts).
	useEffect(() => {
		const clear = () => change(name, '');
		stdin.on(clearLineEvent, clear);
		return () => {
			stdin.off(clearLineEvent, clear);
		};
	}, [stdin, change, name]);
	const plain = colorChoice([], process.env) === 'never';
	return (
		<Text>
			<TextInput
				value={value}
				mask={masked ? maskCharacter : undefined}
				showCursor={!plain}
				onChange={(next) => change(name, next)}
				// The guide's own key handler sees this Enter too, before or after this one: the
				// field is submitted once every handler has seen the key, so the guide still finds
				// the field focused and leaves the Enter to it (the step a submission moves to
				// would otherwise take the same Enter as its own).
				onSubmit={() => queueMicrotask(() => submit(name))}
			/>
			{plain ? cursorMark : ''}
		</Text>
	);
}

export function TextField({name, label, value, focused, masked, placeholder}: TextFieldProps) {
	const prefix = `${focused ? '› ' : '  '}${label}: `;
	const shownValue = masked ? maskCharacter.repeat(value.length) : value;
	return (
		<Box>
			<Box flexShrink={0}>
				<Text color={focused ? 'cyan' : undefined} bold={focused}>
					{prefix}
				</Text>
			</Box>
			<Box flexGrow={1} flexShrink={1} minWidth={1}>
				{focused ? (
					// Mounted on focus: the cursor starts at the end of what the field holds.
					<FocusedInput name={name} value={value} masked={masked} />
				) : shownValue === '' ? (
					<Text dimColor>{placeholder ?? 'press Enter to type'}</Text>
				) : (
					<Text wrap="truncate-start">{shownValue}</Text>
				)}
			</Box>
		</Box>
	);
}
