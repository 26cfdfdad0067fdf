// Every key, in one place, for `?`.
import {Box, Text} from 'ink';

const keys: [string, string][] = [
	['← →', 'previous / next step'],
	['1–9, 0', 'jump to a step (0 is step 10)'],
	['↑ ↓', 'choose within a step (scopes, credentials, commands)'],
	['Enter', 'do what the step offers: type, toggle, start, copy'],
	['Tab', 'move between text fields; Esc leaves a field'],
	['Space', 'turn a scope on or off'],
	['o', 'open the step’s link in your browser'],
	['c', 'copy what the step shows (redirect URI, address, credential, command)'],
	['r', 'show or hide the tokens in step 9'],
	['s', 'start the sign-in again from any step'],
	['?', 'show or hide this help'],
	['q', 'quit (asks first while a sign-in waits); Ctrl+C quits at once'],
];

export function HelpOverlay() {
	return (
		// Kept whole: the pane cuts off what does not fit rather than squeezing lines together.
		<Box flexDirection="column" flexShrink={0}>
			<Text bold>Keys</Text>
			<Text> </Text>
			{keys.map(([key, meaning]) => (
				<Text key={key} wrap="truncate-end">
					<Text color="cyan">{key.padEnd(8)}</Text> {meaning}
				</Text>
			))}
			<Text> </Text>
			<Text dimColor>Press any key to close this help.</Text>
		</Box>
	);
}
