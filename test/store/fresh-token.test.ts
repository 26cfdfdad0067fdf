import {existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync} from 'node:fs';
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
import {apiKey, modeOf, readJson, setUpTempStore, writeStoreFile} from '../helpers/temp-store.js';

const store = setUpTempStore();

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
		// Both tokens: a rotated refresh token saved after the caller has the access token would
		// be lost to a crash in between.
		expect(onDiskWhenReturned?.accessToken).toBe('at-new');
		expect(onDiskWhenReturned?.refreshToken).toBe('rt-new');
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

	it.each([
		['has already expired', -minute],
		['has less than 5 minutes left', 4 * minute],
	])('refreshes an access token that %s', async (_, left) => {
		writeStoreFile(store.location, {default: {...signedIn, accessTokenExpiresAt: now + left}});
		const {calls, refresh} = refresher(async () => tokens('at-new', 'rt-new'));
		const result = await getFreshAccessToken(fileStore(store.location), 'default', {
			refresh,
			now: clock,
		});
		expect(calls).toHaveLength(1);
		expect(result).toMatchObject({accessToken: 'at-new', refreshed: true});
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

	it('never sends again a token whose refresh was sent longer ago than the leeway, and says why', async () => {
		const startedAt = now - 3 * minute;
		writeStoreFile(store.location, {
			default: {...signedIn, accessTokenExpiresAt: now - minute, pendingRefresh: {startedAt}},
		});
		const {calls, refresh} = refresher(invalidGrant);

		const error = await failureOf(
			getFreshAccessToken(fileStore(store.location), 'default', {refresh, now: clock}),
		);

		expect(calls).toEqual([]);
		expect(error.code).toBe('refresh_failed');
		expect(error.exitCode).toBe(3);
		expect(error.message).toContain(
			`A refresh of profile “default” was sent ${describeClockTime(startedAt, {now})} and its answer never arrived`,
		);
		expect(error.message).toContain('will not send that token again');
		expect(error.hint).toBe('Sign in again: cc-token login');
		// Nothing is erased: the person decides.
		expect(readProfile(store.location, 'default')?.refreshToken).toBe('rt-old');
	});

	it('uses the tokens another process saved when the token it sent is refused (a holder paused past its lease)', async () => {
		writeStoreFile(store.location, {default: signedIn});
		const {refresh} = refresher(async () => {
			// While this request is out, another process takes the lock over and refreshes.
			writeStoreFile(store.location, {
				default: {
					...signedIn,
					accessToken: 'at-theirs',
					accessTokenExpiresAt: now + 24 * 60 * minute,
					refreshToken: 'rt-theirs',
				},
			});
			return invalidGrant();
		});

		const result = await getFreshAccessToken(fileStore(store.location), 'default', {
			refresh,
			now: clock,
		});

		expect(result).toMatchObject({accessToken: 'at-theirs', refreshed: false});
		expect(readProfile(store.location, 'default')).toMatchObject({
			accessToken: 'at-theirs',
			refreshToken: 'rt-theirs',
		});
	});
});

describe('the fence', () => {
	it('never writes over tokens another process saved while this one waited for its answer', async () => {
		writeStoreFile(store.location, {default: signedIn});
		const theirs = {
			...signedIn,
			accessToken: 'at-theirs',
			accessTokenExpiresAt: now + 24 * 60 * minute,
			refreshToken: 'rt-theirs',
		};
		const {refresh} = refresher(async () => {
			writeStoreFile(store.location, {default: theirs});
			return tokens('at-mine', 'rt-mine');
		});

		const result = await getFreshAccessToken(fileStore(store.location), 'default', {
			refresh,
			now: clock,
		});

		// Theirs came from the server after this one's request: it is the one that stands.
		expect(result).toMatchObject({accessToken: 'at-theirs', refreshed: false});
		expect(readProfile(store.location, 'default')).toEqual(theirs);
	});
});

describe('when the answer to a refresh is lost', () => {
	const lost = () =>
		new CcTokenError('network', 'Could not reach auth.example: ECONNRESET', {cause: 'reset'});
	const quickly = {resendDelaysMs: [5, 5, 5]};
	const expiring = {...signedIn, accessTokenExpiresAt: now + minute};

	it('sends the same token again inside the leeway, and the second answer heals it', async () => {
		writeStoreFile(store.location, {default: expiring});
		let sends = 0;
		const {calls, refresh} = refresher(async () => {
			sends++;
			if (sends === 1) throw lost();
			return tokens('at-new', 'rt-new');
		});

		const result = await getFreshAccessToken(fileStore(store.location), 'default', {
			refresh,
			now: clock,
			...quickly,
		});

		expect(calls.map((sent) => sent.refreshToken)).toEqual(['rt-old', 'rt-old']);
		expect(result).toMatchObject({accessToken: 'at-new', refreshed: true});
		const stored = readProfile(store.location, 'default');
		expect(stored?.refreshToken).toBe('rt-new');
		expect(stored).not.toHaveProperty('pendingRefresh');
	});

	it('stops sending once the window has passed, keeps the marker, and says the answer was lost', async () => {
		writeStoreFile(store.location, {default: expiring});
		let time = now;
		const {calls, refresh} = refresher(async () => {
			time += 15_000;
			throw lost();
		});

		const error = await failureOf(
			getFreshAccessToken(fileStore(store.location), 'default', {
				refresh,
				now: () => time,
				...quickly,
			}),
		);

		// Sent at 0 s and again at 15 s; a third send at 30 s would fall outside the window.
		expect(calls).toHaveLength(2);
		expect(error.code).toBe('answer_lost');
		expect(error.exitCode).toBe(5);
		expect(error.message).toContain('no answer came back');
		expect(error.toText()).not.toMatch(/internet connection/);
		expect(readProfile(store.location, 'default')?.pendingRefresh).toEqual({startedAt: now});
	});

	it('does not send again while the access token has hours left: it is worth more than a retry', async () => {
		writeStoreFile(store.location, {
			default: {...signedIn, accessTokenExpiresAt: now + 600 * minute},
		});
		const {calls, refresh} = refresher(() => Promise.reject(lost()));

		const error = await failureOf(
			getFreshAccessToken(fileStore(store.location), 'default', {
				refresh,
				now: clock,
				force: true,
				...quickly,
			}),
		);

		expect(calls).toHaveLength(1);
		expect(error.code).toBe('answer_lost');
		expect(error.hint).toContain(`stays valid until ${describeMoment(now + 600 * minute, {now})}`);
	});

	it('sends again when the API has refused the access token, whatever time it had left', async () => {
		writeStoreFile(store.location, {
			default: {...signedIn, accessTokenExpiresAt: now + 600 * minute},
		});
		let sends = 0;
		const {calls, refresh} = refresher(async () => {
			if (++sends === 1) throw lost();
			return tokens('at-new', 'rt-new');
		});

		const result = await getFreshAccessToken(fileStore(store.location), 'default', {
			refresh,
			now: clock,
			accessTokenRefused: true,
			...quickly,
		});

		expect(calls).toHaveLength(2);
		expect(result.accessToken).toBe('at-new');
	});

	it('a run after a crash sends the same token again while the crash is younger than the window', async () => {
		writeStoreFile(store.location, {
			default: {
				...signedIn,
				accessTokenExpiresAt: now - minute,
				pendingRefresh: {startedAt: now - 5_000},
			},
		});
		const {calls, refresh} = refresher(async () => tokens('at-new', 'rt-new'));

		const result = await getFreshAccessToken(fileStore(store.location), 'default', {
			refresh,
			now: clock,
		});

		expect(calls.map((sent) => sent.refreshToken)).toEqual(['rt-old']);
		expect(result.accessToken).toBe('at-new');
		expect(readProfile(store.location, 'default')).not.toHaveProperty('pendingRefresh');
	});

	it('passes a request that never left this machine on unchanged, and clears the marker', async () => {
		writeStoreFile(store.location, {default: expiring});
		const refused = new CcTokenError('network', 'Could not reach auth.example: ECONNREFUSED', {
			notSent: true,
		});
		const {calls, refresh} = refresher(() => Promise.reject(refused));

		await expect(
			getFreshAccessToken(fileStore(store.location), 'default', {refresh, now: clock, ...quickly}),
		).rejects.toBe(refused);

		expect(calls).toHaveLength(1);
		expect(readProfile(store.location, 'default')).toEqual(expiring);
	});
});

describe('when the refresh fails otherwise', () => {
	it('passes a server refusal on unchanged and clears its marker, as nothing rotated', async () => {
		writeStoreFile(store.location, {default: signedIn});
		const failure = new CcTokenError('invalid_client', 'The API key or secret was not accepted.');
		const {refresh} = refresher(() => Promise.reject(failure));

		await expect(
			getFreshAccessToken(fileStore(store.location), 'default', {refresh, now: clock}),
		).rejects.toBe(failure);

		expect(readProfile(store.location, 'default')).toEqual(signedIn);
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

describe('when the rotated tokens cannot be saved', () => {
	let saved: {state?: string; tmp?: string};
	beforeEach(() => {
		saved = {state: process.env.CC_TOKEN_STATE_DIR, tmp: process.env.TMPDIR};
		process.env.CC_TOKEN_STATE_DIR = join(store.root, 'state');
	});
	afterEach(() => {
		for (const [name, value] of [
			['CC_TOKEN_STATE_DIR', saved.state],
			['TMPDIR', saved.tmp],
		] as const) {
			if (value === undefined) delete process.env[name];
			else process.env[name] = value;
		}
	});
	const breakTheDisk = async () => {
		rmSync(store.location.file);
		mkdirSync(store.location.file);
		return tokens('at-new', 'rt-new');
	};

	it('hands out the new access token, keeps the tokens in a private rescue file, and the next run moves them back', async () => {
		writeStoreFile(store.location, {default: signedIn});
		const {refresh} = refresher(breakTheDisk);

		const result = await getFreshAccessToken(fileStore(store.location), 'default', {
			refresh,
			now: clock,
		});

		expect(result).toMatchObject({accessToken: 'at-new', refreshed: true});
		const rescueDir = join(store.root, 'state');
		const [file] = readdirSync(rescueDir);
		const rescuePath = join(rescueDir, file ?? '');
		expect(modeOf(rescuePath)).toBe(0o600);
		expect(modeOf(rescueDir)).toBe(0o700);
		expect(readJson(rescuePath)).toMatchObject({accessToken: 'at-new', refreshToken: 'rt-new'});
		expect(result.notices?.join(' ')).toContain(`they are safe in ${rescuePath}`);
		expect(result.notices?.join(' ')).not.toMatch(/at-new|rt-new/);

		// The disk is mended, the file holds the old tokens: the next run adopts the rescue.
		rmSync(store.location.file, {recursive: true});
		writeStoreFile(store.location, {default: signedIn});
		const next = refresher(() => Promise.reject(new Error('must not be called')));
		const adopted = await getFreshAccessToken(fileStore(store.location), 'default', {
			refresh: next.refresh,
			now: clock,
		});
		expect(adopted.accessToken).toBe('at-new');
		expect(adopted.notices?.join(' ')).toContain(`moved from ${rescuePath}`);
		expect(readProfile(store.location, 'default')).toMatchObject({
			accessToken: 'at-new',
			refreshToken: 'rt-new',
		});
		expect(existsSync(rescuePath)).toBe(false);
	});

	it('throws refresh_token_lost, printing no token, only when no rescue file can be written either', async () => {
		writeStoreFile(store.location, {default: signedIn});
		writeFileSync(join(store.root, 'state'), 'a file where the folder should be');
		process.env.TMPDIR = join(store.root, 'state', 'tmp');
		const {refresh} = refresher(breakTheDisk);

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
