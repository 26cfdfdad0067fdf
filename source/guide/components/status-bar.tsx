// The bottom of the screen: the latest notice, the sign-in state (with its countdown) and the
// keys that work here. It owns the clock, so a tick re-renders only these lines.
import {Box, Text} from 'ink';
import {describeTimeLeft} from '../../commands/output.js';
import {useNow} from '../hooks/use-now.js';
import {keyHints} from '../keys.js';
import {describeAccount, type GuideState, type Tone} from '../state.js';
import {Paragraph} from './paragraph.js';

const toneColor: Record<Tone, string> = {
	info: 'cyan',
	success: 'green',
	warning: 'yellow',
	error: 'red',
};

function countdown(deadline: number, now: number): string {
	const seconds = Math.max(0, Math.ceil((deadline - now) / 1000));
	return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')} left`;
}

function SignInState({state, now}: {state: GuideState; now: number}) {
	const {signIn, credentials} = state;
	switch (signIn.phase) {
		case 'starting':
			return <Text color="cyan">◌ Starting the sign-in…</Text>;
		case 'waiting':
			if (signIn.exchanging) {
				return <Text color="cyan">◌ Approved: exchanging the code for tokens…</Text>;
			}
			return (
				<Text color="cyan">
					◌ Waiting for the browser
					{signIn.listening ? ` at ${signIn.listening}` : ' (paste its address in step 8)'}
					{signIn.deadline === undefined ? '' : ` · ${countdown(signIn.deadline, now)}`}
				</Text>
			);
		case 'failed':
			return <Text color="red">✗ Sign-in failed: {signIn.message}</Text>;
		case 'idle': {
			if (!credentials?.accessToken) return <Text>○ Not signed in</Text>;
			const who = describeAccount(credentials.account) ?? `API key ${credentials.apiKey}`;
			const expiresAt = credentials.accessTokenExpiresAt;
			const left =
				expiresAt === undefined
					? ''
					: expiresAt > now
						? ` · token ${describeTimeLeft(expiresAt, now)} left`
						: ` · token ${describeTimeLeft(expiresAt, now)}${credentials.refreshToken ? ' (cc-token token renews it)' : ''}`;
			return (
				<Text color="green">
					✓ Signed in as {who}
					{left}
				</Text>
			);
		}
	}
}

export function StatusBar({
	state,
	now,
	width,
}: {
	state: GuideState;
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
				{keyHints(state)}
			</Text>
		</Box>
	);
}
