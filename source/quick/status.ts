// `cc-token status` from the settings file (see cli.ts); --verify and the Redis store are
// the command's (commands/status.ts).
import {printStatus, profilesToShow} from '../commands/support/status-report.js';
import {checkProfiles} from '../store/profile.js';
import {readStoreDocument} from '../store/read-store.js';
import {remoteStoreRequested} from '../store/store-address.js';
import {reportingErrors} from './answer.js';
import {parseQuickArguments, stringOption} from './arguments.js';
import {quickIo} from './io.js';

/**
 * The answer without --verify, as an exit code; undefined when `run` is needed (--verify,
 * --help, a store other than the settings file). Synchronous and network-free, so that the
 * entry point can give it without loading the rest of cc-token.
 */
export function printStoredStatus(argv: string[]): number | undefined {
	const args = parseQuickArguments(argv, 'status');
	if (
		!args ||
		args.verify ||
		remoteStoreRequested(stringOption(args.store) ?? process.env.CC_TOKEN_STORE)
	) {
		return undefined;
	}
	const io = quickIo();
	// One read of the settings file, for both the profiles and the one in use.
	const document = readStoreDocument(io.location);
	const shown = profilesToShow(
		io,
		{kind: 'file', where: io.location.file},
		checkProfiles(document?.profiles ?? {}),
		stringOption(args.profile),
		() => document,
	);
	return printStatus(io, shown, new Map(), args.json === true);
}

export const answer = reportingErrors(printStoredStatus);
