// The create-app step: the three flows the portal offers, one of which the application has.
import {Box, Text} from 'ink';
import {useContext} from 'react';
import {Paragraph, TextWidth} from '../components/paragraph.js';
import {Revealed} from '../components/scroll-view.js';
import {kindChoices, kindOrder} from '../steps.js';
import type {PaneProps} from './pane-props.js';

const markWidth = 6;

export function KindPane({state}: PaneProps) {
	const width = useContext(TextWidth);
	return (
		<Box flexDirection="column" rowGap={1}>
			{kindOrder.map((kind, index) => {
				const selected = index === state.kindCursor;
				const chosen = state.kind === kind;
				return (
					<Revealed key={kind} active={selected}>
						<Box>
							<Box width={markWidth} flexShrink={0}>
								<Text color={selected ? 'cyan' : undefined} bold={selected}>
									{selected ? '› ' : '  '}
									{chosen ? '(•)' : '( )'}
								</Text>
							</Box>
							<Paragraph
								width={width - markWidth}
								bold
								color={selected ? 'cyan' : undefined}
								text={kindChoices[kind].portal}
							/>
						</Box>
						<Box paddingLeft={markWidth}>
							<Paragraph dimColor width={width - markWidth} text={kindChoices[kind].when} />
						</Box>
					</Revealed>
				);
			})}
		</Box>
	);
}
