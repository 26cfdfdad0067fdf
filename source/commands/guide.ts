// `cc-token` (or `cc-token guide`): the full-screen guide to an API key and access token.
// Checks for a terminal before loading Ink, which would otherwise fail on raw mode.
import {isCcTokenError} from '../errors.js';
import {endpointsFrom, portalUrl} from '../provider/constant-contact.js';
import type {Profile} from '../store/index.js';
import {checkProfileName} from '../store/index.js';
import {writeTerminalSequence} from '../system/output-boundary.js';
import {notATerminalMessage} from '../system/terminal.js';
import {parseCommandArguments} from './parse.js';
import {commandHelp} from './support/help.js';
import type {CommandIo} from './support/io.js';
import {printHelp} from './support/output.js';
import {commandStore} from './support/process-io.js';
import {profileName as chosenProfile} from './support/profile-name.js';

/**
 * Readies the terminal for a full-screen run, or says why it cannot and returns exit code 2.
 * Takes the keys raw at once, before the guide has loaded: otherwise keys pressed in the
 * meantime are echoed over its screen and held back as one line until Enter. Node restores the
 * terminal's mode when the process ends.
 */
export function claimTerminal(io: CommandIo): number | undefined {
	if (!(io.stdin.isTTY && io.stdout.isTTY)) {
		io.stderr.write(`${notATerminalMessage()}\n`);
		return 2;
	}
	(io.stdin as NodeJS.ReadStream).setRawMode(true);
	return undefined;
}

export async function run(argv: string[], io: CommandIo): Promise<number> {
	const args = parseCommandArguments(argv, 'guide');
	if (args.help) return printHelp(io, commandHelp('guide'));
	const refused = claimTerminal(io);
	if (refused !== undefined) return refused;
	const profileName = chosenProfile(args, io);
	checkProfileName(profileName);
	// Ink and the guide load while the store is read: the first frame waits for both.
	const loading = Promise.all([
		import('../guide/launch.js'),
		import('../guide/services.js'),
		import('../guide/state/guide-state.js'),
	]);
	const store = commandStore(io, args.store);

	// A damaged store must not keep the guide from starting: it has already been moved aside,
	// and the guide says so and lets the person sign in again.
	let stored: Profile | undefined;
	let problem: string | undefined;
	try {
		stored = await store.readProfile(profileName);
	} catch (error) {
		if (!isCcTokenError(error)) throw error;
		problem = error.toText().replace(/\s*\n\s*/g, ' ');
	}

	const [{launchGuide}, {createGuideServices}, {createInitialState, prefillFrom}] = await loading;
	const endpoints = endpointsFrom(io.env);
	return launchGuide({
		services: createGuideServices({
			env: io.env,
			store,
			profileName,
			endpoints,
			noBrowser: args['no-browser'],
			writeToTerminal: writeTerminalSequence,
		}),
		setup: {profileName, storeFile: store.where, portalUrl, apiBaseUrl: endpoints.apiBase},
		initial: createInitialState({
			...prefillFrom(io.env, stored),
			notice: problem ? {tone: 'error', text: problem} : undefined,
		}),
	});
}
