// The last step: the lines that put the token to work (in the demo, the way on), each copyable.
import {Box, Text} from 'ink';
import {Paragraph} from '../components/paragraph.js';
import {Revealed} from '../components/scroll-view.js';
import {lastStepCommands} from '../steps.js';
import type {PaneProps} from './pane-props.js';

export function UseItPane({state, setup}: PaneProps) {
	return (
		<Box flexDirection="column" rowGap={1}>
			{lastStepCommands(state, setup).map((line, index) => {
				const selected = index === state.commandCursor;
				return (
					<Revealed key={line.command} active={selected}>
						<Box paddingLeft={2}>
							<Paragraph dimColor indent={2} text={line.label} />
						</Box>
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
					</Revealed>
				);
			})}
		</Box>
	);
}
