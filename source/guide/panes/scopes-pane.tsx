// The scopes step: the scopes, as a list of switches.
import {Box, Text} from 'ink';
import {useContext} from 'react';
import {allScopes, scopeDescriptions} from '../../provider/constant-contact.js';
import {Paragraph, TextWidth} from '../components/paragraph.js';
import {Revealed} from '../components/scroll-view.js';
import type {PaneProps} from './pane-props.js';

export function ScopesPane({state}: PaneProps) {
	const width = useContext(TextWidth);
	return (
		<Box flexDirection="column">
			{allScopes.map((scope, index) => {
				const selected = index === state.scopeCursor;
				const switchText = `${selected ? '› ' : '  '}${state.scopes[scope] ? '[x]' : '[ ]'} ${scope.padEnd(16)}`;
				return (
					<Revealed key={scope} active={selected}>
						<Box>
							<Box flexShrink={0}>
								<Text color={selected ? 'cyan' : undefined} bold={selected}>
									{switchText}
								</Text>
							</Box>
							<Paragraph
								dimColor
								width={width - switchText.length}
								text={scopeDescriptions[scope]}
							/>
						</Box>
					</Revealed>
				);
			})}
			{state.scopes.offline_access ? null : (
				<Box marginTop={1}>
					<Paragraph
						color="yellow"
						text="Without offline_access Constant Contact issues no refresh token, and says nothing: the access token dies after 24 hours and you must sign in again."
					/>
				</Box>
			)}
			{allScopes.some((scope) => state.scopes[scope]) ? null : (
				<Text color="yellow">Choose at least one scope.</Text>
			)}
		</Box>
	);
}
