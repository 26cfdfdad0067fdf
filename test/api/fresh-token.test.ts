// The API's quick read of a stored token follows the store's own rule: a token with less than
// the store's default time left (5 minutes) is renewed, never handed out.
import {afterEach, beforeEach, expect, test} from 'vitest';
import {freshAccessToken} from '../../source/api/fresh-token.js';
import {defaultMinValidityMs} from '../../source/store/fresh-token.js';
import {apiKey, setUpTempStore, writeStoreFile} from '../helpers/temp-store.js';

const store = setUpTempStore();
const saved = {...process.env};
beforeEach(() => {
	process.env.CC_TOKEN_CONFIG_DIR = store.location.dir;
	// Nothing listens on port 9 of loopback: a renewal fails at once, which shows it was tried.
	process.env.CC_TOKEN_AUTH_URL = 'http://127.0.0.1:9/oauth2';
	delete process.env.CC_TOKEN_STORE;
});
afterEach(() => {
	process.env = {...saved};
});

function storeTokenWithLeft(ms: number): void {
	writeStoreFile(store.location, {
		default: {
			apiKey,
			accessToken: 'header.payload.signature',
			accessTokenExpiresAt: Date.now() + ms,
			refreshToken: 'refresh-token',
		},
	});
}

test('the quick path refreshes at the same time left as the store', async () => {
	storeTokenWithLeft(defaultMinValidityMs + 60_000);
	expect(await freshAccessToken('default')).toMatchObject({
		accessToken: 'header.payload.signature',
		refreshed: false,
	});

	storeTokenWithLeft(defaultMinValidityMs - 60_000);
	await expect(freshAccessToken('default')).rejects.toMatchObject({name: 'CcTokenError'});
});
