// The API key step: the key, checked as it is typed.
import {Box, Text} from 'ink';
import {Paragraph} from '../components/paragraph.js';
import {TextField} from '../components/text-field.js';
import {apiKeyCheck} from '../state/inputs.js';
import type {PaneProps} from './pane-props.js';

export function ApiKeyPane({state, setup}: PaneProps) {
	const check = apiKeyCheck(state);
	const typed = state.fields.apiKey.trim() !== '';
	return (
		<Box flexDirection="column">
			<TextField
				name="apiKey"
				label="API key"
				value={state.fields.apiKey}
				focused={state.focus === 'apiKey'}
				placeholder="press Enter, then paste"
			/>
			{check.ok ? (
				<Text color="green">✓ That is an API key.</Text>
			) : typed ? (
				<Paragraph color="yellow" text={`✗ ${check.problem}`} />
			) : null}
			{setup.demo ? (
				<Paragraph dimColor text="Demo: filled in with the demo application’s API key." />
			) : null}
		</Box>
	);
}
