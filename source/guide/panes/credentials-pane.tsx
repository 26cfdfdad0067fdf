// The credentials step: what the sign-in produced, hidden until asked for, each copyable.
import {Box, Text} from 'ink';
import {useContext} from 'react';
import {describeTimeLeft} from '../../text/time.js';
import {Paragraph, TextWidth} from '../components/paragraph.js';
import {Revealed} from '../components/scroll-view.js';
import {credentialRows} from '../state/credentials.js';
import {stepNumber} from '../steps.js';
import type {PaneProps} from './pane-props.js';

const labelWidth = 16;

function hidden(value: string): string {
	return `${'•'.repeat(12)} (${value.length} characters, r shows)`;
}

function shortened(value: string): string {
	return value.length > 24 ? `${value.slice(0, 24)}…` : value;
}

export function CredentialsPane({state, setup, now}: PaneProps) {
	const width = useContext(TextWidth);
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
	const selectedRow = rows[state.credentialCursor];
	return (
		<Box flexDirection="column">
			{rows.map((row, index) => {
				const selected = index === state.credentialCursor;
				const shown = !row.secret
					? row.value
					: state.revealed
						? shortened(row.value)
						: hidden(row.value);
				const extra =
					row.label === 'Expires' && expiresAt !== undefined
						? ` (${describeTimeLeft(expiresAt, now())}${expiresAt > now() ? ' left' : ''})`
						: '';
				return (
					<Revealed key={row.label} active={selected}>
						<Box>
							<Box width={labelWidth} flexShrink={0}>
								<Text color={selected ? 'cyan' : undefined} bold={selected}>
									{selected ? '› ' : '  '}
									{row.label}
								</Text>
							</Box>
							<Paragraph width={width - labelWidth} text={`${shown}${extra}`} />
						</Box>
					</Revealed>
				);
			})}
			{selectedRow?.secret && state.revealed ? (
				// A token is too long for its row: the selected one is shown whole below the list.
				<Box marginTop={1} flexDirection="column">
					<Text dimColor>{selectedRow.label}:</Text>
					<Paragraph text={selectedRow.value} />
				</Box>
			) : null}
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
