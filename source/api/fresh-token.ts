// The one way cc-token gets a usable access token: from the store, refreshed under the
// store's lock when it is about to expire (or when the API has just refused it), and only ever
// against the server that issued it.
// On the settings file, a token with time left is read from the file alone; the lock, the
// writer and the token client (which the store's refresh rules call through `refresh`) are
// loaded only when a refresh is really needed, keeping `cc-token api` quick. Any other store is
// opened (and its client loaded) only when selected.
import type {TokenSet} from '../auth/types.js';
import {endpointsFrom, serverOf} from '../provider/constant-contact.js';
import type {CredentialStore} from '../store/credential-store.js';
import {defaultMinValidityMs, type FreshToken, storedFreshToken} from '../store/fresh-token.js';
import {storeLocation} from '../store/location.js';
import type {Profile} from '../store/profile.js';
import {readProfiles} from '../store/read-store.js';
import {remoteStoreRequested} from '../store/store-address.js';

async function refreshProfileTokens(profile: Profile): Promise<TokenSet> {
	const {refreshTokens} = await import('../auth/token-client.js');
	return refreshTokens({
		endpoints: endpointsFrom(),
		apiKey: profile.apiKey,
		clientSecret: profile.clientSecret,
		refreshToken: profile.refreshToken ?? '',
	});
}

export interface FreshAccessTokenOptions {
	/** Renew even if the stored token has time left (the API has just refused it). */
	force?: boolean;
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
	if (onSettingsFile && !options.force) {
		const stored = storedFreshToken(readProfiles(storeLocation()), profileName, {minValidityMs});
		if (stored) return stored;
	}
	const [{getFreshAccessToken}, {openStore}] = await Promise.all([
		import('../store/fresh-token.js'),
		import('../store/open-store.js'),
	]);
	return getFreshAccessToken(options.store ?? openStore(), profileName, {
		refresh: refreshProfileTokens,
		force: options.force,
		server: serverOf(endpointsFrom()),
		minValidityMs,
	});
}
