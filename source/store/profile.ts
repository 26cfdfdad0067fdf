// The shape of what cc-token keeps on disk, and the checks that every read and every write
// passes through: a profile that fails them is never used, and never written.
import {CcTokenError} from '../errors.js';
import {
	checkApiKey,
	refreshTokenIdleLifetimeDays,
	type Server,
} from '../provider/constant-contact.js';
import {isB64token, isRefreshTokenText} from '../text/grammar.js';
import {printableLine} from '../text/printable.js';

export interface Account {
	name?: string;
	email?: string;
	organization?: string;
}

/** "Maya Okafor <maya@example.com> (Juniper Street Bakery)", or undefined when nothing is known. */
export function formatAccount(account: Account | undefined): string | undefined {
	if (!account) return undefined;
	const text = [
		account.name,
		account.email && `<${account.email}>`,
		account.organization && `(${account.organization})`,
	]
		.filter(Boolean)
		.join(' ');
	return text === '' ? undefined : text;
}

export interface Profile {
	/** The OAuth client_id. */
	apiKey: string;
	clientSecret?: string;
	redirectUri?: string;
	/** Scopes the server granted. */
	scopes?: string[];
	accessToken?: string;
	/** Epoch milliseconds. */
	accessTokenExpiresAt?: number;
	refreshToken?: string;
	/** Learned on the first refresh: the same value back means long-lived. */
	refreshTokenKind?: 'rotating' | 'long-lived';
	/** Epoch milliseconds. */
	lastRefreshAt?: number;
	/** Epoch milliseconds. */
	signedInAt?: number;
	account?: Account;
	/** The server that issued the tokens; none for profiles saved before cc-token kept it. */
	server?: Server;
	/** Written just before a refresh request and removed once its answer is saved. */
	pendingRefresh?: {startedAt: number};
	/**
	 * Set when the profile's secrets live in the OS keychain (`login --keychain`): the entry, and
	 * which secrets it holds. The file then holds neither the refresh token nor the secret.
	 */
	keychain?: {service: string; account: string; holds: KeychainSecretName[]};
}

export type KeychainSecretName = 'refreshToken' | 'clientSecret';

/** A profile to save with this asks for its secrets to go to the OS keychain; the store names the entry. */
export const keychainRequested: NonNullable<Profile['keychain']> = {
	service: 'cc-token',
	account: '',
	holds: [],
};
export const keychainSecretNames: readonly KeychainSecretName[] = ['refreshToken', 'clientSecret'];

/** The format of the settings file; a new one comes with a migration (settings-writer.ts). */
export const storeFormatVersion = 1;

export interface StoreDocument {
	version: typeof storeFormatVersion;
	/** Each profile as stored: what reads it goes through checkProfile (checkProfiles). */
	profiles: Record<string, unknown>;
	/** The profile commands use when neither --profile nor CC_TOKEN_PROFILE names one (`cc-token use`). */
	defaultProfile?: string;
	/** Keys a newer cc-token may add are kept as they are. */
	[key: string]: unknown;
}

export const defaultProfileName = 'default';

const profileNamePattern = /^[A-Za-z0-9_-]{1,64}$/;

export function isProfileName(name: string): boolean {
	return profileNamePattern.test(name);
}

export function checkProfileName(name: string): void {
	if (!isProfileName(name)) {
		throw new CcTokenError('bad_input', `“${name}” is not a usable profile name.`, {
			hint: 'Use 1 to 64 letters, digits, “-” or “_”, for example “default” or “work-2”.',
		});
	}
}

/**
 * When the profile's refresh token dies if it stays unused (180 days after its last use), if
 * known. The last use is the last refresh, else the sign-in.
 */
export function refreshTokenDiesAt(profile: Profile): number | undefined {
	const lastUse = profile.lastRefreshAt ?? profile.signedInAt;
	const hasRefreshToken =
		profile.refreshToken !== undefined || profile.keychain?.holds.includes('refreshToken');
	return hasRefreshToken && lastUse !== undefined
		? lastUse + refreshTokenIdleLifetimeDays * 86_400_000
		: undefined;
}

const profileOption = (name: string) => (name === defaultProfileName ? '' : ` --profile ${name}`);

/** True when the profile's access token has at least `minValidityMs` left at `now`. */
export function hasTimeLeft(
	profile: Profile | undefined,
	now: number,
	minValidityMs: number,
): boolean {
	const expiresAt = profile?.accessTokenExpiresAt;
	return (
		profile?.accessToken !== undefined &&
		expiresAt !== undefined &&
		expiresAt - now >= minValidityMs
	);
}

/**
 * The command that signs a profile in, as a person would type it. Without a stored profile
 * (never signed in, or signed out) login has no API key to use, so it is asked for.
 */
export function loginCommand(name: string, keyStored = true): string {
	return `cc-token login${profileOption(name)}${keyStored ? '' : ' --client-id YOUR_API_KEY'}`;
}

/** The guide for a profile, which asks for everything a sign-in needs. */
export function guideCommand(name: string): string {
	return `cc-token${profileOption(name)}`;
}

/** How to sign a profile in: a command that works as printed comes first. */
export function signInAdvice(name: string, keyStored: boolean): string {
	return keyStored
		? `Sign in with: ${loginCommand(name)}`
		: `Sign in with the guide: ${guideCommand(name)} (or: ${loginCommand(name, false)}, the key from your application’s page)`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const textFields = ['clientSecret', 'redirectUri', 'accessToken', 'refreshToken'] as const;
const timeFields = ['accessTokenExpiresAt', 'lastRefreshAt', 'signedInAt'] as const;
const accountFields = ['name', 'email', 'organization'] as const;
const serverFields = ['authBaseUrl', 'apiBaseUrl'] as const;

/** A stored server address: http(s), no user name or password, no query or fragment. */
function isServerAddress(value: unknown): boolean {
	if (typeof value !== 'string' || !/^[\x21-\x7e]+$/.test(value)) return false;
	const url = URL.parse(value);
	return (
		url !== null &&
		(url.protocol === 'https:' || url.protocol === 'http:') &&
		url.username === '' &&
		url.password === '' &&
		url.search === '' &&
		url.hash === ''
	);
}

/** Stands for a stored profile that is not even JSON (a Redis field set by hand, say). */
export const notJson: unique symbol = Symbol('not JSON');

/**
 * What is wrong with a stored profile, naming fields but never showing their values. Each value
 * that goes into a header, a shell or a terminal must have its own shape: a cleaned token would
 * be another token, so a value out of shape is refused, never cleaned.
 */
function profileProblem(value: unknown): string | undefined {
	if (value === notJson) return 'is not valid JSON';
	if (!isRecord(value)) return 'is not an object';
	if (typeof value.apiKey !== 'string' || value.apiKey === '') return 'has no apiKey';
	const key = checkApiKey(value.apiKey);
	if (!key.ok || key.apiKey !== value.apiKey) return 'has an apiKey that is not an API key';
	for (const field of textFields) {
		if (value[field] !== undefined && typeof value[field] !== 'string') {
			return `has a ${field} that is not text`;
		}
	}
	if (typeof value.accessToken === 'string' && !isB64token(value.accessToken)) {
		return 'has an accessToken that is not a bearer token (RFC 6750)';
	}
	for (const field of ['refreshToken', 'clientSecret', 'redirectUri'] as const) {
		const text = value[field];
		if (typeof text === 'string' && !isRefreshTokenText(text)) {
			return `has a ${field} with characters outside visible ASCII`;
		}
	}
	for (const field of timeFields) {
		if (value[field] !== undefined && !Number.isFinite(value[field])) {
			return `has a ${field} that is not a time`;
		}
	}
	if (
		value.scopes !== undefined &&
		!(Array.isArray(value.scopes) && value.scopes.every((scope) => typeof scope === 'string'))
	) {
		return 'has scopes that are not a list of text';
	}
	if (
		value.refreshTokenKind !== undefined &&
		value.refreshTokenKind !== 'rotating' &&
		value.refreshTokenKind !== 'long-lived'
	) {
		return 'has an unknown refreshTokenKind';
	}
	if (value.account !== undefined) {
		const account = value.account;
		if (!isRecord(account)) return 'has an account that is not an object';
		for (const field of accountFields) {
			if (account[field] !== undefined && typeof account[field] !== 'string') {
				return `has an account ${field} that is not text`;
			}
		}
	}
	if (value.server !== undefined) {
		const server = value.server;
		if (!(isRecord(server) && serverFields.every((field) => server[field] !== undefined))) {
			return 'has a server without its two addresses';
		}
		for (const field of serverFields) {
			if (!isServerAddress(server[field])) {
				return `has a server ${field} that is not an http(s) address without user name or password`;
			}
		}
	}
	if (
		value.keychain !== undefined &&
		!(
			isRecord(value.keychain) &&
			typeof value.keychain.service === 'string' &&
			typeof value.keychain.account === 'string' &&
			Array.isArray(value.keychain.holds) &&
			value.keychain.holds.every((name) => keychainSecretNames.includes(name))
		)
	) {
		return 'has a keychain reference that is not an entry';
	}
	if (
		value.pendingRefresh !== undefined &&
		!(isRecord(value.pendingRefresh) && Number.isFinite(value.pendingRefresh.startedAt))
	) {
		return 'has a pendingRefresh without a start time';
	}
	return undefined;
}

/**
 * What a server said about the profile (the account, the granted scopes), made safe to show:
 * an earlier cc-token stored it as received, escape sequences included. Text for people is
 * cleaned, not refused: it names nothing a request sends.
 */
function printableProfile(profile: Profile): Profile {
	const {account, scopes} = profile;
	if (!account && !scopes) return profile;
	const safe = {...profile};
	if (scopes) safe.scopes = scopes.map(printableLine);
	if (account) {
		safe.account = {...account};
		for (const field of accountFields) {
			const value = account[field];
			if (value !== undefined) safe.account[field] = printableLine(value);
		}
	}
	return safe;
}

export type ProfileCheck = {ok: true; profile: Profile} | {ok: false; problem: string};

/**
 * The store boundary: every profile read from any store (the settings file, Redis, the
 * keychain's secrets put back, a rescued copy) comes through here before anything uses it.
 * Cheap enough for `cc-token token`'s start-up: a few regular expressions, nothing loaded.
 */
export function checkProfile(value: unknown): ProfileCheck {
	const problem = profileProblem(value);
	return problem ? {ok: false, problem} : {ok: true, profile: printableProfile(value as Profile)};
}

/**
 * The entry `name` of a store's profiles, through checkProfile: undefined when there is none. A
 * damaged one is refused by name, as being in `damaged.where`; or, `'as none'`, counts as none
 * (what a save or a delete starts from: a damaged profile is replaced, or removed).
 */
export function storedProfile(
	profiles: Record<string, unknown> | undefined,
	name: string,
	damaged: {where: string} | 'as none',
): Profile | undefined {
	if (!profiles || !Object.hasOwn(profiles, name)) return undefined;
	const check = checkProfile(profiles[name]);
	if (check.ok) return check.profile;
	if (damaged === 'as none') return undefined;
	throw damagedProfileError(name, check.problem, damaged.where);
}

/** The profiles a store holds: those that passed the store boundary, and those that did not. */
export interface ProfileSet {
	sound: Record<string, Profile>;
	/** What is wrong with each of the others, by name; never their values. */
	damaged: Record<string, string>;
}

/**
 * Every stored profile through checkProfile. An entry whose name is not a usable profile name
 * is damaged too, listed under its name made printable (it is never used as a name).
 */
export function checkProfiles(stored: Record<string, unknown>): ProfileSet {
	const set: ProfileSet = {sound: Object.create(null), damaged: Object.create(null)};
	for (const [name, value] of Object.entries(stored)) {
		if (!isProfileName(name)) {
			set.damaged[printableLine(name)] = 'has a name cc-token cannot use';
			continue;
		}
		const check = checkProfile(value);
		if (check.ok) set.sound[name] = check.profile;
		else set.damaged[name] = check.problem;
	}
	return set;
}

/**
 * A profile about to be saved, as JSON would store it (an undefined field is no field), checked
 * by the same rules as a read: a save that a read would refuse is never written.
 */
export function storableProfile(profile: Profile): Profile {
	const stored = JSON.parse(JSON.stringify(profile)) as Profile;
	const problem = profileProblem(stored);
	if (problem) {
		throw new CcTokenError('bad_input', `cc-token refused to save a profile that ${problem}.`, {
			hint: 'This is a fault in cc-token: report it with the command you ran.',
		});
	}
	return stored;
}

/** What a command says of a damaged profile it was asked to use. */
export function damagedProfileError(name: string, problem: string, where: string): CcTokenError {
	return new CcTokenError(
		'profile_damaged',
		`Profile “${name}” in ${where} is damaged: it ${problem}; sign in again.`,
		{hint: `Sign in again, which replaces it: ${loginCommand(name)}`},
	);
}

/** Every name in a checked set that a command can name: the sound profiles and the damaged. */
export function storedNames(set: ProfileSet): string[] {
	return [...Object.keys(set.sound), ...Object.keys(set.damaged).filter(isProfileName)];
}

/** The profile named `name` of a checked set: the profile, undefined, or the damage thrown. */
export function profileIn(set: ProfileSet, name: string, where: string): Profile | undefined {
	if (Object.hasOwn(set.sound, name)) return set.sound[name];
	if (Object.hasOwn(set.damaged, name)) throw damagedProfileError(name, set.damaged[name]!, where);
	return undefined;
}

export type DocumentCheck =
	| {ok: true; document: StoreDocument}
	| {ok: false; problem: string; newerVersion?: number};

/**
 * Checks parsed JSON: its format, not its profiles (each is checked when read, so that one
 * damaged profile does not take the others with it). A valid document comes back with
 * null-prototype records, so a profile named “constructor” or “__proto__” is just a profile.
 */
export function checkDocument(value: unknown): DocumentCheck {
	if (!isRecord(value)) return {ok: false, problem: 'does not hold a settings object'};
	if (typeof value.version === 'number' && value.version > storeFormatVersion) {
		return {
			ok: false,
			problem: `was written by a newer cc-token (format ${value.version})`,
			newerVersion: value.version,
		};
	}
	if (value.version !== storeFormatVersion) {
		return {ok: false, problem: 'has no known format version'};
	}
	if (!isRecord(value.profiles)) return {ok: false, problem: 'has no list of profiles'};
	if (
		value.defaultProfile !== undefined &&
		!(typeof value.defaultProfile === 'string' && isProfileName(value.defaultProfile))
	) {
		return {ok: false, problem: 'names a default profile that is not a usable name'};
	}
	const profiles = Object.assign(Object.create(null), value.profiles);
	const document = Object.assign(Object.create(null), value, {profiles}) as StoreDocument;
	return {ok: true, document};
}

/** The settings file's text as JSON: the one parser of the format, for every reader of it. */
export function parseSettings(text: string): unknown {
	// Notepad and PowerShell 5.1's Set-Content start UTF-8 with a byte order mark.
	return JSON.parse(text.replace(/^\uFEFF/, ''));
}

/** A document as the settings file holds it: tab-indented JSON, one line at the end. */
export function settingsText(document: Record<string, unknown>): string {
	return `${JSON.stringify(document, null, '\t')}\n`;
}

export function emptyDocument(): StoreDocument {
	return Object.assign(Object.create(null), {
		version: storeFormatVersion,
		profiles: Object.create(null),
	});
}
