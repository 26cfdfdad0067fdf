// Step 4: the API key, checked as it is typed.
import {Box, Text} from 'ink';
import {Paragraph} from '../components/paragraph.js';
import {TextField} from '../components/text-field.js';
import {apiKeyCheck} from '../state.js';
import type {PaneProps} from './pane-props.js';

export function ApiKeyPane({state, setup, edit, submit}: PaneProps) {
	const check = apiKeyCheck(state);
	const typed = state.fields.apiKey.trim() !== '';
	return (
		<Box flexDirection="column">
			<TextField
				label="API key"
				value={state.fields.apiKey}
				focused={state.focus === 'apiKey'}
				placeholder="press Enter, then paste"
				onChange={(value) => edit('apiKey', value)}
				onSubmit={() => submit('apiKey')}
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
