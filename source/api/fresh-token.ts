// The one way cc-token gets a usable access token: from the store, refreshed under the
// store's lock when it is about to expire (or when the API has just refused it), and only ever
// against the server that issued it.
// On the settings file, a token with time left is read from the file alone; the lock, the
// writer and the token client (which the store's refresh rules call through `refresh`) are
// loaded only when a refresh is really needed, keeping `cc-token api` quick. Any other store is
// opened (and its client loaded) only when selected.
import type {TokenSet} from '../auth/types.js';
import {ownEndpoints} from '../provider/constant-contact.js';
import type {CredentialStore} from '../store/credential-store.js';
import {defaultMinValidityMs, type FreshToken, storedFreshToken} from '../store/fresh-token.js';
import {storeLocation} from '../store/location.js';
import type {Profile} from '../store/profile.js';
import {readProfile} from '../store/read-store.js';
import {remoteStoreRequested} from '../store/store-address.js';
import {writeForPerson} from '../system/output-boundary.js';

async function refreshProfileTokens(profile: Profile): Promise<TokenSet> {
	const {refreshTokens} = await import('../auth/token-client.js');
	// Its own server's: the store has checked that no variable points elsewhere.
	return refreshTokens({
		endpoints: ownEndpoints(profile.server),
		apiKey: profile.apiKey,
		clientSecret: profile.clientSecret,
		refreshToken: profile.refreshToken ?? '',
	});
}

export interface FreshAccessTokenOptions {
	/** Renew even if the stored token has time left (`cc-token refresh`). */
	force?: boolean;
	/** The API has just refused the stored token: renew it, whatever time it has left. */
	accessTokenRefused?: boolean;
	/** Default: 5 minutes, as the store's. */
	minValidityMs?: number;
	/** Default: the store CC_TOKEN_STORE names, else the settings file. */
	store?: CredentialStore;
}

export async function freshAccessToken(
	profileName: string,
	options: FreshAccessTokenOptions = {},
): Promise<FreshToken> {
	const minValidityMs = options.minValidityMs ?? defaultMinValidityMs;
	const onSettingsFile =
		options.store === undefined && !remoteStoreRequested(process.env.CC_TOKEN_STORE);
	if (onSettingsFile && !options.force && !options.accessTokenRefused) {
		const location = storeLocation();
		const stored = storedFreshToken(readProfile(location, profileName), {
			minValidityMs,
			rescue: {store: location.file, name: profileName},
		});
		if (stored) return stored;
	}
	const [{getFreshAccessToken}, {openStore}] = await Promise.all([
		import('../store/fresh-token.js'),
		import('../store/open-store.js'),
	]);
	const fresh = await getFreshAccessToken(options.store ?? openStore(), profileName, {
		refresh: refreshProfileTokens,
		force: options.force,
		accessTokenRefused: options.accessTokenRefused,
		env: process.env,
		minValidityMs,
	});
	// Rescued or adopted tokens are news the person (or the host program's log) must get, and
	// only on stderr: standard output may be a token being captured.
	for (const notice of fresh.notices ?? []) writeForPerson(2, `cc-token: warning: ${notice}\n`);
	return fresh;
}
