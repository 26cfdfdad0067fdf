// A one-line text field on ink-text-input. Paste arrives as one chunk that may end in a line
// break: the break is stripped and counts as Enter.
import {Box, Text} from 'ink';
import TextInput from 'ink-text-input';
import {cleanTypedText} from '../keys.js';

export interface TextFieldProps {
	label: string;
	value: string;
	focused: boolean;
	/** Shown as • per character, for secrets. */
	masked?: boolean;
	placeholder?: string;
	onChange(value: string): void;
	onSubmit(): void;
}

export function TextField({
	label,
	value,
	focused,
	masked,
	placeholder,
	onChange,
	onSubmit,
}: TextFieldProps) {
	// A long value (a pasted address) shows its end, where the cursor is, on one line.
	return (
		<Box>
			<Box flexShrink={0}>
				<Text color={focused ? 'cyan' : undefined} bold={focused}>
					{focused ? '› ' : '  '}
					{label}:{' '}
				</Text>
			</Box>
			<Box flexGrow={1} flexShrink={1} minWidth={1}>
				<Text wrap="truncate-start">
					<TextInput
						value={value}
						focus={focused}
						mask={masked ? '•' : undefined}
						placeholder={focused ? '' : (placeholder ?? 'press Enter to type')}
						onChange={(next) => {
							const {text, submitted} = cleanTypedText(next);
							if (text !== value) onChange(text);
							if (submitted) onSubmit();
						}}
					/>
				</Text>
			</Box>
		</Box>
	);
}
