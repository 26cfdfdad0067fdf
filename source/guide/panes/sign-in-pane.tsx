// The sign-in step: starts the sign-in and follows it. In the browser: the address, what the browser
// did, and a box for the address-bar URL while it waits. On another device: the code to enter.
import {Box, Text} from 'ink';
import {type AppKind, appKindPortalNames} from '../../provider/constant-contact.js';
import {LabelledRow} from '../components/labelled-row.js';
import {Paragraph} from '../components/paragraph.js';
import {TextField} from '../components/text-field.js';
import {hasTokens} from '../state/credentials.js';
import type {SignInVerdict, SignInWay} from '../state/guide-state.js';
import {apiKeyCheck, clientSecret, redirectUri, selectedScopes} from '../state/inputs.js';
import {signInBlocker} from '../state/readiness.js';
import {staleWarning} from '../state/stale.js';
import {stepNumber} from '../state/step-order.js';
import {DeviceSignIn} from './device-sign-in.js';
import type {PaneProps} from './pane-props.js';

const labelWidth = 14;

function Summary({state}: Pick<PaneProps, 'state'>) {
	const key = apiKeyCheck(state);
	const {kind} = state;
	const secret = clientSecret(state);
	const rows: [string, string][] = [
		[
			'Application',
			kind ? appKindPortalNames[kind] : `flow not said (step ${stepNumber('create-app')})`,
		],
		['API key', key.ok ? key.apiKey : '–'],
		[
			'Secret',
			kind === 'pkce' || kind === 'device'
				? 'none: a public client'
				: secret
					? 'set (hidden)'
					: kind === 'code'
						? 'missing'
						: 'none: PKCE',
		],
		['Redirect URI', kind === 'device' ? 'none: a code on another device' : redirectUri(state)],
		['Scopes', selectedScopes(state).join(' ')],
	];
	return (
		<Box flexDirection="column">
			{rows.map(([label, value]) => (
				<LabelledRow
					key={label}
					label={<Text dimColor>{label}</Text>}
					labelWidth={labelWidth}
					value={value}
				/>
			))}
		</Box>
	);
}

const otherWay: Record<SignInWay, string> = {
	browser: '`d` signs in with a code on another device instead.',
	device: '`s` signs in in the browser instead.',
};

function Failed({
	signIn,
	kind,
}: {
	signIn: Extract<PaneProps['state']['signIn'], {phase: 'failed'}>;
	kind: AppKind | undefined;
}) {
	return (
		<Box flexDirection="column" rowGap={1}>
			<Paragraph color="red" text={`✗ ${signIn.message}`} />
			{signIn.code === 'port_in_use' ? (
				// The engine's hint speaks of command-line flags; here the way out is a key away.
				<Box flexDirection="column">
					<Text>Ways out:</Text>
					<Paragraph
						indent={2}
						text="• close the program holding the port, then press Enter to try again;"
					/>
					<Paragraph
						indent={2}
						text={`• or press \`${stepNumber('redirect') % 10}\`, choose another port (Enter), register the new redirect URI on your application, and press \`s\`;`}
					/>
					{kind === undefined ? (
						<Paragraph
							indent={2}
							text="• or press `d` to sign in with a code on another device: no redirect URI needed."
						/>
					) : null}
				</Box>
			) : signIn.hint ? (
				<Paragraph text={signIn.hint} />
			) : null}
			<Paragraph
				color="cyan"
				text={
					kind === undefined ? `Enter tries again. ${otherWay[signIn.way]}` : 'Enter tries again.'
				}
			/>
		</Box>
	);
}

function readyText(state: PaneProps['state']): string {
	const again = hasTokens(state)
		? 'You are signed in. Enter or `s` signs in again (for another account, say)'
		: undefined;
	switch (state.kind) {
		case 'device':
			return again
				? `${again}, with a code entered on another device.`
				: 'Ready: press Enter or `s` for a code to enter on your phone or another computer.';
		case 'code':
		case 'pkce':
			return again ? `${again}.` : 'Ready: press Enter or `s` to sign in in your browser.';
		case undefined:
			return again
				? `${again}; \`d\` does it with a code on another device.`
				: 'Ready: press Enter or `s` to sign in in your browser, or `d` to sign in with a code on another device (a Device Flow app).';
	}
}

/** The server's answers before the sign-in, in one line: what was checked and held. */
function verdictLine(verdict: SignInVerdict | undefined): string | undefined {
	if (!verdict) return undefined;
	const held = [
		verdict.apiKey === 'known' ? 'the API key is known' : undefined,
		verdict.kind && verdict.kind in appKindPortalNames
			? `the application uses the ${appKindPortalNames[verdict.kind as AppKind]}`
			: undefined,
		verdict.redirectUri === 'registered' ? 'the redirect URI is registered' : undefined,
	].filter((part): part is string => part !== undefined);
	return held.length > 0 ? `✓ Checked with Constant Contact: ${held.join(', ')}.` : undefined;
}

export function SignInPane(props: PaneProps) {
	const stale = staleWarning(props.state);
	const pane = <SignInPhase {...props} />;
	if (!stale) return pane;
	return (
		<Box flexDirection="column" rowGap={1}>
			<Paragraph color="yellow" text={`⚠ ${stale}`} />
			{pane}
		</Box>
	);
}

function SignInPhase({state, now}: PaneProps) {
	const {signIn} = state;
	const verdict = verdictLine(state.signInVerdict);
	switch (signIn.phase) {
		case 'idle': {
			const blocker = signInBlocker(state);
			if (blocker) {
				const deviceOnly = state.kind === undefined && signInBlocker(state, 'device') === undefined;
				return (
					<Paragraph
						color="yellow"
						text={
							deviceOnly
								? `${blocker} Or press \`d\` to sign in with a code on another device.`
								: blocker
						}
					/>
				);
			}
			return (
				<Box flexDirection="column" rowGap={1}>
					<Summary state={state} />
					<Paragraph color="cyan" text={readyText(state)} />
				</Box>
			);
		}
		case 'starting':
			return <Text color="cyan">Starting the sign-in…</Text>;
		case 'failed':
			return <Failed signIn={signIn} kind={state.kind} />;
		case 'waiting':
			if (signIn.way === 'device') {
				return signIn.device ? (
					<DeviceSignIn device={signIn.device} rows={state.pane.rows} now={now} />
				) : (
					<Text color="cyan">Asking Constant Contact for a code…</Text>
				);
			}
			// The address and the paste box come first: on a small screen the rest scrolls.
			return (
				<Box flexDirection="column" rowGap={1}>
					{signIn.authorizeUrl ? (
						<Box flexDirection="column">
							<Paragraph text="Sign in at this address: `o` opens it, `c` copies it, `w` shows it whole to select with the mouse." />
							{/* One line, never wrapped inside the border: a selection would pick up │. */}
							<Text color="cyan" wrap="truncate-end">
								{signIn.authorizeUrl}
							</Text>
						</Box>
					) : null}
					{signIn.exchanging ? (
						<Text color="cyan">Approved: exchanging the code for tokens…</Text>
					) : (
						<Box flexDirection="column">
							<TextField
								name="paste"
								label="Address bar"
								value={state.fields.paste}
								focused={state.focus === 'paste'}
								placeholder="press Enter, then paste"
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
						</Box>
					)}
					{signIn.browser ? <Paragraph dimColor text={signIn.browser} /> : null}
					{verdict ? <Paragraph color="green" text={verdict} /> : null}
					{state.kind === undefined ? (
						<Paragraph dimColor text={`No browser on this computer? ${otherWay.browser}`} />
					) : null}
				</Box>
			);
	}
}
