// The bottom of the screen: the latest notice, the sign-in state (with its countdown) and the
// keys that work here. It owns the clock, so a tick re-renders only these lines.
import {Box, Text} from 'ink';
import {formatAccount} from '../../session/account.js';
import {describeTimeLeft} from '../../text/time.js';
import {useNow} from '../hooks/use-now.js';
import {fitHints, keyHints} from '../key-hints.js';
import type {GuideSetup} from '../services.js';
import type {GuideState, Tone} from '../state/guide-state.js';
import {stepNumber} from '../steps.js';
import {countdown} from './countdown.js';
import {Paragraph} from './paragraph.js';

const toneColor: Record<Tone, string> = {
	info: 'cyan',
	success: 'green',
	warning: 'yellow',
	error: 'red',
};

function SignInState({state, now}: {state: GuideState; now: number}) {
	const {signIn, credentials} = state;
	switch (signIn.phase) {
		case 'starting':
			return <Text color="cyan">◌ Starting the sign-in…</Text>;
		case 'waiting': {
			if (signIn.exchanging) {
				return <Text color="cyan">◌ Approved: exchanging the code for tokens…</Text>;
			}
			// The time left comes early: on a narrow screen the end of the line is cut off.
			const left =
				signIn.deadline === undefined ? '' : ` (${countdown(signIn.deadline, now)} left)`;
			if (signIn.way === 'device') {
				return signIn.device ? (
					<Text color="cyan">
						◌ Waiting{left} for the code {signIn.device.userCode} to be entered (step{' '}
						{stepNumber('sign-in')})
					</Text>
				) : (
					<Text color="cyan">◌ Asking Constant Contact for a code…</Text>
				);
			}
			return (
				<Text color="cyan">
					◌ Waiting{left} for the browser
					{signIn.listening
						? ` at ${signIn.listening}`
						: ` (paste its address in step ${stepNumber('sign-in')})`}
				</Text>
			);
		}
		case 'failed':
			return <Text color="red">✗ Sign-in failed: {signIn.message}</Text>;
		case 'idle': {
			if (!credentials?.accessToken) return <Text>○ Not signed in</Text>;
			const who = formatAccount(credentials.account) ?? `API key ${credentials.apiKey}`;
			const expiresAt = credentials.accessTokenExpiresAt;
			// The token's time comes before the name, which may be long and cut off.
			const left =
				expiresAt === undefined
					? ''
					: expiresAt > now
						? ` (token ${describeTimeLeft(expiresAt, now)} left)`
						: ` (token ${describeTimeLeft(expiresAt, now)}${credentials.refreshToken ? ': cc-token token renews it' : ''})`;
			return (
				<Text color="green">
					✓ Signed in{left} as {who}
				</Text>
			);
		}
	}
}

export function StatusBar({
	state,
	setup,
	now,
	width,
}: {
	state: GuideState;
	setup: GuideSetup;
	now: () => number;
	width: number;
}) {
	const ticking = state.signIn.phase === 'waiting' ? 1000 : 30_000;
	const time = useNow(now, ticking);
	const notice =
		state.overlay === 'confirm-quit'
			? {tone: 'warning' as const, text: 'A sign-in is still waiting. Quit anyway? (y/n)'}
			: state.notice;
	return (
		<Box flexDirection="column" flexShrink={0}>
			{notice ? (
				<Paragraph width={width} color={toneColor[notice.tone]} text={notice.text} />
			) : (
				<Text> </Text>
			)}
			<Box>
				<Text wrap="truncate-end">
					<SignInState state={state} now={time} />
				</Text>
			</Box>
			<Text wrap="truncate-end" dimColor>
				{fitHints(keyHints(state, setup), width)}
			</Text>
		</Box>
	);
}
