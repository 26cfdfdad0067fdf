// Every key, in one place, for `?`: listed from the binding table the router uses.
import {Box, Text} from 'ink';
import {useContext} from 'react';
import {type KeyBinding, keyBindings} from '../key-bindings.js';
import {Paragraph, TextWidth} from './paragraph.js';
import {ScrollHint, ScrollView} from './scroll-view.js';

const keyColumn = 14;

const sections: {title: string; shows(binding: KeyBinding): boolean}[] = [
	{title: 'Keys', shows: (binding) => binding.context !== 'field'},
	{title: 'In a text field', shows: (binding) => binding.context === 'field'},
];

/** The help's rows: one per binding with help text; bindings sharing a text share a row. */
function rows(shows: (binding: KeyBinding) => boolean): [string, string][] {
	const listed: [string, string][] = [];
	for (const binding of keyBindings) {
		if (!binding.help || !shows(binding)) continue;
		const same = listed.find(([, help]) => help === binding.help);
		if (same) same[0] = `${same[0]} ${binding.label}`;
		else listed.push([binding.label, binding.help]);
	}
	return listed;
}

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
				{sections.map((section, index) => (
					<Box key={section.title} flexDirection="column">
						{index > 0 ? <Text bold>{section.title}</Text> : null}
						{rows(section.shows).map(([key, meaning]) => (
							<Box key={key}>
								<Box width={keyColumn} flexShrink={0}>
									<Text color="cyan">{key}</Text>
								</Box>
								<Paragraph text={meaning} width={width - keyColumn} />
							</Box>
						))}
					</Box>
				))}
			</ScrollView>
			<Box flexShrink={0}>
				<Text dimColor wrap="truncate-end">
					Any other key closes this help.
				</Text>
			</Box>
		</Box>
	);
}
