// The Redis store's lock and fence against a real redis-server: a lock another holder keeps is
// waited for and then refused (never gone on without), a token past its end is refreshed, and a
// save fenced on a refresh token another process has replaced does not land.
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import type {TokenSet} from '../../source/auth/types.js';
import {isCcTokenError} from '../../source/errors.js';
import type {CredentialStore} from '../../source/store/credential-store.js';
import {getFreshAccessToken, type Profile} from '../../source/store/index.js';
import {redisStore} from '../../source/store/redis/redis-store.js';
import {parseStoreAddress, type RedisAddress} from '../../source/store/store-address.js';
import {type RedisServer, startRedisServer} from '../helpers/redis-server.js';
import {apiKey} from '../helpers/temp-store.js';

let redis: RedisServer;
let store: CredentialStore;
beforeAll(async () => {
	redis = await startRedisServer();
});
afterAll(() => redis.close());
beforeEach(async () => {
	redis.cli('FLUSHALL');
	store = await redisStore(parseStoreAddress(redis.url()) as RedisAddress, {lockWaitMs: 1_500});
});
afterEach(() => store.close());

const now = Date.now();
const signedIn: Profile = {
	apiKey,
	accessToken: 'at-old',
	accessTokenExpiresAt: now - 60_000,
	refreshToken: 'rt-old',
};
const fresh = (accessToken: string, refreshToken: string): TokenSet => ({
	accessToken,
	refreshToken,
	tokenType: 'Bearer',
	expiresAt: now + 86_400_000,
	scopes: [],
	receivedAt: now,
});

describe('the Redis lock', () => {
	it('waits for a holder, then refuses with lock_timeout and runs nothing unlocked', async () => {
		redis.cli('SET', 'mutex:cc-token:lock:default', 'another-holder', 'PX', '60000');
		let ran = false;

		const error = await store
			.withProfileLock('default', async () => {
				ran = true;
			})
			.then(
				() => undefined,
				(e: unknown) => e,
			);

		expect(ran).toBe(false);
		expect(isCcTokenError(error) && error.code).toBe('lock_timeout');
		expect(String((error as Error).message)).toBe(
			`Another cc-token has held the lock on profile “default” in ${redis.url()} for over 2 seconds.`,
		);
	});

	it('tells its holder when the lease was taken over', async () => {
		const held = await store.withProfileLock('default', async (lock) => {
			const before = await lock.stillHeld();
			redis.cli('SET', 'mutex:cc-token:lock:default', 'the-next-holder');
			return [before, await lock.stillHeld()];
		});
		expect(held).toEqual([true, false]);
	});
});

describe('a refresh through the Redis store', () => {
	it('refreshes an access token that has already expired', async () => {
		await store.saveProfile('default', signedIn);
		const result = await getFreshAccessToken(store, 'default', {
			refresh: async () => fresh('at-new', 'rt-new'),
		});
		expect(result).toMatchObject({accessToken: 'at-new', refreshed: true});
		expect(await store.readProfile('default')).toMatchObject({refreshToken: 'rt-new'});
	});

	it('never writes over a refresh token another process saved meanwhile', async () => {
		await store.saveProfile('default', signedIn);
		const theirs = {
			...signedIn,
			accessToken: 'at-theirs',
			accessTokenExpiresAt: now + 86_400_000,
			refreshToken: 'rt-theirs',
		};
		const result = await getFreshAccessToken(store, 'default', {
			refresh: async () => {
				redis.cli('HSET', 'cc-token:profiles', 'default', JSON.stringify(theirs));
				return fresh('at-mine', 'rt-mine');
			},
		});
		expect(result).toMatchObject({accessToken: 'at-theirs', refreshed: false});
		expect(await store.readProfile('default')).toEqual(theirs);
	});
});
