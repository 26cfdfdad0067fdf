// The credentials step: what the sign-in produced, hidden until asked for, each copyable.
import {Box, Text} from 'ink';
import {describeMoment} from '../../text/time.js';
import {LabelledRow} from '../components/labelled-row.js';
import {Paragraph} from '../components/paragraph.js';
import {Revealed} from '../components/scroll-view.js';
import {credentialRows} from '../state/credentials.js';
import {stepNumber} from '../state/step-order.js';
import type {PaneProps} from './pane-props.js';

const labelWidth = 16;

function hidden(value: string): string {
	return `${'•'.repeat(12)} (${value.length} characters, r shows)`;
}

function shortened(value: string): string {
	return value.length > 24 ? `${value.slice(0, 24)}…` : value;
}

export function CredentialsPane({state, setup, now}: PaneProps) {
	const rows = credentialRows(state);
	if (rows.length === 0) {
		return (
			<Paragraph
				color="yellow"
				text={`Nothing yet: sign in first (step ${stepNumber('sign-in')}, or press s).`}
			/>
		);
	}
	const expiresAt = state.credentials?.accessTokenExpiresAt;
	return (
		<Box flexDirection="column">
			{rows.map((row, index) => {
				const selected = index === state.credentialCursor;
				// The expiry in local time with its zone; copying it gives the exact moment.
				const shown =
					row.label === 'Expires' && expiresAt !== undefined
						? describeMoment(expiresAt, {now: now()})
						: !row.secret
							? row.value
							: state.revealed
								? shortened(row.value)
								: hidden(row.value);
				return (
					<Revealed key={row.label} active={selected}>
						<LabelledRow
							label={
								<Text color={selected ? 'cyan' : undefined} bold={selected}>
									{selected ? '› ' : '  '}
									{row.label}
								</Text>
							}
							labelWidth={labelWidth}
							value={shown}
						/>
					</Revealed>
				);
			})}
			<Box marginTop={1}>
				<Paragraph
					dimColor
					text="`c` copies the chosen value. No clipboard? `w` shows every value whole, one per line, to select with the mouse."
				/>
			</Box>
			<Box marginTop={1}>
				<Paragraph
					dimColor
					text={
						setup.demo
							? 'Demo: saved in a temporary folder that is removed when you quit.'
							: `Saved to profile “${setup.profileName}” in ${setup.storeFile}, readable only by you.`
					}
				/>
			</Box>
		</Box>
	);
}
