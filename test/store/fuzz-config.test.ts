// Property-based settings files: arbitrary bytes, arbitrary JSON, and valid documents with one
// thing broken, written as config.json. Reading returns valid profiles exactly as stored and
// names each damaged one (the others untouched), or, for a file that is not a settings document,
// throws config_corrupt after moving it aside with its bytes intact (a file from a newer
// cc-token stays where it is). Nothing else is ever thrown, and nothing is saved over bad input.
import {existsSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import fc from 'fast-check';
import {beforeAll, describe, expect, it} from 'vitest';
import {CcTokenError} from '../../source/errors.js';
import type {Profile, StoreLocation} from '../../source/store/index.js';
import type {ProfileSet} from '../../source/store/profile.js';
import {readProfiles} from '../../source/store/read-store.js';
import {saveProfile} from '../../source/store/write-store.js';
import {apiKey, modeOf, setUpTempStore} from '../helpers/temp-store.js';

/**
 * The shape every reader of a profile relies on, stated here on its own rather than by asking
 * the store's own check: an accepted profile must have it, whatever the file held.
 */
function expectProfileShape(profile: Profile): void {
	const text = (value: unknown) => value === undefined || typeof value === 'string';
	const time = (value: unknown) => value === undefined || Number.isFinite(value);
	expect(profile.apiKey).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
	for (const field of ['clientSecret', 'redirectUri', 'accessToken', 'refreshToken'] as const) {
		expect(text(profile[field]), field).toBe(true);
		// Each goes into a header, a form or a shell: visible ASCII only.
		expect(profile[field] ?? 'x', field).toMatch(/^[\x20-\x7e]+$/);
	}
	expect(profile.accessToken ?? 'x').toMatch(/^[A-Za-z0-9\-._~+/]+=*$/);
	for (const field of ['accessTokenExpiresAt', 'lastRefreshAt', 'signedInAt'] as const) {
		expect(time(profile[field]), field).toBe(true);
	}
	if (profile.scopes !== undefined) expect(profile.scopes).toEqual(expect.any(Array));
	expect((profile.scopes ?? []).every((scope) => typeof scope === 'string')).toBe(true);
	expect([undefined, 'rotating', 'long-lived']).toContain(profile.refreshTokenKind);
	for (const field of ['name', 'email', 'organization'] as const) {
		expect(text(profile.account?.[field]), `account ${field}`).toBe(true);
	}
	if (profile.server !== undefined) {
		expect(profile.server).toEqual({
			authBaseUrl: expect.stringMatching(/^https?:\/\/[^@]+$/),
			apiBaseUrl: expect.stringMatching(/^https?:\/\/[^@]+$/),
		});
	}
	if (profile.pendingRefresh !== undefined) {
		expect(Number.isFinite(profile.pendingRefresh.startedAt)).toBe(true);
	}
}

const store = setUpTempStore('all tests');
beforeAll(() => {
	mkdirSync(store.location.dir, {mode: 0o700});
});

/** The settings folder, emptied of the last run's files, holding `bytes` as config.json. */
function folderWith(bytes: Uint8Array): StoreLocation {
	// One folder for every run: making and removing a folder each time costs more than the rest.
	for (const name of readdirSync(store.location.dir)) unlinkSync(join(store.location.dir, name));
	// Readable by others, as a hand-copied file may be: a copy moved aside must still be private.
	writeFileSync(store.location.file, bytes, {mode: 0o644});
	return store.location;
}

function asideFiles(location: StoreLocation): string[] {
	return readdirSync(location.dir).filter((name) => name.startsWith('config.json.corrupt-'));
}

type Outcome = {profiles: ProfileSet} | {error: CcTokenError};

function read(location: StoreLocation): Outcome {
	try {
		return {profiles: readProfiles(location)};
	} catch (error) {
		expect(error).toBeInstanceOf(CcTokenError);
		return {error: error as CcTokenError};
	}
}

/** What a refused file must look like afterwards: aside with its bytes, or (newer) in place. */
function expectRefused(location: StoreLocation, error: CcTokenError, bytes: Buffer): void {
	expect(error.code).toBe('config_corrupt');
	expect(error.exitCode).toBe(1);
	expect(error.hint).toEqual(expect.any(String));
	const aside = asideFiles(location);
	if (/newer cc-token/.test(error.message)) {
		expect(aside).toEqual([]);
		expect(readFileSync(location.file).equals(bytes)).toBe(true);
		return;
	}
	expect(existsSync(location.file)).toBe(false);
	expect(aside).toHaveLength(1);
	const kept = join(location.dir, aside[0] ?? '');
	expect(readFileSync(kept).equals(bytes)).toBe(true);
	expect(modeOf(kept)).toBe(0o600);
	expect(error.message).toContain(kept);
	// The message names fields, never their values.
	expect(error.message.length).toBeLessThan(400 + kept.length * 2);
}

const profileName = fc.oneof(
	fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
	fc.constantFrom('default', '__proto__', 'constructor', 'toString', 'hasOwnProperty'),
);
const time = fc.double({noNaN: true, noDefaultInfinity: true});

const b64token = fc.stringMatching(/^[A-Za-z0-9\-._~+/]+=*$/);
const visibleAscii = fc.stringMatching(/^[\x20-\x7e]+$/);
const serverAddress = fc.constantFrom(
	'https://authz.constantcontact.com/oauth2/default/v1',
	'https://api.cc.email/v3',
	'http://127.0.0.1:8080/oauth2',
);

const validProfile = fc.record(
	{
		apiKey: fc.constant(apiKey),
		clientSecret: visibleAscii,
		redirectUri: visibleAscii,
		scopes: fc.array(fc.string()),
		accessToken: b64token,
		accessTokenExpiresAt: time,
		refreshToken: visibleAscii,
		refreshTokenKind: fc.constantFrom('rotating', 'long-lived'),
		lastRefreshAt: time,
		signedInAt: time,
		account: fc.record(
			{name: fc.string(), email: fc.string(), organization: fc.string()},
			{requiredKeys: []},
		),
		server: fc.record({authBaseUrl: serverAddress, apiBaseUrl: serverAddress}),
		pendingRefresh: fc.record({startedAt: time}),
		// A field a newer cc-token may add.
		futureField: fc.jsonValue({maxDepth: 2}),
	},
	{requiredKeys: ['apiKey']},
);

const validDocument = fc.record(
	{
		version: fc.constant(1),
		profiles: fc.dictionary(profileName, validProfile, {maxKeys: 4}),
		future: fc.jsonValue({maxDepth: 2}),
	},
	{requiredKeys: ['version', 'profiles']},
);

/** One change that makes a valid document unusable as a whole. */
const documentBreakage = fc.oneof(
	fc
		.constantFrom<unknown>('1', 0, null, 1.5, -1, undefined, [1], 2, 99)
		.map((version) => (document: Record<string, unknown>) => {
			document.version = version;
		}),
	fc
		.constantFrom<unknown>(null, [], 'default', 7, undefined)
		.map((profiles) => (document: Record<string, unknown>) => {
			document.profiles = profiles;
		}),
);

/** One profile, “broken” (or one with an unusable name), added damaged to a valid document. */
const profileBreakage = fc.oneof(
	fc
		.constantFrom('', 'a b', 'x'.repeat(65), 'café', 'work/2', 'default\n', 'x\u001b]0;t\u0007')
		.map((name) => (document: Record<string, unknown>) => {
			(document.profiles as Record<string, unknown>)[name] = {apiKey};
		}),
	fc
		.constantFrom<[string, unknown]>(
			['apiKey', ''],
			['apiKey', 42],
			['apiKey', undefined],
			['apiKey', 'not-a-key'],
			['apiKey', `${apiKey}\r\nX: y`],
			['accessToken', 42],
			['accessToken', 'abc\r\nX-Injected: from-file'],
			['accessToken', 'abc def'],
			['refreshToken', null],
			['refreshToken', 'r\u001b]52;c;aGk=\u0007'],
			['clientSecret', {}],
			['clientSecret', 'caf\u00e9'],
			['accessTokenExpiresAt', '2030-01-01'],
			['signedInAt', null],
			['scopes', 'account_read'],
			['scopes', [1]],
			['refreshTokenKind', 'forever'],
			['account', []],
			['account', {email: 5}],
			['server', {authBaseUrl: 'https://a.example'}],
			['server', {authBaseUrl: 'https://u:p@a.example', apiBaseUrl: 'https://b.example'}],
			['server', {authBaseUrl: 'file:///etc/passwd', apiBaseUrl: 'https://b.example'}],
			['server', {authBaseUrl: 'https://a.example/\u001b]0;t', apiBaseUrl: 'https://b.example'}],
			['pendingRefresh', {}],
			['pendingRefresh', {startedAt: 'now'}],
		)
		.map(([field, wrong]) => (document: Record<string, unknown>) => {
			const profiles = document.profiles as Record<string, Record<string, unknown>>;
			const profile: Record<string, unknown> = {apiKey, ...Object.values(profiles)[0]};
			profile[field] = wrong;
			// A key JSON leaves out (undefined) only breaks a required field.
			if (wrong === undefined) delete profile[field];
			profiles.broken = profile;
		}),
);

/** Damage to the text itself: cut short, prefixed, followed by junk. One byte order mark is
 * fine (Notepad writes one); two are not. */
const textDamage = fc.oneof(
	fc.nat().map((at) => (text: string) => text.slice(0, at % Math.max(1, text.length))),
	fc.constant((text: string) => `\uFEFF\uFEFF${text}`),
	fc.constant((text: string) => `\uFEFF ${text}`.replace('{', '{\uFEFF')),
	fc.constantFrom('x', '}', ',', '\u0000', '//').map((junk) => (text: string) => `${text}${junk}`),
	fc.constant((text: string) => text.replace(/"/, "'")),
);

describe('reading a settings file', () => {
	it('returns every valid document exactly as stored, and leaves the file alone', () => {
		fc.assert(
			fc.property(validDocument, fc.boolean(), fc.boolean(), (document, pretty, bom) => {
				const text = pretty ? JSON.stringify(document, null, '\t') : JSON.stringify(document);
				const bytes = Buffer.from(bom ? `\uFEFF${text}` : text);
				const location = folderWith(bytes);
				const outcome = read(location);
				if ('error' in outcome) throw outcome.error;
				expect(JSON.parse(JSON.stringify(outcome.profiles.sound))).toEqual(
					JSON.parse(text).profiles,
				);
				expect(outcome.profiles.damaged).toEqual({});
				expect(readFileSync(location.file).equals(bytes)).toBe(true);
				expect(asideFiles(location)).toEqual([]);
			}),
			{numRuns: 2000},
		);
	});

	it('moves aside every valid document with its format broken, bytes intact', () => {
		fc.assert(
			fc.property(
				validDocument,
				fc.oneof(
					documentBreakage.map((change) => ({change, damage: (text: string) => text})),
					textDamage.map((damage) => ({change: () => {}, damage})),
				),
				(document, {change, damage}) => {
					const broken = structuredClone(document) as Record<string, unknown>;
					change(broken);
					const bytes = Buffer.from(damage(JSON.stringify(broken)));
					const location = folderWith(bytes);
					const outcome = read(location);
					if (!('error' in outcome)) throw new Error(`accepted: ${bytes.toString()}`);
					expectRefused(location, outcome.error, bytes);
				},
			),
			{numRuns: 3000},
		);
	});

	it('names a damaged profile and keeps every other one exactly as stored, file untouched', () => {
		fc.assert(
			fc.property(validDocument, profileBreakage, (document, change) => {
				const broken = structuredClone(document) as {profiles: Record<string, unknown>};
				const before = new Set(Object.keys(broken.profiles));
				change(broken as unknown as Record<string, unknown>);
				const damagedName = Object.keys(broken.profiles).find((name) => !before.has(name));
				const bytes = Buffer.from(JSON.stringify(broken));
				const location = folderWith(bytes);
				const outcome = read(location);
				if ('error' in outcome) throw outcome.error;
				const sound = JSON.parse(JSON.stringify(outcome.profiles.sound));
				const expected = JSON.parse(JSON.stringify(document.profiles));
				if (damagedName === 'broken' || damagedName === undefined) delete expected.broken;
				expect(sound).toEqual(expected);
				const damaged = Object.entries(outcome.profiles.damaged);
				expect(damaged).toHaveLength(1);
				const [shownName, problem] = damaged[0]!;
				// Shown as printable text, whatever the name held; the problem names no value.
				expect(shownName).not.toMatch(/[\u0000-\u001f\u007f]/);
				expect(problem).not.toMatch(/X-Injected|aGk=|u:p|passwd/);
				expect(readFileSync(location.file).equals(bytes)).toBe(true);
				expect(asideFiles(location)).toEqual([]);
			}),
			{numRuns: 2000},
		);
	});

	const anything = fc.jsonValue({maxDepth: 1});
	// Mostly right, so that a document with one wrong field is common.
	const orAnything = <T>(right: fc.Arbitrary<T>) =>
		fc.oneof({weight: 5, arbitrary: right}, {weight: 1, arbitrary: anything});
	const profileFields = fc.record(
		{
			apiKey: orAnything(fc.constant(apiKey)),
			accessToken: orAnything(fc.string()),
			refreshToken: orAnything(fc.string()),
			accessTokenExpiresAt: orAnything(fc.integer()),
			scopes: orAnything(fc.array(fc.constantFrom('account_read', 'offline_access'))),
			refreshTokenKind: orAnything(fc.constantFrom('rotating', 'long-lived')),
			account: orAnything(fc.record({name: orAnything(fc.string())})),
			server: orAnything(fc.record({authBaseUrl: fc.string(), apiBaseUrl: fc.string()})),
			pendingRefresh: orAnything(fc.record({startedAt: orAnything(fc.integer())})),
		},
		{requiredKeys: ['apiKey']},
	);

	it('takes arbitrary bytes and JSON as valid profiles or config_corrupt, nothing else', () => {
		const contents = fc.oneof(
			fc.uint8Array({maxLength: 300}),
			fc.string({unit: 'binary', maxLength: 200}).map((text) => Buffer.from(text)),
			fc.jsonValue({maxDepth: 5}).map((value) => Buffer.from(JSON.stringify(value))),
			fc
				.record({
					version: fc.oneof(fc.constant(1), fc.jsonValue({maxDepth: 1})),
					profiles: fc.oneof(
						fc.dictionary(profileName, fc.jsonValue({maxDepth: 2}), {maxKeys: 3}),
						fc.dictionary(fc.string(), fc.record({apiKey: fc.jsonValue({maxDepth: 1})}), {
							maxKeys: 3,
						}),
						// The profile's own fields, each as anything, or as something near right.
						fc.dictionary(profileName, profileFields, {maxKeys: 3}),
						fc.jsonValue({maxDepth: 2}),
					),
				})
				.map((document) => Buffer.from(JSON.stringify(document))),
		);
		let accepted = 0;
		fc.assert(
			fc.property(contents, (content) => {
				const bytes = Buffer.from(content);
				const location = folderWith(bytes);
				const outcome = read(location);
				if ('error' in outcome) {
					expectRefused(location, outcome.error, bytes);
				} else {
					accepted++;
					for (const [name, profile] of Object.entries(outcome.profiles.sound)) {
						expect(name).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
						expectProfileShape(profile);
					}
					expect(readFileSync(location.file).equals(bytes)).toBe(true);
					expect(asideFiles(location)).toEqual([]);
				}
			}),
			{numRuns: 4000},
		);
		// Some arbitrary input is a valid (if empty) document; the accepting side was exercised.
		expect(accepted).toBeGreaterThan(0);
	});
});

describe('saving over a settings file', () => {
	it('refuses bad input without writing anything, and keeps every profile of a valid file', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.oneof(
					validDocument.map((document) => ({document, broken: false})),
					// A damaged profile is not a broken file: the save goes ahead and keeps it as stored.
					fc.tuple(validDocument, profileBreakage).map(([document, change]) => {
						const damaged = structuredClone(document) as Record<string, unknown>;
						change(damaged);
						return {document: damaged, broken: false};
					}),
					fc
						.tuple(validDocument, documentBreakage)
						.filter(([, change]) => {
							// A newer version is left in place and refused, tested by reading above.
							const probe: Record<string, unknown> = {version: 1, profiles: {}};
							change(probe);
							return !(typeof probe.version === 'number' && probe.version > 1);
						})
						.map(([document, change]) => {
							const broken = structuredClone(document) as Record<string, unknown>;
							change(broken);
							return {document: broken, broken: true};
						}),
				),
				async ({document, broken}) => {
					const bytes = Buffer.from(JSON.stringify(document));
					const location = folderWith(bytes);
					const saving = saveProfile(location, 'added-by-save', {apiKey});
					if (broken) {
						const error = await saving.then(
							() => new Error('saved over a broken file'),
							(caught: unknown) => caught,
						);
						expect(error).toBeInstanceOf(CcTokenError);
						expectRefused(location, error as CcTokenError, bytes);
						// The corrupt file went aside; no fresh file took its place.
						expect(existsSync(location.file)).toBe(false);
					} else {
						await saving;
						const stored = JSON.parse(readFileSync(location.file, 'utf8'));
						const before = JSON.parse(bytes.toString());
						expect(stored).toEqual({
							...before,
							profiles: {...before.profiles, 'added-by-save': {apiKey}},
						});
						expect(modeOf(location.file)).toBe(0o600);
						expect(readdirSync(location.dir)).toEqual(['config.json']);
					}
				},
			),
			{numRuns: 300},
		);
	});
});
