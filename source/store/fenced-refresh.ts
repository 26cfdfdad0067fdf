// One refresh of one profile, by the holder of its lock, done so that no sign-in is lost:
// - the marker saying "this refresh token was sent" is written (fenced on that token) before
//   the request leaves, and the holder proves it still holds the lock right before sending;
// - the new tokens are written only while the stored refresh token is still the one sent (the
//   fence): a holder that was paused past its lease never writes over the tokens of the
//   process that took the lock over, and a refusal never erases tokens another process saved;
// - an answer lost on the way back (reset, timeout, unreadable) is asked for again with the
//   same token while the server's leeway surely lasts, and never after it;
// - tokens the store cannot take are waited on, then put in a rescue file, never dropped.
import {setTimeout as sleep} from 'node:timers/promises';
import type {TokenSet} from '../auth/types.js';
import {CcTokenError, type ErrorCode, isCcTokenError} from '../errors.js';
import {describeClockTime, describeMoment} from '../text/time.js';
import type {CredentialStore, FencedSave, HeldLock} from './credential-store.js';
import {hasTimeLeft, loginCommand, type Profile} from './profile.js';
import {writeRescue} from './rescue-file.js';

export interface RefreshRules {
	/** The network call: exchanges the profile's refresh token for new tokens. */
	refresh: (profile: Profile) => Promise<TokenSet>;
	now: () => number;
	/** The access token counts as near its end with less than this left. */
	minValidityMs: number;
	/** The API refused the stored access token: it is worth nothing any more. */
	accessTokenRefused: boolean;
	/** How long after first sending a refresh token it may be sent again. */
	resendWindowMs: number;
	/** Waits between sends of the same token. */
	resendDelaysMs: readonly number[];
	/** How long new tokens wait for a store that is down. */
	storeComebackMs: number;
}

export interface RefreshOutcome {
	accessToken: string;
	expiresAt: number;
	refreshed: boolean;
	profile: Profile;
	/** What the person should hear on stderr (tokens rescued, a lost answer): never a secret. */
	notices: string[];
}

/** The lock was lost before anything was sent: the caller takes it again and starts over. */
export const lockLost = Symbol('lock lost');

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

/** A failure after which the server may or may not have replaced the refresh token. */
function outcomeUnknown(error: unknown): boolean {
	if (!isCcTokenError(error)) return false;
	if (error.notSent || refusedByServer.has(error.code) || error.code === 'invalid_grant') {
		return false;
	}
	return ['network', 'request_timeout', 'bad_response'].includes(error.code);
}

/** The token a profile holds, as a refresh (or the store's fast path) hands it out. */
export function outcomeFrom(
	profile: Profile,
	refreshed: boolean,
	notices: string[],
): RefreshOutcome {
	return {
		accessToken: profile.accessToken ?? '',
		expiresAt: profile.accessTokenExpiresAt ?? 0,
		refreshed,
		profile,
		notices,
	};
}

function refreshRejected(
	name: string,
	lostAnswerAt: number | undefined,
	cause: CcTokenError,
	now: number,
) {
	const why =
		lostAnswerAt === undefined
			? ' Refresh tokens stop working after 180 days unused, or once another program has used them.'
			: ` The answer to the refresh sent ${describeClockTime(lostAnswerAt, {now})} was lost on the way back, and the server no longer takes the token sent then.`;
	return new CcTokenError(
		'refresh_failed',
		`Constant Contact refused the saved refresh token of profile “${name}”, so a new sign-in is needed.${why}`,
		{hint: `Sign in again: ${loginCommand(name)}`, cause},
	);
}

/**
 * The token was sent and its answer lost, and sending it again now could do harm: after the
 * server's leeway (or where there is none) a spent token presented again signs everyone out.
 */
function maybeSpent(name: string, profile: Profile, sentAt: number, now: number): CcTokenError {
	const expiry = profile.accessTokenExpiresAt;
	const stillValid =
		expiry !== undefined && expiry > now
			? ` The access token it holds stays valid until ${describeMoment(expiry, {now})}.`
			: '';
	return new CcTokenError(
		'refresh_failed',
		`A refresh of profile “${name}” was sent ${describeClockTime(sentAt, {now})} and its answer never arrived, so Constant Contact may have replaced the refresh token. cc-token will not send that token again: a spent one, presented late, makes Constant Contact end the whole sign-in.${stillValid}`,
		{hint: `Sign in again: ${loginCommand(name)}`},
	);
}

function answerLost(
	name: string,
	cause: CcTokenError,
	profile: Profile,
	sentAgain: boolean,
	now: number,
): CcTokenError {
	const expiry = profile.accessTokenExpiresAt;
	const stillValid = expiry !== undefined && expiry > now;
	const why = sentAgain
		? 'cc-token sent the same refresh token again while Constant Contact may still take it, without an answer either'
		: 'cc-token did not send the refresh token again, since where Constant Contact allows no second try that would end the sign-in at once';
	return new CcTokenError(
		'answer_lost',
		`The refresh of profile “${name}” may have reached Constant Contact’s sign-in server, but no answer came back (${cause.message.replace(/\.$/, '')}).`,
		{
			hint: stillValid
				? `The access token you have stays valid until ${describeMoment(expiry, {now})}; ${why}. After then, sign in again: ${loginCommand(name)}`
				: `${why[0]?.toUpperCase()}${why.slice(1)}. Check the connection, then sign in again: ${loginCommand(name)}`,
			cause,
		},
	);
}

function tokensLost(
	store: CredentialStore,
	name: string,
	saveError: unknown,
	rescueError: unknown,
): CcTokenError {
	const failure = store.describeSaveFailure(saveError);
	const rescue = rescueError instanceof Error ? rescueError.message : String(rescueError);
	return new CcTokenError(
		'refresh_token_lost',
		`Constant Contact renewed the sign-in of profile “${name}”, but cc-token could neither save the new tokens to ${store.where} (${failure.reason}) nor put them in a rescue file (${rescue}). Constant Contact has already replaced the old refresh token, so a new sign-in is needed.`,
		{hint: `${failure.fix}. Then run: ${loginCommand(name)}`, cause: saveError},
	);
}

/** The profile to save once the server has answered a refresh of `sent` with `tokens`. */
function renewed(sent: Profile, tokens: TokenSet, now: number): Profile {
	const rotated = tokens.refreshToken !== undefined && tokens.refreshToken !== sent.refreshToken;
	const {pendingRefresh, ...rest} = sent;
	return {
		...rest,
		accessToken: tokens.accessToken,
		accessTokenExpiresAt: tokens.expiresAt,
		refreshToken: tokens.refreshToken ?? sent.refreshToken,
		lastRefreshAt: now,
		...(tokens.refreshToken === undefined
			? {}
			: {refreshTokenKind: rotated ? 'rotating' : 'long-lived'}),
		...(tokens.scopes.length > 0 ? {scopes: tokens.scopes} : {}),
	};
}

/**
 * Saves the new tokens behind the fence, waiting for a store that is down (a restarting Redis)
 * up to `storeComebackMs`; if it still cannot, they go to a rescue file. Returns the outcome
 * the caller hands out.
 */
async function keepNewTokens(
	store: CredentialStore,
	name: string,
	sentToken: string | undefined,
	next: Profile,
	rules: RefreshRules,
): Promise<RefreshOutcome> {
	const rotated = next.refreshToken !== sentToken;
	const giveUpAt = Date.now() + rules.storeComebackMs;
	let saved: FencedSave;
	for (let wait = 250; ; wait = Math.min(wait * 2, 4_000)) {
		try {
			saved = await store.saveProfileFenced(name, sentToken, next);
			break;
		} catch (error) {
			// An unchanged refresh token still works: the plain save error says what to fix.
			if (!rotated) throw error;
			if (store.describeSaveFailure(error).passing && Date.now() + wait < giveUpAt) {
				await sleep(wait);
				continue;
			}
			return rescued(store, name, sentToken, next, error);
		}
	}
	if (saved.saved) return outcomeFrom(saved.profile, true, []);
	// Another process refreshed with the same token after this one sent it (it took the lock
	// while this one was paused): what it saved came last from the server, so it stands.
	if (saved.current && hasTimeLeft(saved.current, rules.now(), 0)) {
		return outcomeFrom(saved.current, false, []);
	}
	return outcomeFrom(next, true, []);
}

function rescued(
	store: CredentialStore,
	name: string,
	sentToken: string | undefined,
	next: Profile,
	saveError: unknown,
): RefreshOutcome {
	let path: string;
	try {
		path = writeRescue(store.where, name, sentToken, next);
	} catch (rescueError) {
		throw tokensLost(store, name, saveError, rescueError);
	}
	const failure = store.describeSaveFailure(saveError);
	return outcomeFrom(next, true, [
		`the new tokens of profile “${name}” could not be saved to ${store.where} (${failure.reason}); they are safe in ${path}, and the next cc-token run moves them back. ${failure.fix}.`,
	]);
}

/**
 * Refreshes `current` (read under the lock just now). Returns `lockLost` when the lock was
 * taken over before anything was sent.
 */
export async function refreshUnderLock(
	store: CredentialStore,
	name: string,
	current: Profile,
	lock: HeldLock,
	rules: RefreshRules,
): Promise<RefreshOutcome | typeof lockLost> {
	const {now} = rules;
	const sentToken = current.refreshToken;
	const accessTokenWorthKeeping =
		!rules.accessTokenRefused && hasTimeLeft(current, now(), rules.minValidityMs);

	// A marker left by an earlier run (or by this one's lost answer): that token was sent.
	const sentBefore = current.pendingRefresh?.startedAt;
	if (sentBefore !== undefined && now() - sentBefore >= rules.resendWindowMs) {
		throw maybeSpent(name, current, sentBefore, now());
	}
	if (sentBefore !== undefined && accessTokenWorthKeeping) {
		const interrupted = new CcTokenError('network', 'an earlier run stopped before it came');
		throw answerLost(name, interrupted, current, false, now());
	}
	const firstSentAt = sentBefore ?? now();
	if (sentBefore === undefined) {
		const marked = await store.saveProfileFenced(name, sentToken, {
			...current,
			pendingRefresh: {startedAt: firstSentAt},
		});
		if (!marked.saved) return lockLost;
	}

	for (let attempt = 0; ; attempt++) {
		// Right before the request leaves: a holder paused past its lease sends nothing.
		if (!(await lock.stillHeld())) return lockLost;
		let tokens: TokenSet;
		try {
			tokens = await rules.refresh(current);
		} catch (error) {
			if (!isCcTokenError(error)) throw error;
			if (error.code === 'invalid_grant') {
				return refused(store, name, current, error, attempt > 0 ? firstSentAt : undefined, rules);
			}
			const resend =
				outcomeUnknown(error) &&
				!accessTokenWorthKeeping &&
				attempt < rules.resendDelaysMs.length &&
				now() + (rules.resendDelaysMs[attempt] ?? 0) - firstSentAt < rules.resendWindowMs;
			if (resend) {
				await sleep(rules.resendDelaysMs[attempt]);
				continue;
			}
			// The marker stays: the token may be spent, and the next run must know.
			if (outcomeUnknown(error)) throw answerLost(name, error, current, attempt > 0, now());
			// This run's only send was refused, or never left: nothing was replaced, the marker goes.
			if (attempt === 0 && sentBefore === undefined) {
				await store.saveProfileFenced(name, sentToken, current).catch(() => {});
			}
			throw error;
		}
		return keepNewTokens(store, name, sentToken, renewed(current, tokens, now()), rules);
	}
}

/**
 * invalid_grant: the token sent no longer works. If the store holds another one now, another
 * process refreshed meanwhile and its tokens are the ones to use; only if it still holds the
 * dead one are the dead tokens removed (behind the fence), keeping the API key and the rest.
 */
async function refused(
	store: CredentialStore,
	name: string,
	sent: Profile,
	error: CcTokenError,
	lostAnswerAt: number | undefined,
	rules: RefreshRules,
): Promise<RefreshOutcome | typeof lockLost> {
	const {accessToken, accessTokenExpiresAt, refreshToken, pendingRefresh, ...kept} = sent;
	const cleared = await store
		.saveProfileFenced(name, sent.refreshToken, kept)
		.catch(() => undefined);
	if (cleared && !cleared.saved && cleared.current?.refreshToken !== undefined) {
		if (hasTimeLeft(cleared.current, rules.now(), 0))
			return outcomeFrom(cleared.current, false, []);
		return lockLost;
	}
	throw refreshRejected(name, lostAnswerAt ?? pendingRefresh?.startedAt, error, rules.now());
}
