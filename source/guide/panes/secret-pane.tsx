// The secret step: the client secret, hidden as it is typed.
import {Box} from 'ink';
import {Paragraph} from '../components/paragraph.js';
import {TextField} from '../components/text-field.js';
import {clientSecret} from '../state/inputs.js';
import type {PaneProps} from './pane-props.js';

export function SecretPane({state, setup}: PaneProps) {
	return (
		<Box flexDirection="column">
			<TextField
				name="clientSecret"
				label="Secret"
				value={state.fields.clientSecret}
				focused={state.focus === 'clientSecret'}
				masked
				placeholder={state.kind === 'code' ? 'required: press Enter, then paste' : 'none'}
			/>
			<Paragraph
				dimColor
				text={
					clientSecret(state)
						? 'cc-token will send this secret with every token request.'
						: state.kind === 'code'
							? 'Without it, Constant Contact refuses this application’s sign-in.'
							: 'Without a secret, cc-token signs in as a public client with PKCE.'
				}
			/>
			{setup.demo ? (
				<Paragraph dimColor text="Demo: filled in with the demo application’s secret." />
			) : null}
		</Box>
	);
}
