// A sign-in saves the server it was made with, and never replaces a profile holding another
// server's sign-in: the guide's save and login's go through the same step.
import {expect, it} from 'vitest';
import type {TokenSet} from '../../source/auth/types.js';
import {endpointsFrom} from '../../source/provider/constant-contact.js';
import {storeCompletionSteps} from '../../source/session/complete.js';
import {fileStore} from '../../source/store/index.js';
import {failure} from '../helpers/failure.js';
import {apiKey, readJson, setUpTempStore, writeStoreFile} from '../helpers/temp-store.js';

const temp = setUpTempStore();

const emulator = endpointsFrom({
	CC_TOKEN_AUTH_URL: 'http://127.0.0.1:4000/oauth2/default/v1',
	CC_TOKEN_API_URL: 'http://127.0.0.1:4000/v3',
});
const tokens: TokenSet = {
	accessToken: 'new.access.token',
	tokenType: 'Bearer',
	expiresAt: Date.now() + 86_400_000,
	refreshToken: 'new-refresh',
	scopes: ['account_read', 'offline_access'],
	receivedAt: Date.now(),
};

it('records the server with the tokens', async () => {
	const saved = await storeCompletionSteps(fileStore(temp.location), 'default', emulator).save(
		{apiKey},
		tokens,
	);
	expect(saved.server).toEqual({
		authBaseUrl: 'http://127.0.0.1:4000/oauth2/default/v1',
		apiBaseUrl: 'http://127.0.0.1:4000/v3',
	});
});

it('refuses to replace another server’s sign-in, and leaves it as it was', async () => {
	const real = {
		apiKey,
		accessToken: 'real.access.token',
		refreshToken: 'real-refresh',
		server: {
			authBaseUrl: 'https://authz.constantcontact.com/oauth2/default/v1',
			apiBaseUrl: 'https://api.cc.email/v3',
		},
	};
	writeStoreFile(temp.location, {default: real});
	const error = await failure(
		storeCompletionSteps(fileStore(temp.location), 'default', emulator).save({apiKey}, tokens),
	);
	expect(error.code).toBe('bad_input');
	expect(error.message).toContain(
		'Profile “default” holds a sign-in to https://authz.constantcontact.com',
	);
	expect(readJson(temp.location.file)).toMatchObject({profiles: {default: real}});
});
