// The one way cc-token gets a usable access token: from the store, refreshed under the
// cross-process lock when it is about to expire (or when the API has just refused it), and
// only ever against the server that issued it. The token client is loaded only when a refresh
// is really needed.
import type {TokenSet} from '../auth/types.js';
import {endpointsFrom, serverOf} from '../provider/constant-contact.js';
import {
	getFreshAccessToken,
	type Profile,
	type StoreLocation,
	storeLocation,
} from '../store/index.js';

async function refreshProfileTokens(profile: Profile): Promise<TokenSet> {
	const {refreshTokens} = await import('../auth/token-client.js');
	return refreshTokens({
		endpoints: endpointsFrom(),
		clientId: profile.apiKey,
		clientSecret: profile.clientSecret,
		refreshToken: profile.refreshToken ?? '',
	});
}

export function freshAccessToken(
	profileName: string,
	options: {force?: boolean; minValidityMs?: number; location?: StoreLocation} = {},
) {
	return getFreshAccessToken(options.location ?? storeLocation(), profileName, {
		refresh: refreshProfileTokens,
		force: options.force,
		server: serverOf(endpointsFrom()),
		...(options.minValidityMs === undefined ? {} : {minValidityMs: options.minValidityMs}),
	});
}
