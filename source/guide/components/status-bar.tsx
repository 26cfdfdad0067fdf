// The bottom of the screen: the latest notice, the sign-in state (with its countdown) and the
// keys that work here. It owns the clock, so a tick re-renders only these lines.
import {Box, Text} from 'ink';
import {formatAccount} from '../../store/index.js';
import {describeTimeLeft} from '../../text/time.js';
import {useNow} from '../hooks/use-now.js';
import {fitHints, keyHints} from '../key-hints.js';
import type {GuideSetup} from '../services.js';
import type {GuideState, Tone} from '../state/guide-state.js';
import {isSignInRunning} from '../state/sign-in-state.js';
import {staleInputs} from '../state/stale.js';
import {stepNumber} from '../state/step-order.js';
import {countdown} from './countdown.js';
import {Paragraph} from './paragraph.js';

const toneColor: Record<Tone, string> = {
	info: 'cyan',
	success: 'green',
	warning: 'yellow',
	error: 'red',
};

/** The first of these lines that fits the width (the last one when none does): a line is cut
 * short by leaving a part out, never inside a value (an e-mail, an address). */
function firstThatFits(width: number, lines: string[]): string {
	return lines.find((line) => [...line].length <= width) ?? lines.at(-1)!;
}

/** What the stored credentials are worth right now. */
function StoredCredentials({
	state,
	now,
	width,
	after = '',
}: {
	state: GuideState;
	now: number;
	width: number;
	after?: string;
}) {
	const {credentials} = state;
	if (!credentials?.accessToken) return null;
	const expiresAt = credentials.accessTokenExpiresAt;
	// The token's time comes before the name, which is left out first when the line is long.
	const left =
		expiresAt === undefined
			? ''
			: expiresAt > now
				? ` (token ${describeTimeLeft(expiresAt, now)} left)`
				: ` (token ${describeTimeLeft(expiresAt, now)}${credentials.refreshToken ? ': cc-token token renews it' : ''})`;
	const start = `✓ Signed in${left}`;
	const who = firstThatFits(
		width - [...start, ...after].length,
		[
			formatAccount(credentials.account) ?? `API key ${credentials.apiKey}`,
			formatAccount(credentials.account && {...credentials.account, organization: undefined}) ?? '',
			credentials.account?.name ?? '',
			'',
		].map((name) => (name ? ` as ${name}` : '')),
	);
	return (
		<Text color="green">
			{start}
			{after ? <Text color="yellow">{after}</Text> : null}
			{who}
		</Text>
	);
}

function SignInState({state, now, width}: {state: GuideState; now: number; width: number}) {
	const {signIn, credentials} = state;
	const stale = staleInputs(state).length > 0;
	if (stale) {
		return (
			<Text color="yellow">
				⚠ The running sign-in uses the old {staleInputs(state)[0]?.replace(/^the /, '')}: s starts
				again
			</Text>
		);
	}
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
						{firstThatFits(width, [
							`◌ Waiting${left} for the code ${signIn.device.userCode} to be entered (step ${stepNumber('sign-in')})`,
							`◌ Waiting${left} for the code ${signIn.device.userCode} to be entered`,
							`◌ Waiting${left} for the code ${signIn.device.userCode}`,
						])}
					</Text>
				) : (
					<Text color="cyan">◌ Asking Constant Contact for a code…</Text>
				);
			}
			const pasteIt = ` (paste its address in step ${stepNumber('sign-in')})`;
			return (
				<Text color="cyan">
					{firstThatFits(width, [
						`◌ Waiting${left} for the browser${signIn.listening ? ` at ${signIn.listening}` : pasteIt}`,
						`◌ Waiting${left} for the browser${pasteIt}`,
						`◌ Waiting${left} for the browser`,
					])}
				</Text>
			);
		}
		case 'failed':
			// Saved credentials still hold after a failed new attempt: the line says both.
			return credentials?.accessToken ? (
				<StoredCredentials
					state={state}
					now={now}
					width={width}
					after=" · the last sign-in failed"
				/>
			) : (
				<Text color="red">✗ Sign-in failed: {signIn.message}</Text>
			);
		case 'idle':
			return credentials?.accessToken ? (
				<StoredCredentials state={state} now={now} width={width} />
			) : (
				<Text>○ Not signed in</Text>
			);
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
			? {
					tone: 'warning' as const,
					text: isSignInRunning(state)
						? 'A sign-in is still waiting. Quit anyway? (y/n)'
						: 'Quit? (y/n)',
				}
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
					<SignInState state={state} now={time} width={width} />
				</Text>
			</Box>
			<Text wrap="truncate-end" dimColor>
				{fitHints(keyHints(state, setup), width)}
			</Text>
		</Box>
	);
}
