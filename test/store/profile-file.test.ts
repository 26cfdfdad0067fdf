import {chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {CcTokenError} from '../../source/errors.js';
import type {Profile} from '../../source/store/index.js';
import {readProfile, readProfiles} from '../../source/store/read-store.js';
import {deleteProfile, saveProfile} from '../../source/store/write-store.js';
import {thrownFailure} from '../helpers/failure.js';
import {apiKey, modeOf, readJson, setUpTempStore, writeStoreFile} from '../helpers/temp-store.js';

const store = setUpTempStore();

const fullProfile: Profile = {
	apiKey,
	clientSecret: 'client-secret-value',
	redirectUri: 'http://localhost:47325/callback',
	scopes: ['account_read', 'offline_access'],
	accessToken: 'access-token-value',
	accessTokenExpiresAt: 1_900_000_000_000,
	refreshToken: 'refresh-token-value',
	refreshTokenKind: 'rotating',
	lastRefreshAt: 1_800_000_000_000,
	signedInAt: 1_700_000_000_000,
	account: {name: 'Ada Lovelace', email: 'ada@example.com', organization: 'Analytical Engines'},
};

function corruptFiles(): string[] {
	return readdirSync(store.location.dir).filter((name) => name.startsWith('config.json.corrupt-'));
}

describe('file and folder modes', () => {
	it('creates the folder 0700 and the file 0600, and keeps them so on later writes', async () => {
		await saveProfile(store.location, 'default', {apiKey});
		expect(modeOf(store.location.dir)).toBe(0o700);
		expect(modeOf(store.location.file)).toBe(0o600);

		chmodSync(store.location.file, 0o644);
		chmodSync(store.location.dir, 0o755);
		await saveProfile(store.location, 'work', {apiKey});
		expect(modeOf(store.location.dir)).toBe(0o700);
		expect(modeOf(store.location.file)).toBe(0o600);
	});

	it('closes up a folder that already existed as 0755', async () => {
		mkdirSync(store.location.dir, {mode: 0o755});
		chmodSync(store.location.dir, 0o755);
		await saveProfile(store.location, 'default', {apiKey});
		expect(modeOf(store.location.dir)).toBe(0o700);
		expect(modeOf(store.location.file)).toBe(0o600);
	});

	it('leaves nothing behind but the settings file', async () => {
		await saveProfile(store.location, 'default', {apiKey});
		await saveProfile(store.location, 'default', (current) => ({...current!, signedInAt: 1}));
		await deleteProfile(store.location, 'default');
		expect(readdirSync(store.location.dir)).toEqual(['config.json']);
	});
});

describe('profiles', () => {
	it('round-trip every field, in the documented file shape', async () => {
		const saved = await saveProfile(store.location, 'work', fullProfile);
		expect(saved).toEqual(fullProfile);
		expect(readProfile(store.location, 'work')).toEqual(fullProfile);
		expect(readJson(store.location.file)).toEqual({version: 1, profiles: {work: fullProfile}});
	});

	it('hands the current profile to an update function and drops undefined fields', async () => {
		await saveProfile(store.location, 'default', fullProfile);
		const saved = await saveProfile(store.location, 'default', (current) => ({
			...current!,
			accessToken: undefined,
			refreshToken: undefined,
		}));
		expect(saved).not.toHaveProperty('accessToken');
		expect(readProfile(store.location, 'default')).toEqual(saved);
		expect(readFileSync(store.location.file, 'utf8')).not.toContain('access-token-value');
	});

	it('keeps other profiles when one changes', async () => {
		await saveProfile(store.location, 'default', {apiKey});
		await saveProfile(store.location, 'work', fullProfile);
		await saveProfile(store.location, 'default', {apiKey, signedInAt: 5});
		expect(Object.keys(readProfiles(store.location).sound).sort()).toEqual(['default', 'work']);
		expect(readProfile(store.location, 'work')).toEqual(fullProfile);
	});

	it('reads nothing, and creates nothing, when there is no file yet', () => {
		expect(readProfiles(store.location)).toEqual({sound: {}, damaged: {}});
		expect(readProfile(store.location, 'default')).toBeUndefined();
		expect(existsSync(store.location.dir)).toBe(false);
	});

	it('deletes one profile, keeping the others', async () => {
		expect(await deleteProfile(store.location, 'default')).toBe(false);
		expect(existsSync(store.location.file)).toBe(false);
		await saveProfile(store.location, 'default', {apiKey});
		await saveProfile(store.location, 'work', {apiKey});
		await saveProfile(store.location, 'home', {apiKey});
		expect(await deleteProfile(store.location, 'work')).toBe(true);
		expect(await deleteProfile(store.location, 'work')).toBe(false);
		expect(Object.keys(readProfiles(store.location).sound).sort()).toEqual(['default', 'home']);
	});

	it('refuses to save a profile without an API key and leaves the file as it was', async () => {
		await saveProfile(store.location, 'default', fullProfile);
		const before = readFileSync(store.location.file, 'utf8');
		const error = await saveProfile(store.location, 'default', {apiKey: ''}).catch((e) => e);
		expect(error).toBeInstanceOf(CcTokenError);
		expect(error.code).toBe('bad_input');
		expect(readFileSync(store.location.file, 'utf8')).toBe(before);
	});
});

describe('profile names', () => {
	const badNames = ['', 'has space', 'x'.repeat(65), '../etc', 'café', 'a/b', 'a.b'];

	it.each(badNames)('rejects %j everywhere a name is taken', async (name) => {
		expect(thrownFailure(() => readProfile(store.location, name)).code).toBe('bad_input');
		for (const attempt of [
			saveProfile(store.location, name, {apiKey}),
			deleteProfile(store.location, name),
		]) {
			const error = await attempt.catch((e) => e);
			expect(error).toBeInstanceOf(CcTokenError);
			expect(error.code).toBe('bad_input');
			expect(error.hint).toContain('letters, digits');
		}
		expect(existsSync(store.location.file)).toBe(false);
	});

	it('round-trips any valid name, including ones an object holds by default', async () => {
		expect(readProfile(store.location, 'constructor')).toBeUndefined();
		await saveProfile(store.location, 'default', {apiKey});
		expect(readProfile(store.location, 'constructor')).toBeUndefined();
		expect(readProfile(store.location, '__proto__')).toBeUndefined();

		const validName = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
		const special = fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty');
		await fc.assert(
			fc.asyncProperty(fc.oneof(validName, special), async (name) => {
				await saveProfile(store.location, name, {apiKey, account: {name}});
				expect(readProfile(store.location, name)).toEqual({apiKey, account: {name}});
				expect(Object.keys(readProfiles(store.location).sound)).toContain(name);
				expect(await deleteProfile(store.location, name)).toBe(true);
				expect(readProfile(store.location, name)).toBeUndefined();
			}),
			{numRuns: 40},
		);
	});
});

describe('a file that cannot be used', () => {
	function writeRaw(bytes: string): void {
		mkdirSync(store.location.dir, {recursive: true, mode: 0o700});
		writeFileSync(store.location.file, bytes, {mode: 0o644});
	}

	it('moves corrupt JSON aside with its bytes intact and says where', () => {
		const bytes = '{"version": 1, "profiles": {"default": {"apiKey": "k", "refreshToken": "rt-';
		writeRaw(bytes);
		const error = thrownFailure(() => readProfiles(store.location));
		expect(error.code).toBe('config_corrupt');
		const [aside] = corruptFiles();
		expect(aside).toBeDefined();
		const asidePath = join(store.location.dir, aside!);
		expect(error.message).toContain(asidePath);
		expect(error.message).toContain('is not valid JSON');
		expect(error.hint).toContain('cc-token login');
		expect(readFileSync(asidePath, 'utf8')).toBe(bytes);
		expect(modeOf(asidePath)).toBe(0o600);
		expect(aside).not.toContain(':');
		expect(existsSync(store.location.file)).toBe(false);
		expect(readProfiles(store.location)).toEqual({sound: {}, damaged: {}});
	});

	it.each([
		['an array', '[]'],
		['no version', '{"profiles": {}}'],
		['no profiles', '{"version": 1}'],
		['an empty file', ''],
	])('moves a file with %s aside, naming the problem but no value', (_, bytes) => {
		writeRaw(bytes);
		const error = thrownFailure(() => readProfiles(store.location));
		expect(error.code).toBe('config_corrupt');
		expect(error.message).toMatch(/moved to .*config\.json\.corrupt-/);
		expect(error.message).not.toContain('rt-secret');
		const [aside] = corruptFiles();
		expect(readFileSync(join(store.location.dir, aside!), 'utf8')).toBe(bytes);
	});

	it.each([
		['a profile without an API key', {refreshToken: 'rt-secret'}, 'has no apiKey'],
		['a token that is not text', {apiKey, accessToken: 5}, 'has a accessToken that is not text'],
		[
			'a token with a line break in it',
			{apiKey, accessToken: 'rt-secret\r\nX-Injected: yes'},
			'has an accessToken that is not a bearer token (RFC 6750)',
		],
		[
			'an expiry that is not a time',
			{apiKey, accessTokenExpiresAt: 'soon'},
			'has a accessTokenExpiresAt that is not a time',
		],
		[
			'a bad pending refresh',
			{apiKey, pendingRefresh: {}},
			'has a pendingRefresh without a start time',
		],
		[
			'a server with a password in it',
			{
				apiKey,
				server: {authBaseUrl: 'https://u:rt-secret@a.example', apiBaseUrl: 'https://b.example'},
			},
			'has a server authBaseUrl that is not an http(s) address without user name or password',
		],
	])('names a profile with %s as damaged, keeps the others and the file', (_, damaged, problem) => {
		const bytes = JSON.stringify({version: 1, profiles: {default: damaged, work: {apiKey}}});
		writeRaw(bytes);
		expect(readProfiles(store.location)).toEqual({
			sound: {work: {apiKey}},
			damaged: {default: problem},
		});
		const error = thrownFailure(() => readProfile(store.location, 'default'));
		expect(error.code).toBe('profile_damaged');
		expect(error.exitCode).toBe(3);
		expect(error.message).toBe(
			`Profile “default” in ${store.location.file} is damaged: it ${problem}; sign in again.`,
		);
		expect(error.hint).toBe('Sign in again, which replaces it: cc-token login');
		expect(readProfile(store.location, 'work')).toEqual({apiKey});
		expect(readFileSync(store.location.file, 'utf8')).toBe(bytes);
		expect(corruptFiles()).toEqual([]);
	});

	it('names an entry with an unusable name as damaged, in printable form', () => {
		writeRaw(JSON.stringify({version: 1, profiles: {'no\u001b]0;x\u0007way': {apiKey}}}));
		expect(readProfiles(store.location)).toEqual({
			sound: {},
			damaged: {'no\ufffd]0;x\ufffdway': 'has a name cc-token cannot use'},
		});
	});

	it('replaces a damaged profile on save, and keeps another damaged one as it was', async () => {
		const broken = {apiKey: 'not-a-key'};
		writeRaw(JSON.stringify({version: 1, profiles: {default: broken, other: broken}}));
		await saveProfile(store.location, 'default', (current) => {
			expect(current).toBeUndefined();
			return {apiKey};
		});
		expect(JSON.parse(readFileSync(store.location.file, 'utf8')).profiles).toEqual({
			default: {apiKey},
			other: broken,
		});
		expect(await deleteProfile(store.location, 'other')).toBe(true);
		expect(readProfiles(store.location)).toEqual({sound: {default: {apiKey}}, damaged: {}});
	});

	it('also refuses, and moves aside, when saving over a corrupt file; the next save starts afresh', async () => {
		writeRaw('not json');
		const error = await saveProfile(store.location, 'default', {apiKey}).catch((e) => e);
		expect(error.code).toBe('config_corrupt');
		expect(corruptFiles()).toHaveLength(1);
		await saveProfile(store.location, 'default', {apiKey});
		expect(readProfile(store.location, 'default')).toEqual({apiKey});
	});

	it('keeps a file from a newer cc-token where it is', () => {
		const bytes = '{"version": 2, "profiles": {}}';
		writeRaw(bytes);
		const error = thrownFailure(() => readProfiles(store.location));
		expect(error.code).toBe('config_corrupt');
		expect(error.message).toContain('newer cc-token');
		expect(error.hint).toContain('Update cc-token');
		expect(readFileSync(store.location.file, 'utf8')).toBe(bytes);
		expect(corruptFiles()).toEqual([]);
	});

	it('reports a settings path it cannot read, without moving it', () => {
		mkdirSync(store.location.file, {recursive: true});
		const error = thrownFailure(() => readProfiles(store.location));
		expect(error.code).toBe('config_unwritable');
		expect(error.message).toContain(`cannot read its settings file ${store.location.file}`);
		expect(existsSync(store.location.file)).toBe(true);
		expect(corruptFiles()).toEqual([]);
	});

	it('keeps fields a newer cc-token added', async () => {
		writeStoreFile(store.location, {default: {apiKey, futureField: 'kept'} as Profile});
		await saveProfile(store.location, 'work', {apiKey});
		expect(readProfile(store.location, 'default')).toEqual({apiKey, futureField: 'kept'});
	});
});
