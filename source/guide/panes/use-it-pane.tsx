// Step 10: the lines that put the token to work, each copyable.
import {Box, Text} from 'ink';
import {Paragraph} from '../components/paragraph.js';
import {usageCommands} from '../steps.js';
import type {PaneProps} from './pane-props.js';

export function UseItPane({state, setup}: PaneProps) {
	return (
		<Box flexDirection="column">
			{usageCommands(setup.profileName).map((line, index) => {
				const selected = index === state.commandCursor;
				return (
					<Box key={line.command} flexDirection="column" marginBottom={1}>
						<Text dimColor wrap="truncate-end">
							{'  '}
							{line.label}
						</Text>
						<Box>
							<Text color={selected ? 'cyan' : undefined} bold={selected}>
								{selected ? '› ' : '  '}
							</Text>
							<Paragraph
								color={selected ? 'cyan' : undefined}
								bold={selected}
								indent={2}
								text={line.command}
							/>
						</Box>
					</Box>
				);
			})}
			{setup.demo ? (
				<Paragraph
					dimColor
					text="Demo: these credentials disappear when you quit. Run cc-token without “demo” for your own account."
				/>
			) : null}
		</Box>
	);
}
