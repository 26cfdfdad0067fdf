// Step 8: starts the sign-in, shows the address and what the browser did, and takes a pasted
// address-bar URL while it waits.
import {Box, Text} from 'ink';
import {Paragraph} from '../components/paragraph.js';
import {TextField} from '../components/text-field.js';
import {
	apiKeyCheck,
	clientSecret,
	hasTokens,
	redirectUri,
	selectedScopes,
	signInBlocker,
} from '../state.js';
import type {PaneProps} from './pane-props.js';

function Summary({state}: Pick<PaneProps, 'state'>) {
	const key = apiKeyCheck(state);
	const rows: [string, string][] = [
		['API key', key.ok ? key.apiKey : '–'],
		['Secret', clientSecret(state) ? 'set (hidden)' : 'none: PKCE'],
		['Redirect URI', redirectUri(state)],
		['Scopes', selectedScopes(state).join(' ')],
	];
	return (
		<Box flexDirection="column">
			{rows.map(([label, value]) => (
				<Text key={label} wrap="truncate-end">
					<Text dimColor>{label.padEnd(14)}</Text>
					{value}
				</Text>
			))}
		</Box>
	);
}

export function SignInPane({state, edit, submit}: PaneProps) {
	const {signIn} = state;
	switch (signIn.phase) {
		case 'idle': {
			const blocker = signInBlocker(state);
			if (blocker) return <Paragraph color="yellow" text={blocker} />;
			return (
				<Box flexDirection="column">
					<Summary state={state} />
					<Box marginTop={1}>
						<Paragraph
							color="cyan"
							text={
								hasTokens(state)
									? 'You are signed in. Enter or s signs in again (for another account, say).'
									: 'Ready: press Enter or s to sign in.'
							}
						/>
					</Box>
				</Box>
			);
		}
		case 'starting':
			return <Text color="cyan">Starting the sign-in…</Text>;
		case 'failed':
			return (
				<Box flexDirection="column">
					<Paragraph color="red" text={`✗ ${signIn.message}`} />
					{signIn.hint ? <Paragraph text={signIn.hint} /> : null}
					<Box marginTop={1}>
						<Text color="cyan">Enter or s tries again.</Text>
					</Box>
				</Box>
			);
		case 'waiting':
			// The address and the paste box come first: on a small screen the rest is cut off.
			return (
				<Box flexDirection="column">
					{signIn.authorizeUrl ? (
						<>
							<Paragraph text="Sign in at this address (`o` opens it, `c` copies it):" />
							<Paragraph color="cyan" text={signIn.authorizeUrl} />
						</>
					) : null}
					<Box marginTop={1} flexDirection="column">
						{signIn.exchanging ? (
							<Text color="cyan">Approved: exchanging the code for tokens…</Text>
						) : (
							<>
								<TextField
									label="Address bar"
									value={state.fields.paste}
									focused={state.focus === 'paste'}
									placeholder="press Enter, then paste"
									onChange={(value) => edit('paste', value)}
									onSubmit={() => submit('paste')}
								/>
								{signIn.pasteProblem ? (
									<Paragraph color="yellow" text={`✗ ${signIn.pasteProblem}`} />
								) : null}
								<Paragraph
									dimColor
									text={
										signIn.listening
											? `Log in and click Allow: the answer comes back to ${signIn.listening} by itself. If your browser ends on a page that does not load, paste that page’s address above.`
											: 'Log in and click Allow. Your browser then ends on a page that does not load: paste the whole address from its address bar above.'
									}
								/>
							</>
						)}
					</Box>
					{signIn.browser ? (
						<Box marginTop={1}>
							<Paragraph dimColor text={signIn.browser} />
						</Box>
					) : null}
				</Box>
			);
	}
}
