// A fresh access token for scripts, safe with rotating refresh tokens: refresh under the
// cross-process lock, and save the new tokens before anyone sees them. A refresh token that
// Constant Contact has replaced is never lost to a race, and a crash mid-refresh leaves a
// marker so the next run can say what happened.
import type {TokenSet} from '../auth/types.js';
import {CcTokenError, type ErrorCode, isCcTokenError} from '../errors.js';
import type {Server} from '../provider/constant-contact.js';
import {describeClockTime, describeMoment} from '../text/time.js';
import type {CredentialStore} from './credential-store.js';
import {checkProfileName, loginCommand, type Profile, signInAdvice} from './profile.js';

export const defaultMinValidityMs = 5 * 60_000;

export interface FreshTokenOptions {
	/** The network call: exchanges the profile's refresh token for new tokens. */
	refresh: (profile: Profile) => Promise<TokenSet>;
	/** Refresh when the access token has less than this left. Default 5 minutes. */
	minValidityMs?: number;
	now?: () => number;
	/** Refresh even if the access token is still valid (`cc-token refresh`). */
	force?: boolean;
	/** The server this run would refresh against; a profile of another server is refused. */
	server?: Server;
}

export interface FreshToken {
	accessToken: string;
	/** Epoch milliseconds. */
	expiresAt: number;
	/** True when this call renewed the token. */
	refreshed: boolean;
	profile: Profile;
}

// Codes for a token endpoint that answered with a refusal: it did not replace the refresh
// token. Anything else (a timeout, a dropped connection, an unreadable answer) may have come
// after the server replaced it.
const refusedByServer: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
	'invalid_client',
	'invalid_request',
	'invalid_scope',
	'unauthorized_client',
	'oauth_error',
	'rate_limited',
	'server_error',
]);

function profileNamed(profiles: Record<string, Profile>, name: string): Profile | undefined {
	return Object.hasOwn(profiles, name) ? profiles[name] : undefined;
}

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
	const {accessToken, accessTokenExpiresAt} = profile;
	if (accessToken === undefined || accessTokenExpiresAt === undefined) return undefined;
	if (accessTokenExpiresAt - now < minValidityMs) return undefined;
	return {accessToken, expiresAt: accessTokenExpiresAt, refreshed: false, profile};
}

/**
 * Refuses a sign-in that would replace a profile's tokens from one server with another's (a
 * test sign-in against the emulator over the real "default"), before anything opens.
 */
export function checkSignInServer(
	name: string,
	profile: Profile | undefined,
	server: Server,
): void {
	const other = profile?.server;
	if (!other || other.authBaseUrl === server.authBaseUrl) return;
	if (profile.accessToken === undefined && profile.refreshToken === undefined) return;
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
 * (CC_TOKEN_AUTH_URL pointed at the emulator, say): it would not work there, and it would hand
 * a credential to a stranger.
 */
export function checkSameServer(name: string, profile: Profile, server: Server | undefined): void {
	if (!server || !profile.server || profile.server.authBaseUrl === server.authBaseUrl) return;
	throw new CcTokenError(
		'bad_input',
		`Profile “${name}” belongs to the sign-in server ${profile.server.authBaseUrl}, but CC_TOKEN_AUTH_URL now points to ${server.authBaseUrl}; cc-token will not send its refresh token there.`,
		{
			hint: `Unset CC_TOKEN_AUTH_URL (or set it back to ${profile.server.authBaseUrl}), or sign in to another profile for that server: cc-token login --profile NAME`,
		},
	);
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

function refreshRejected(
	name: string,
	interrupted: Profile['pendingRefresh'],
	cause: CcTokenError,
	now: number,
): CcTokenError {
	const why = interrupted
		? ` A refresh was interrupted ${describeClockTime(interrupted.startedAt, {now})}; Constant Contact had already replaced the refresh token, so this one no longer works.`
		: ' Refresh tokens stop working after 180 days unused, or once another program has used them.';
	return new CcTokenError(
		'refresh_failed',
		`Constant Contact refused the saved refresh token of profile “${name}”, so a new sign-in is needed.${why}`,
		{hint: `Sign in again: ${loginCommand(name)}`, cause},
	);
}

function refreshTokenLost(store: CredentialStore, name: string, error: unknown): CcTokenError {
	const cause = isCcTokenError(error) && error.cause !== undefined ? error.cause : error;
	const failure = store.describeSaveFailure(cause);
	return new CcTokenError(
		'refresh_token_lost',
		`Constant Contact renewed the sign-in of profile “${name}”, but cc-token could not save the new tokens to ${store.where} (${failure.reason}). Constant Contact has already replaced the old refresh token, so a new sign-in is needed.`,
		{hint: `${failure.fix}. Then run: ${loginCommand(name)}`, cause: error},
	);
}

/**
 * The stored access token if it has at least `minValidityMs` left, else undefined, from the
 * settings file's profiles as read: no lock, no network (what `cc-token token` needs almost
 * every time).
 */
export function storedFreshToken(
	profiles: Record<string, Profile>,
	name: string,
	options: Pick<FreshTokenOptions, 'minValidityMs' | 'now'> = {},
): FreshToken | undefined {
	checkProfileName(name);
	const profile = profileNamed(profiles, name);
	if (profile === undefined) return undefined;
	const now = options.now ?? Date.now;
	return usableToken(profile, now(), options.minValidityMs ?? defaultMinValidityMs);
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
	const requestedAt = now();

	const profiles = await store.readProfiles();
	const profile = profileNamed(profiles, name);
	if (!signedIn(profile)) throw notSignedIn(store, name, profiles);
	if (!options.force) {
		const ready = usableToken(profile, requestedAt, minValidityMs);
		if (ready) return ready;
	}

	return store.withProfileLock(name, async () => {
		// Another process may have refreshed while this one waited for the lock.
		const current = await store.readProfile(name);
		if (!signedIn(current)) throw notSignedIn(store, name, await store.readProfiles());
		const ready = usableToken(current, now(), minValidityMs);
		const refreshedSinceAsked = (current.lastRefreshAt ?? -1) >= requestedAt;
		if (ready && (!options.force || refreshedSinceAsked)) return ready;
		if (current.refreshToken === undefined) throw noRefreshToken(name, current, now());
		checkSameServer(name, current, options.server);

		const interrupted = current.pendingRefresh;
		await store.saveProfile(name, {...current, pendingRefresh: {startedAt: now()}});
		let tokens: TokenSet;
		try {
			tokens = await options.refresh(current);
		} catch (error) {
			// The refresh error is what the person needs to hear; if these cleanup saves fail,
			// the next run meets the same refusal, or a marker that only adds an explanation.
			if (isCcTokenError(error) && error.code === 'invalid_grant') {
				const {accessToken, accessTokenExpiresAt, refreshToken, pendingRefresh, ...kept} = current;
				await store.saveProfile(name, kept).catch(() => {});
				throw refreshRejected(name, interrupted, error, now());
			}
			if (isCcTokenError(error) && refusedByServer.has(error.code)) {
				await store.saveProfile(name, current).catch(() => {});
			}
			throw error;
		}

		const rotated =
			tokens.refreshToken !== undefined && tokens.refreshToken !== current.refreshToken;
		const {pendingRefresh, ...rest} = current;
		const next: Profile = {
			...rest,
			accessToken: tokens.accessToken,
			accessTokenExpiresAt: tokens.expiresAt,
			refreshToken: tokens.refreshToken ?? current.refreshToken,
			lastRefreshAt: now(),
			...(tokens.refreshToken === undefined
				? {}
				: {refreshTokenKind: rotated ? 'rotating' : 'long-lived'}),
			...(tokens.scopes.length > 0 ? {scopes: tokens.scopes} : {}),
			...(current.server || !options.server ? {} : {server: options.server}),
		};
		let saved: Profile;
		try {
			saved = await store.saveProfile(name, next);
		} catch (error) {
			// An unchanged refresh token still works: the plain save error says what to fix.
			throw rotated ? refreshTokenLost(store, name, error) : error;
		}
		return {
			accessToken: tokens.accessToken,
			expiresAt: tokens.expiresAt,
			refreshed: true,
			profile: saved,
		};
	});
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
