// A fresh access token for scripts, safe with rotating refresh tokens: refresh under the
// store's lock, behind a fence on the refresh token (fenced-refresh.ts), and save the new
// tokens before anyone sees them. A refresh token that Constant Contact has replaced is never
// lost to a race, a paused process, a lost answer or a store that cannot take the write.
import type {TokenSet} from '../auth/types.js';
import {CcTokenError} from '../errors.js';
import {
	constantContactServer,
	profileEndpoints,
	type Server,
} from '../provider/constant-contact.js';
import {describeMoment} from '../text/time.js';
import type {CredentialStore} from './credential-store.js';
import {lockLost, outcomeFrom, type RefreshRules, refreshUnderLock} from './fenced-refresh.js';
import {
	checkProfile,
	checkProfileName,
	hasTimeLeft,
	loginCommand,
	type Profile,
	profileIn,
	signInAdvice,
} from './profile.js';
import {readRescue, removeRescue, rescuePending, tokenFingerprint} from './rescue-file.js';

export const defaultMinValidityMs = 5 * 60_000;

export interface FreshTokenOptions {
	/** The network call: exchanges the profile's refresh token for new tokens. */
	refresh: (profile: Profile) => Promise<TokenSet>;
	/** Refresh when the access token has less than this left. Default 5 minutes. */
	minValidityMs?: number;
	now?: () => number;
	/** Refresh even if the access token is still valid (`cc-token refresh`). */
	force?: boolean;
	/** The API has just refused the stored access token (implies force). */
	accessTokenRefused?: boolean;
	/** The environment whose CC_TOKEN_AUTH_URL, if set, must name the profile's own sign-in
	 * server (checkSameServer). */
	env?: NodeJS.ProcessEnv;
	/** Tests shorten these; see resendWindowMs and storeComebackMs. */
	resendWindowMs?: number;
	resendDelaysMs?: readonly number[];
	storeComebackMs?: number;
}

export interface FreshToken {
	accessToken: string;
	/** Epoch milliseconds. */
	expiresAt: number;
	/** True when this call renewed the token. */
	refreshed: boolean;
	profile: Profile;
	/** What the person should hear (tokens rescued or adopted): never a secret. */
	notices?: string[];
}

/**
 * How long after a refresh token was first sent it may be sent again, when the answer to it
 * was lost. Okta keeps a spent rotating token valid for a leeway (30 s unless the application
 * says otherwise) so that such a client can retry; after it, a spent token presented again
 * makes Okta revoke the whole sign-in. 20 s keeps well inside the default.
 */
const resendWindowMs = 20_000;
/** Waits between sends of the same refresh token, all inside the window. */
const resendDelaysMs = [1_000, 3_000, 6_000];
/** How long rotated tokens wait for a store that is down (a Redis restarting) to take them. */
const storeComebackMs = 30_000;

function signedIn(profile: Profile | undefined): profile is Profile {
	return (
		profile?.accessToken !== undefined ||
		profile?.refreshToken !== undefined ||
		profile?.keychain?.holds.includes('refreshToken') === true
	);
}

function notSignedIn(
	store: CredentialStore,
	name: string,
	profiles: Record<string, Profile>,
): CcTokenError {
	const names = Object.keys(profiles);
	const message = Object.hasOwn(profiles, name)
		? `Profile “${name}” is not signed in.`
		: `There is no profile “${name}” in ${store.where}.${names.length > 0 ? ` Profiles there: ${names.join(', ')}.` : ''}`;
	return new CcTokenError('not_signed_in', message, {
		hint: signInAdvice(name, Object.hasOwn(profiles, name)),
	});
}

function usableToken(profile: Profile, now: number, minValidityMs: number): FreshToken | undefined {
	return hasTimeLeft(profile, now, minValidityMs) ? outcomeFrom(profile, false, []) : undefined;
}

/**
 * Refuses a sign-in that would replace a profile's tokens from one server with another's (a
 * test sign-in against the emulator over the real "default"), before anything opens. A profile
 * that recorded no server holds Constant Contact's tokens.
 */
export function checkSignInServer(
	name: string,
	profile: Profile | undefined,
	server: Server,
): void {
	if (!profile || (profile.accessToken === undefined && profile.refreshToken === undefined)) return;
	const other = profile.server ?? constantContactServer;
	if (other.authBaseUrl === server.authBaseUrl) return;
	throw new CcTokenError(
		'bad_input',
		`Profile “${name}” holds a sign-in to ${other.authBaseUrl}; this sign-in is to ${server.authBaseUrl} (CC_TOKEN_AUTH_URL), so it would replace those tokens.`,
		{
			hint: `Sign in to another profile (--profile NAME, or set CC_TOKEN_PROFILE), or sign out of “${name}” first: cc-token logout --profile ${name}`,
		},
	);
}

/**
 * Refuses to send a profile's refresh token to a server other than the one that issued it
 * (CC_TOKEN_AUTH_URL pointed at the emulator, or at a stranger by a .envrc): it would not work
 * there, and it would hand a credential over. See profileEndpoints.
 */
function checkSameServer(name: string, profile: Profile, env: NodeJS.ProcessEnv): void {
	profileEndpoints(name, profile.server, {CC_TOKEN_AUTH_URL: env.CC_TOKEN_AUTH_URL});
}

function noRefreshToken(name: string, profile: Profile, now: number): CcTokenError {
	const expiry = profile.accessTokenExpiresAt;
	const state =
		expiry === undefined
			? 'has no known expiry'
			: `${expiry <= now ? 'expired' : 'expires'} ${describeMoment(expiry, {now})}`;
	return new CcTokenError(
		'refresh_failed',
		`The access token of profile “${name}” ${state}, and there is no refresh token to renew it (the sign-in did not include offline_access).`,
		{hint: `Sign in again, keeping the offline_access scope: ${loginCommand(name)}`},
	);
}

/**
 * The stored access token if it has at least `minValidityMs` left, else undefined, from the
 * settings file's profiles as read: no lock, no network (what `cc-token token` needs almost
 * every time).
 */
export function storedFreshToken(
	profile: Profile | undefined,
	options: Pick<FreshTokenOptions, 'minValidityMs' | 'now'> & {
		/** The store's `where` and the profile's name: tokens waiting in a rescue file for it
		 * take the full path, which adopts them. */
		rescue?: {store: string; name: string};
	} = {},
): FreshToken | undefined {
	if (profile === undefined) return undefined;
	if (options.rescue && rescuePending(options.rescue.store, options.rescue.name)) return undefined;
	const now = options.now ?? Date.now;
	return usableToken(profile, now(), options.minValidityMs ?? defaultMinValidityMs);
}

/**
 * Puts tokens that an earlier run could not save (see rescue-file.ts) into the store, under
 * the lock and behind the fence: only over the refresh token they replaced. A rescue that a
 * newer sign-in has made pointless is removed. Returns what to tell the person.
 */
async function adoptRescue(store: CredentialStore, name: string): Promise<string | undefined> {
	const found = readRescue(store.where, name);
	if (!found) return undefined;
	const {tokens, path} = found;
	const current = await store.readProfile(name);
	if (!current || tokenFingerprint(current.refreshToken) !== tokens.replaces) {
		removeRescue(path);
		return `tokens of profile “${name}” left in ${path} by an earlier run were older than what ${store.where} holds now, and were removed.`;
	}
	const {pendingRefresh, ...kept} = current;
	const adopted: Profile = {
		...kept,
		accessToken: tokens.accessToken,
		accessTokenExpiresAt: tokens.accessTokenExpiresAt,
		...(tokens.refreshToken === undefined ? {} : {refreshToken: tokens.refreshToken}),
		...(tokens.scopes === undefined ? {} : {scopes: tokens.scopes}),
		lastRefreshAt: tokens.savedAt,
	};
	// A rescue file is a store too: what it holds passes the same boundary as any profile.
	const check = checkProfile(adopted);
	if (!check.ok) {
		return `tokens of profile “${name}” in ${path} were not used: they ${check.problem}.`;
	}
	const saved = await store.saveProfileFenced(name, current.refreshToken, check.profile);
	if (saved.saved) removeRescue(path);
	return saved.saved
		? `the tokens of profile “${name}” that an earlier run could not save are now in ${store.where} (moved from ${path}).`
		: undefined;
}

/**
 * Returns an access token with at least `minValidityMs` left, refreshing it if needed under
 * the store's lock. The common case reads the store and returns without taking the lock.
 */
export async function getFreshAccessToken(
	store: CredentialStore,
	name: string,
	options: FreshTokenOptions,
): Promise<FreshToken> {
	checkProfileName(name);
	const now = options.now ?? Date.now;
	const minValidityMs = options.minValidityMs ?? defaultMinValidityMs;
	const force = options.force === true || options.accessTokenRefused === true;
	const requestedAt = now();
	const rules: RefreshRules = {
		refresh: options.refresh,
		now,
		minValidityMs,
		accessTokenRefused: options.accessTokenRefused === true,
		resendWindowMs: options.resendWindowMs ?? resendWindowMs,
		resendDelaysMs: options.resendDelaysMs ?? resendDelaysMs,
		storeComebackMs: options.storeComebackMs ?? storeComebackMs,
	};

	const rescueWaiting = rescuePending(store.where, name);
	if (!rescueWaiting) {
		const profiles = await store.readProfiles();
		const profile = profileIn(profiles, name, store.where);
		if (!signedIn(profile)) throw notSignedIn(store, name, profiles.sound);
		if (!force) {
			const ready = usableToken(profile, requestedAt, minValidityMs);
			if (ready) return ready;
		}
	}

	// Twice at most: a lock taken over before anything was sent is taken again, once.
	for (let attempt = 0; ; attempt++) {
		const outcome = await store.withProfileLock(name, async (lock) => {
			const adopted = rescueWaiting ? await adoptRescue(store, name) : undefined;
			const notices = adopted ? [adopted] : [];
			// Another process may have refreshed while this one waited for the lock.
			const current = await store.readProfile(name);
			if (!signedIn(current)) {
				throw notSignedIn(store, name, (await store.readProfiles()).sound);
			}
			const ready = usableToken(current, now(), minValidityMs);
			const refreshedSinceAsked = (current.lastRefreshAt ?? -1) >= requestedAt;
			if (ready && (!force || refreshedSinceAsked || adopted)) return {...ready, notices};
			if (current.refreshToken === undefined) throw noRefreshToken(name, current, now());
			if (options.env) checkSameServer(name, current, options.env);
			const refreshed = await refreshUnderLock(store, name, current, lock, rules);
			if (refreshed === lockLost) return lockLost;
			return {...refreshed, notices: [...notices, ...refreshed.notices]};
		});
		if (outcome !== lockLost) return outcome;
		if (attempt >= 1) throw lockTakenOver(store, name);
	}
}

function lockTakenOver(store: CredentialStore, name: string): CcTokenError {
	return new CcTokenError(
		'lock_timeout',
		`Another cc-token took over the lock on profile “${name}” in ${store.where} twice while this one held it, so this one sent nothing.`,
		{
			hint: 'This machine may be too busy or paused for long stretches; try again. Nothing was lost.',
		},
	);
}

/**
 * The profile to save after a sign-in: `base` (API key, secret, the server signed in to, …)
 * with the new tokens.
 */
export function profileFromTokens(
	base: Partial<Profile> & {apiKey: string},
	tokens: TokenSet,
	now: number = tokens.receivedAt,
): Profile {
	const {pendingRefresh, accessToken, accessTokenExpiresAt, refreshToken, ...kept} = base;
	return {
		...kept,
		accessToken: tokens.accessToken,
		accessTokenExpiresAt: tokens.expiresAt,
		...(tokens.refreshToken === undefined ? {} : {refreshToken: tokens.refreshToken}),
		...(tokens.scopes.length > 0 ? {scopes: tokens.scopes} : {}),
		signedInAt: now,
	};
}
