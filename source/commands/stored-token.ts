// `cc-token token` answered from the settings file alone, while the stored token has time
// left: what the entry point runs (see cli.ts). It imports only what that needs, straight from
// the store's modules, and nothing loaded later (the build refuses it in the entry's bundles).
// Whatever a script should know but not capture goes to stderr as a warning.
import {refreshTokenIdleLifetimeDays} from '../provider/constant-contact.js';
import {storedFreshToken} from '../store/fresh-token.js';
import {storeLocation} from '../store/location.js';
import {type Profile, refreshTokenDiesAt} from '../store/profile.js';
import {chooseProfile} from '../store/profile-choice.js';
import {readStoreDocument} from '../store/read-store.js';
import {remoteStoreRequested} from '../store/store-address.js';
import {reportError, writeToken} from '../system/output-boundary.js';
import {describeMoment} from '../text/time.js';
import {say} from './output.js';
import {parseQuickArguments, stringOption} from './quick-arguments.js';

const dayMs = 86_400_000;
/** Warn this long before a refresh token dies unused. */
const idleWarningMs = 14 * dayMs;

export function warn(text: string): void {
	say(`cc-token: warning: ${text}`);
}

export function warnIfRefreshTokenDying(name: string, profile: Profile, now = Date.now()): void {
	const diesAt = refreshTokenDiesAt(profile);
	if (diesAt === undefined || diesAt - now > idleWarningMs) return;
	warn(
		diesAt > now
			? `the refresh token of profile “${name}” dies unused ${describeMoment(diesAt, {now})}: run \`cc-token refresh\` before then to keep it.`
			: `the refresh token of profile “${name}” has probably died after ${refreshTokenIdleLifetimeDays} days unused; sign in again when the access token expires.`,
	);
}

/**
 * The answer when the stored token still has 5 minutes left, as an exit code; undefined when
 * `run` is needed (a refresh, a missing profile, --help, a store other than the settings
 * file). Synchronous and network-free, so that the entry point can give it without loading the
 * rest of cc-token.
 */
export function printStoredToken(argv: string[]): number | undefined {
	try {
		const args = parseQuickArguments(argv, 'token');
		if (!args || remoteStoreRequested(stringOption(args.store) ?? process.env.CC_TOKEN_STORE)) {
			return undefined;
		}
		const location = storeLocation();
		// One read of the settings file, for both the profile in use and its token.
		const document = readStoreDocument(location);
		const {name} = chooseProfile(stringOption(args.profile), location, process.env, () => document);
		const stored = storedFreshToken(document?.profiles ?? {}, name);
		if (!stored) return undefined;
		writeToken(stored.accessToken, name);
		warnIfRefreshTokenDying(name, stored.profile);
		return 0;
	} catch (error) {
		return reportError(error, {oneLine: true});
	}
}
