// The few lines left on the normal screen when the guide ends: after a sign-in, who, which
// profile, where it is saved and the command to use next; in the demo, the way on; after
// Ctrl+C, one line saying what was kept. Wrapped by word to the terminal's width, so that the
// terminal never breaks a word or a command.

import {formatAccount} from '../store/index.js';
import {wrapWords} from './components/paragraph.js';
import type {GuideSetup} from './services.js';
import type {GuideState} from './state/guide-state.js';
import {demoOnward} from './steps.js';

/** A line that is too long goes on below, indented under its start. */
function wrapped(line: string, width: number, hanging = 2): string[] {
	if ([...line].length <= width) return [line];
	const indent = line.length - line.trimStart().length;
	const [first = '', ...rest] = wrapWords(line.trimStart(), Math.max(20, width - indent - hanging));
	return [' '.repeat(indent) + first, ...rest.map((each) => ' '.repeat(indent + hanging) + each)];
}

/** "lead command    what it does", or the command alone and its words below when that is long. */
function commandLines(lead: string, command: string, what: string, width: number): string[] {
	const oneLine = `${lead}${command}    ${what}`;
	if ([...oneLine].length <= width) return [oneLine];
	return [`${lead}${command}`.trimEnd(), ...wrapped(' '.repeat(lead.length + 2) + what, width, 0)];
}

export function quitSummary(
	state: GuideState,
	setup: GuideSetup,
	exitCode: number,
	columns: number,
): string[] | undefined {
	// The last column stays free: a line that fills it leaves some terminals about to wrap.
	const width = columns - 1;
	const profile = state.credentials;
	const signedIn = state.signedInHere && profile?.accessToken !== undefined;
	const who = profile && (formatAccount(profile.account) ?? `API key ${profile.apiKey}`);
	if (exitCode !== 0) {
		// Ctrl+C: one line, as `cc-token login` leaves one.
		const kept =
			signedIn && !setup.demo
				? `Cancelled; the sign-in is saved in profile “${setup.profileName}”.`
				: 'Cancelled; nothing was saved.';
		return wrapped(kept, width);
	}
	const lines: string[] = [];
	if (signedIn) lines.push(...wrapped(`✓ Signed in as ${who}`, width));
	if (setup.demo) {
		lines.push(
			...wrapped(
				signedIn
					? '  Demo: the credentials were kept in a temporary folder, now removed.'
					: '  Demo: nothing was kept.',
				width,
			),
		);
		const longest = Math.max(...demoOnward.map(({command}) => command.length));
		for (const [index, {command, summary}] of demoOnward.entries()) {
			const lead = index === 0 ? '  Go on: ' : '         ';
			lines.push(...commandLines(lead, command.padEnd(longest), summary, width));
		}
		return lines;
	}
	if (!signedIn) return undefined;
	const option = setup.profileName === 'default' ? '' : ` --profile ${setup.profileName}`;
	lines.push(
		...wrapped(`  Profile “${setup.profileName}”, saved in ${setup.storeFile}`, width),
		...commandLines(
			'  Next: ',
			`cc-token token${option}`,
			'prints a fresh access token whenever one is needed',
			width,
		),
		...commandLines(
			'        ',
			`eval "$(cc-token env${option})"`,
			'puts the API key and token in your shell',
			width,
		),
	);
	return lines;
}
