// The one way commands get a usable access token: from the store, refreshed under the
// cross-process lock when it is about to expire. The token client (and got with it) is loaded
// only when a refresh is really needed, keeping `cc-token token` fast.
import type {TokenSet} from '../auth/types.js';
import {endpointsFrom} from '../provider/constant-contact.js';
import {getFreshAccessToken, type Profile, storeLocation} from '../store/index.js';

async function refreshProfileTokens(profile: Profile): Promise<TokenSet> {
	const {refreshTokens} = await import('../auth/token-client.js');
	return refreshTokens({
		endpoints: endpointsFrom(),
		clientId: profile.apiKey,
		clientSecret: profile.clientSecret,
		refreshToken: profile.refreshToken ?? '',
	});
}

export function freshAccessToken(profileName: string, options: {force?: boolean} = {}) {
	return getFreshAccessToken(storeLocation(), profileName, {
		refresh: refreshProfileTokens,
		force: options.force,
	});
}
