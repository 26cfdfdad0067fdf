// Step 7: the scopes, as a list of switches.
import {Box, Text} from 'ink';
import {allScopes, scopeDescriptions} from '../../provider/constant-contact.js';
import {Paragraph} from '../components/paragraph.js';
import type {PaneProps} from './pane-props.js';

export function ScopesPane({state}: PaneProps) {
	return (
		<Box flexDirection="column">
			{allScopes.map((scope, index) => {
				const selected = index === state.scopeCursor;
				return (
					<Text key={scope} wrap="truncate-end">
						<Text color={selected ? 'cyan' : undefined} bold={selected}>
							{selected ? '› ' : '  '}
							{state.scopes[scope] ? '[x]' : '[ ]'} {scope.padEnd(15)}
						</Text>
						<Text dimColor> {scopeDescriptions[scope]}</Text>
					</Text>
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
