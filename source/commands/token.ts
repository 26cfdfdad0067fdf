// `cc-token token`: prints a valid access token and nothing else, for `$(cc-token token)`,
// refreshing it when needed (the entry point answers a token with time left itself:
// quick/token.ts). Whatever a script should know but not capture (a refresh token about to
// die unused, a refresh that failed while the old token still works) goes to stderr.
import {toCcTokenError} from '../errors.js';
import type {CredentialStore} from '../store/index.js';
import {reportError, writeToken} from '../system/output-boundary.js';
import {describeMoment} from '../text/time.js';
import {parseCommandArguments} from './parse.js';
import {freshAccessToken} from './support/fresh-token.js';
import {commandHelp} from './support/help.js';
import type {CommandIo} from './support/io.js';
import {printHelp} from './support/output.js';
import {commandStore} from './support/process-io.js';
import {profileName} from './support/profile-name.js';
import {warn, warnIfRefreshTokenDying} from './support/token-warnings.js';

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

export async function run(argv: string[], io: CommandIo): Promise<number> {
	let name: string | undefined;
	let store: CredentialStore | undefined;
	try {
		const args = parseCommandArguments(argv, 'token');
		if (args.help) return printHelp(io, commandHelp('token'));
		name = profileName(args, io);
		store = commandStore(io, args.store);
		const {accessToken, profile} = await freshAccessToken(name, {store});
		writeToken(accessToken, name);
		warnIfRefreshTokenDying(io, name, profile);
		return 0;
	} catch (error) {
		const fallback =
			name === undefined || store === undefined ? undefined : await stillValidToken(store, name);
		if (!fallback || name === undefined) return reportError(error);
		writeToken(fallback.accessToken, name);
		const reason = toCcTokenError(error)
			.toText()
			.replace(/\s*\n\s*/g, ' ');
		warn(
			io,
			`the access token could not be refreshed, so this is the old one, still valid until ${describeMoment(fallback.expiresAt)}. ${reason}`,
		);
		return 0;
	}
}
