// Every key, in one place, for `?`.
import {Box, Text} from 'ink';
import {useContext} from 'react';
import {Paragraph, TextWidth} from './paragraph.js';
import {ScrollHint, ScrollView} from './scroll-view.js';

const keys: [string, string][] = [
	['← →', 'previous / next step'],
	['1–9, 0', 'jump to a step (0 is step 10)'],
	['↑ ↓', 'choose within a step (scopes, credentials, commands), or scroll a long step'],
	['PgUp PgDn', 'scroll a step that does not fit the window'],
	['Enter', 'do what the step offers: type, toggle, start, copy'],
	['Tab', 'move between text fields; Esc leaves a field'],
	['Space', 'turn a scope on or off'],
	['o', 'open the step’s link in your browser'],
	['c', 'copy what the step shows (redirect URI, address, code, credential, command)'],
	['r', 'show or hide the tokens in step 9'],
	['s', 'sign in in the browser, from any step (again: start over)'],
	['d', 'sign in with a code on another device: no redirect URI needed'],
	['?', 'show or hide this help'],
	['q', 'quit (asks first while a sign-in waits); Ctrl+C quits at once'],
];

const keyColumn = 11;

export function HelpOverlay({
	scroll,
	overflow,
	onMeasure,
}: {
	scroll: number;
	overflow: number;
	onMeasure(rows: number, overflow: number): void;
}) {
	const width = useContext(TextWidth);
	return (
		<Box flexDirection="column" flexGrow={1} paddingX={1} rowGap={1}>
			<Box flexShrink={0}>
				<Box flexGrow={1}>
					<Text bold>Keys</Text>
				</Box>
				<ScrollHint scroll={scroll} overflow={overflow} />
			</Box>
			<ScrollView scroll={scroll} onMeasure={onMeasure}>
				<Box flexDirection="column">
					{keys.map(([key, meaning]) => (
						<Box key={key}>
							<Box width={keyColumn} flexShrink={0}>
								<Text color="cyan">{key}</Text>
							</Box>
							<Paragraph text={meaning} width={width - keyColumn} />
						</Box>
					))}
				</Box>
			</ScrollView>
			<Box flexShrink={0}>
				<Text dimColor wrap="truncate-end">
					Any other key closes this help.
				</Text>
			</Box>
		</Box>
	);
}
