import {existsSync, mkdirSync, rmSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import type {TokenSet} from '../../source/auth/types.js';
import {CcTokenError} from '../../source/errors.js';
import {
	fileStore,
	getFreshAccessToken,
	type Profile,
	profileFromTokens,
} from '../../source/store/index.js';
import {readProfile} from '../../source/store/read-store.js';
import {withStoreLock} from '../../source/store/store-lock.js';
import {saveProfile} from '../../source/store/write-store.js';
import {describeClockTime, describeMoment} from '../../source/text/time.js';
import {apiKey, makeTempStore, modeOf, type TempStore, writeStoreFile} from './temp-store.js';

let store: TempStore;
beforeEach(() => {
	store = makeTempStore();
});
afterEach(() => store.remove());

const now = 1_750_000_000_000;
const minute = 60_000;
const clock = () => now;

const signedIn: Profile = {
	apiKey,
	clientSecret: 'client-secret-value',
	redirectUri: 'http://localhost:47325/callback',
	scopes: ['account_read', 'offline_access'],
	accessToken: 'at-old',
	accessTokenExpiresAt: now + minute,
	refreshToken: 'rt-old',
	account: {email: 'ada@example.com'},
};

function tokens(accessToken: string, refreshToken: string | undefined): TokenSet {
	return {
		accessToken,
		tokenType: 'Bearer',
		expiresAt: now + 24 * 60 * minute,
		...(refreshToken === undefined ? {} : {refreshToken}),
		scopes: ['account_read', 'offline_access'],
		receivedAt: now,
	};
}

/** A refresh function that records what it was given and answers as told. */
function refresher(answer: (profile: Profile) => Promise<TokenSet>) {
	const calls: Profile[] = [];
	const refresh = (profile: Profile) => {
		calls.push(profile);
		return answer(profile);
	};
	return {calls, refresh};
}

async function failureOf(promise: Promise<unknown>): Promise<CcTokenError> {
	const error = await promise.then(
		() => {
			throw new Error('expected a failure');
		},
		(e: unknown) => e,
	);
	expect(error).toBeInstanceOf(CcTokenError);
	return error as CcTokenError;
}

describe('the fast path', () => {
	it('returns a token with enough time left without refreshing or touching the lock', async () => {
		writeStoreFile(store.location, {
			default: {...signedIn, accessTokenExpiresAt: now + 60 * minute},
		});
		// Another cc-token holds the lock: a call that took it would wait.
		const lockPath = join(store.location.dir, 'config.lock');
		mkdirSync(lockPath);
		const lockTime = statSync(lockPath).mtimeMs;
		const {calls, refresh} = refresher(async () => tokens('at-new', 'rt-new'));

		const result = await getFreshAccessToken(fileStore(store.location), 'default', {
			refresh,
			now: clock,
		});

		expect(result).toMatchObject({accessToken: 'at-old', refreshed: false});
		expect(result.expiresAt).toBe(now + 60 * minute);
		expect(calls).toEqual([]);
		expect(statSync(lockPath).mtimeMs).toBe(lockTime);
	});

	it('honours minValidityMs', async () => {
		writeStoreFile(store.location, {
			default: {...signedIn, accessTokenExpiresAt: now + 10 * minute},
		});
		const {calls, refresh} = refresher(async () => tokens('at-new', 'rt-new'));
		const relaxed = await getFreshAccessToken(fileStore(store.location), 'default', {
			refresh,
			now: clock,
		});
		expect(relaxed.refreshed).toBe(false);
		const strict = await getFreshAccessToken(fileStore(store.location), 'default', {
			refresh,
			now: clock,
			minValidityMs: 15 * minute,
		});
		expect(strict).toMatchObject({accessToken: 'at-new', refreshed: true});
		expect(calls).toHaveLength(1);
	});
});

describe('refreshing', () => {
	it('saves the new tokens, then returns them, learning that the refresh token rotates', async () => {
		writeStoreFile(store.location, {default: signedIn});
		const {calls, refresh} = refresher(async () => {
			// The marker is on disk before the network call.
			expect(readProfile(store.location, 'default')?.pendingRefresh).toEqual({startedAt: now});
			return tokens('at-new', 'rt-new');
		});

		// What is on disk the moment the caller is handed the tokens: already the new ones.
		const {result, onDiskWhenReturned} = await getFreshAccessToken(
			fileStore(store.location),
			'default',
			{
				refresh,
				now: clock,
			},
		).then((answer) => ({
			result: answer,
			onDiskWhenReturned: readProfile(store.location, 'default'),
		}));

		expect(calls).toEqual([signedIn]);
		expect(onDiskWhenReturned?.accessToken).toBe('at-new');
		expect(result).toMatchObject({
			accessToken: 'at-new',
			expiresAt: now + 24 * 60 * minute,
			refreshed: true,
		});
		const stored = readProfile(store.location, 'default');
		expect(stored).toEqual({
			...signedIn,
			accessToken: 'at-new',
			accessTokenExpiresAt: now + 24 * 60 * minute,
			refreshToken: 'rt-new',
			refreshTokenKind: 'rotating',
			lastRefreshAt: now,
		});
		expect(result.profile).toEqual(stored);
		expect(modeOf(store.location.file)).toBe(0o600);
	});

	it('learns a long-lived refresh token when the same one comes back', async () => {
		writeStoreFile(store.location, {default: signedIn});
		const {refresh} = refresher(async () => tokens('at-new', 'rt-old'));
		await getFreshAccessToken(fileStore(store.location), 'default', {refresh, now: clock});
		expect(readProfile(store.location, 'default')).toMatchObject({
			refreshToken: 'rt-old',
			refreshTokenKind: 'long-lived',
		});
	});

	it('keeps the refresh token when the answer carries none', async () => {
		writeStoreFile(store.location, {default: signedIn});
		const {refresh} = refresher(async () => tokens('at-new', undefined));
		await getFreshAccessToken(fileStore(store.location), 'default', {refresh, now: clock});
		const stored = readProfile(store.location, 'default');
		expect(stored?.refreshToken).toBe('rt-old');
		expect(stored).not.toHaveProperty('refreshTokenKind');
	});

	it('refreshes a still-valid token when forced', async () => {
		writeStoreFile(store.location, {
			default: {...signedIn, accessTokenExpiresAt: now + 600 * minute},
		});
		const {calls, refresh} = refresher(async () => tokens('at-new', 'rt-new'));
		const result = await getFreshAccessToken(fileStore(store.location), 'default', {
			refresh,
			now: clock,
			force: true,
		});
		expect(result).toMatchObject({accessToken: 'at-new', refreshed: true});
		expect(calls).toHaveLength(1);
	});

	it('re-reads after taking the lock and uses the token another process just saved', async () => {
		writeStoreFile(store.location, {default: signedIn});
		const {calls, refresh} = refresher(async () => tokens('at-mine', 'rt-mine'));
		let openGate = () => {};
		const gate = new Promise<void>((resolve) => {
			openGate = resolve;
		});
		// Stands in for another process: holds the lock, refreshes, saves, lets go.
		const other = withStoreLock(store.location, async () => {
			await gate;
			await saveProfile(store.location, 'default', (current) => ({
				...current!,
				accessToken: 'at-theirs',
				accessTokenExpiresAt: now + 24 * 60 * minute,
				refreshToken: 'rt-theirs',
			}));
		});
		// Give the other holder time to take the lock before this call looks at the file.
		while (!existsSync(join(store.location.dir, 'config.lock')))
			await new Promise((r) => setTimeout(r, 5));

		const mine = getFreshAccessToken(fileStore(store.location), 'default', {refresh, now: clock});
		openGate();
		await other;
		const result = await mine;

		expect(result).toMatchObject({accessToken: 'at-theirs', refreshed: false});
		expect(calls).toEqual([]);
		expect(readProfile(store.location, 'default')?.refreshToken).toBe('rt-theirs');
	});
});

describe('when the refresh token is refused', () => {
	const invalidGrant = () =>
		Promise.reject(new CcTokenError('invalid_grant', 'The refresh token is invalid or expired.'));

	it('removes the dead tokens, keeps the API key and the rest, and asks for a new sign-in', async () => {
		writeStoreFile(store.location, {work: {...signedIn, refreshTokenKind: 'rotating'}});
		const {refresh} = refresher(invalidGrant);

		const error = await failureOf(
			getFreshAccessToken(fileStore(store.location), 'work', {refresh, now: clock}),
		);

		expect(error.code).toBe('refresh_failed');
		expect(error.exitCode).toBe(3);
		expect(error.message).toContain('new sign-in is needed');
		expect(error.hint).toContain('cc-token login --profile work');
		expect(error.toText()).not.toMatch(/at-old|rt-old|client-secret/);
		const {accessToken, accessTokenExpiresAt, refreshToken, ...kept} = signedIn;
		expect(readProfile(store.location, 'work')).toEqual({...kept, refreshTokenKind: 'rotating'});

		const again = await failureOf(
			getFreshAccessToken(fileStore(store.location), 'work', {refresh, now: clock}),
		);
		expect(again.code).toBe('not_signed_in');
	});

	it('explains a refresh that an earlier process started and never finished', async () => {
		const startedAt = now - 3 * minute;
		writeStoreFile(store.location, {default: {...signedIn, pendingRefresh: {startedAt}}});
		const {refresh} = refresher(invalidGrant);

		const error = await failureOf(
			getFreshAccessToken(fileStore(store.location), 'default', {refresh, now: clock}),
		);

		expect(error.code).toBe('refresh_failed');
		expect(error.message).toContain(
			`A refresh was interrupted ${describeClockTime(startedAt, {now: startedAt})}; Constant Contact had already replaced the refresh token, so this one no longer works.`,
		);
		expect(error.hint).toBe('Sign in again: cc-token login');
		expect(readProfile(store.location, 'default')).not.toHaveProperty('pendingRefresh');
	});
});

describe('when the refresh fails otherwise', () => {
	it('passes a network failure on unchanged and keeps the marker, as the server may have rotated', async () => {
		writeStoreFile(store.location, {default: signedIn});
		const failure = new CcTokenError(
			'request_timeout',
			'Constant Contact did not answer in 30 seconds.',
		);
		const {refresh} = refresher(() => Promise.reject(failure));

		await expect(
			getFreshAccessToken(fileStore(store.location), 'default', {refresh, now: clock}),
		).rejects.toBe(failure);

		expect(readProfile(store.location, 'default')).toEqual({
			...signedIn,
			pendingRefresh: {startedAt: now},
		});
	});

	it('passes a server refusal on unchanged and clears its marker, as nothing rotated', async () => {
		const earlier = {startedAt: now - 60 * minute};
		writeStoreFile(store.location, {default: {...signedIn, pendingRefresh: earlier}});
		const failure = new CcTokenError('invalid_client', 'The API key or secret was not accepted.');
		const {refresh} = refresher(() => Promise.reject(failure));

		await expect(
			getFreshAccessToken(fileStore(store.location), 'default', {refresh, now: clock}),
		).rejects.toBe(failure);

		// The earlier, unexplained interruption is still on record.
		expect(readProfile(store.location, 'default')).toEqual({...signedIn, pendingRefresh: earlier});
	});

	it('throws refresh_token_lost, printing no token, when the rotated tokens cannot be saved', async () => {
		writeStoreFile(store.location, {default: signedIn});
		const {refresh} = refresher(async () => {
			// The disk goes bad between the request and the save.
			rmSync(store.location.file);
			mkdirSync(store.location.file);
			return tokens('at-new', 'rt-new');
		});

		const error = await failureOf(
			getFreshAccessToken(fileStore(store.location), 'default', {refresh, now: clock}),
		);

		expect(error.code).toBe('refresh_token_lost');
		expect(error.exitCode).toBe(3);
		expect(error.message).toContain(store.location.file);
		expect(error.message).toContain('new sign-in is needed');
		expect(error.hint).toContain('cc-token login');
		expect(JSON.stringify(error.toJSON())).not.toMatch(/at-new|rt-new|at-old|rt-old/);
	});

	it('reports a plain save failure when the refresh token did not change, as it still works', async () => {
		writeStoreFile(store.location, {default: signedIn});
		const {refresh} = refresher(async () => {
			rmSync(store.location.file);
			mkdirSync(store.location.file);
			return tokens('at-new', 'rt-old');
		});
		const error = await failureOf(
			getFreshAccessToken(fileStore(store.location), 'default', {refresh, now: clock}),
		);
		expect(error.code).toBe('config_unwritable');
		expect(error.toText()).not.toMatch(/at-new|rt-old/);
	});
});

describe('when there is nothing to refresh with', () => {
	const refresh = () => Promise.reject(new Error('must not be called'));

	it('says not_signed_in, naming the command, when there is no file', async () => {
		const error = await failureOf(
			getFreshAccessToken(fileStore(store.location), 'default', {refresh}),
		);
		expect(error.code).toBe('not_signed_in');
		expect(error.message).toContain('no profile “default”');
		expect(error.hint).toContain('cc-token login');
	});

	it('lists the profiles there are when the one asked for is missing', async () => {
		writeStoreFile(store.location, {default: signedIn, home: signedIn});
		const error = await failureOf(
			getFreshAccessToken(fileStore(store.location), 'work', {refresh}),
		);
		expect(error.code).toBe('not_signed_in');
		expect(error.message).toContain('Profiles there: default, home.');
		expect(error.hint).toContain('cc-token login --profile work');
	});

	it('says not_signed_in for a profile that holds only its API key', async () => {
		writeStoreFile(store.location, {default: {apiKey}});
		const error = await failureOf(
			getFreshAccessToken(fileStore(store.location), 'default', {refresh}),
		);
		expect(error.code).toBe('not_signed_in');
		expect(error.message).toContain('Profile “default” is not signed in.');
	});

	it('asks for a sign-in with offline_access when the token expires and there is no refresh token', async () => {
		const {refreshToken, ...withoutRefresh} = signedIn;
		writeStoreFile(store.location, {default: withoutRefresh});
		const error = await failureOf(
			getFreshAccessToken(fileStore(store.location), 'default', {refresh, now: clock}),
		);
		expect(error.code).toBe('refresh_failed');
		expect(error.message).toContain(`expires ${describeMoment(now + minute, {now})}`);
		expect(error.message).toContain('offline_access');
		expect(error.hint).toContain('cc-token login');
	});

	it('rejects a bad profile name', async () => {
		const error = await failureOf(
			getFreshAccessToken(fileStore(store.location), 'no good', {refresh}),
		);
		expect(error.code).toBe('bad_input');
	});
});

describe('profileFromTokens', () => {
	it('puts new tokens on the base and drops what belonged to the old sign-in', () => {
		const base: Profile = {
			...signedIn,
			pendingRefresh: {startedAt: 1},
			refreshTokenKind: 'rotating',
		};
		const profile = profileFromTokens(base, tokens('at-new', undefined), now + 5);
		const {refreshToken, ...withoutRefresh} = signedIn;
		expect(profile).toEqual({
			...withoutRefresh,
			accessToken: 'at-new',
			accessTokenExpiresAt: now + 24 * 60 * minute,
			refreshTokenKind: 'rotating',
			signedInAt: now + 5,
		});
		expect(profile).not.toHaveProperty('refreshToken');
		expect(profile).not.toHaveProperty('pendingRefresh');
		expect(profileFromTokens({apiKey}, tokens('at', 'rt'))).toEqual({
			apiKey,
			accessToken: 'at',
			accessTokenExpiresAt: now + 24 * 60 * minute,
			refreshToken: 'rt',
			scopes: ['account_read', 'offline_access'],
			signedInAt: now,
		});
	});
});
