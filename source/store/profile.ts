// The shape of what cc-token keeps on disk, and the checks that every read and every write
// passes through: a file that fails them is never used, and never written.
import {CcTokenError} from '../errors.js';
import {refreshTokenIdleLifetimeDays, type Server} from '../provider/constant-contact.js';
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

const storeFormatVersion = 1;

export interface StoreDocument {
	version: typeof storeFormatVersion;
	profiles: Record<string, Profile>;
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

/** What is wrong with a stored profile, naming fields but never showing their values. */
export function profileProblem(value: unknown): string | undefined {
	if (!isRecord(value)) return 'is not an object';
	if (typeof value.apiKey !== 'string' || value.apiKey === '') return 'has no apiKey';
	for (const field of textFields) {
		if (value[field] !== undefined && typeof value[field] !== 'string') {
			return `has a ${field} that is not text`;
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
	if (
		value.server !== undefined &&
		!(
			isRecord(value.server) &&
			typeof value.server.authBaseUrl === 'string' &&
			typeof value.server.apiBaseUrl === 'string'
		)
	) {
		return 'has a server without its two addresses';
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
 * an earlier cc-token stored it as received, escape sequences included.
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

export type DocumentCheck =
	| {ok: true; document: StoreDocument}
	| {ok: false; problem: string; newerVersion?: number};

/** Checks parsed JSON. A valid document comes back with null-prototype records, so a profile
 * named “constructor” or “__proto__” is just a profile. */
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
	const profiles: Record<string, Profile> = Object.create(null);
	for (const [name, profile] of Object.entries(value.profiles)) {
		if (!isProfileName(name)) return {ok: false, problem: 'has a profile with an unusable name'};
		const problem = profileProblem(profile);
		if (problem) return {ok: false, problem: `has a profile “${name}” that ${problem}`};
		profiles[name] = printableProfile(profile as Profile);
	}
	const document = Object.assign(Object.create(null), value, {profiles}) as StoreDocument;
	return {ok: true, document};
}

export function emptyDocument(): StoreDocument {
	return Object.assign(Object.create(null), {
		version: storeFormatVersion,
		profiles: Object.create(null),
	});
}
