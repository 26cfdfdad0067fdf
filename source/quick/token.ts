// `cc-token token` answered from the settings file alone, while the stored token has time
// left: what the entry point runs (see cli.ts). It imports only what that needs, straight from
// the store's modules, and nothing loaded later (the build refuses it in the entry's bundles).
import {warnIfRefreshTokenDying} from '../commands/support/token-warnings.js';
import {storedFreshToken} from '../store/fresh-token.js';
import {chooseProfile} from '../store/profile-choice.js';
import {documentProfile, readStoreDocument} from '../store/read-store.js';
import {remoteStoreRequested} from '../store/store-address.js';
import {writeToken} from '../system/output-boundary.js';
import {reportingErrors} from './answer.js';
import {parseQuickArguments, stringOption} from './arguments.js';
import {quickIo} from './io.js';

/**
 * The answer when the stored token still has 5 minutes left, as an exit code; undefined when
 * `run` is needed (a refresh, a missing profile, --help, a store other than the settings
 * file). Synchronous and network-free, so that the entry point can give it without loading the
 * rest of cc-token.
 */
export function printStoredToken(argv: string[]): number | undefined {
	const args = parseQuickArguments(argv, 'token');
	if (!args || remoteStoreRequested(stringOption(args.store) ?? process.env.CC_TOKEN_STORE)) {
		return undefined;
	}
	const io = quickIo();
	// One read of the settings file, for both the profile in use and its token.
	const document = readStoreDocument(io.location);
	const {name} = chooseProfile(stringOption(args.profile), io.location, io.env, () => document);
	const stored = storedFreshToken(documentProfile(document, name, io.location), {
		rescue: {store: io.location.file, name},
	});
	if (!stored) return undefined;
	writeToken(stored.accessToken, name);
	warnIfRefreshTokenDying(io, name, stored.profile);
	return 0;
}

export const answer = reportingErrors(printStoredToken);
