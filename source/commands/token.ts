// `cc-token token`: prints a valid access token and nothing else, for `$(cc-token token)`.
// Whatever a script should know but not capture (a refresh token about to die unused, a
// refresh that failed while the old token still works) goes to stderr as a warning.
import {reportError, toCcTokenError} from '../errors.js';
import {refreshTokenIdleLifetimeDays} from '../provider/constant-contact.js';
import {
	type CredentialStore,
	openStore,
	type Profile,
	refreshTokenDiesAt,
	remoteStoreRequested,
	storedFreshToken,
	storeLocation,
} from '../store/index.js';
import {describeMoment} from '../text/time.js';
import {parseCommandArguments} from './arguments.js';
import {freshAccessToken} from './fresh-token.js';
import {commandHelp} from './help.js';
import {print, printHelp} from './output.js';
import {profileName} from './profile-name.js';

const dayMs = 86_400_000;
/** Warn this long before a refresh token dies unused. */
const idleWarningMs = 14 * dayMs;

function warn(text: string): void {
	process.stderr.write(`cc-token: warning: ${text}\n`);
}

function warnIfRefreshTokenDying(name: string, profile: Profile, now = Date.now()): void {
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
		const args = parseCommandArguments(argv, 'token');
		if (args.help || remoteStoreRequested(args.store ?? process.env.CC_TOKEN_STORE)) {
			return undefined;
		}
		const name = profileName(args);
		const stored = storedFreshToken(storeLocation(), name);
		if (!stored) return undefined;
		print(stored.accessToken);
		warnIfRefreshTokenDying(name, stored.profile);
		return 0;
	} catch (error) {
		return reportError(error, {oneLine: true});
	}
}

/** The stored access token when a refresh failed but it has not expired yet. */
async function stillValidToken(
	store: CredentialStore,
	name: string,
): Promise<{accessToken: string; expiresAt: number} | undefined> {
	try {
		const profile = await store.readProfile(name);
		const {accessToken, accessTokenExpiresAt} = profile ?? {};
		return accessToken && accessTokenExpiresAt && accessTokenExpiresAt > Date.now()
			? {accessToken, expiresAt: accessTokenExpiresAt}
			: undefined;
	} catch {
		return undefined;
	}
}

export async function run(argv: string[]): Promise<number> {
	let name: string | undefined;
	let store: CredentialStore | undefined;
	try {
		const args = parseCommandArguments(argv, 'token');
		if (args.help) return printHelp(commandHelp('token'));
		name = profileName(args);
		store = openStore(args.store);
		const {accessToken, profile} = await freshAccessToken(name, {store});
		print(accessToken);
		warnIfRefreshTokenDying(name, profile);
		return 0;
	} catch (error) {
		const fallback =
			name === undefined || store === undefined ? undefined : await stillValidToken(store, name);
		if (!fallback) return reportError(error, {oneLine: true});
		print(fallback.accessToken);
		const reason = toCcTokenError(error)
			.toText()
			.replace(/\s*\n\s*/g, ' ');
		warn(
			`the access token could not be refreshed, so this is the old one, still valid until ${describeMoment(fallback.expiresAt)}. ${reason}`,
		);
		return 0;
	}
}
