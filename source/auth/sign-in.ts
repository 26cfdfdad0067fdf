// The sign-in engine. It races every route back from Constant Contact: the loopback listener
// (when the redirect URI can be served), a pasted address or code, and the device flow. The
// first valid answer wins; the others stop, leaving no listener, socket, poll or timer behind.
// It reports progress as events and knows nothing of screens.
import {CcTokenError, toCcTokenError} from '../errors.js';
import {endpointsFrom, portalUrl} from '../provider/constant-contact.js';
import {buildAuthorizeUrl} from './authorize-url.js';
import {failurePage, successPage} from './callback-page.js';
import {warmUpHttpClient} from './http.js';
import {type AcceptedCallback, type Loopback, startLoopback} from './loopback.js';
import {parsePastedRedirect} from './paste.js';
import {createPkce} from './pkce.js';
import {parseRedirectUri} from './redirect-uri.js';
import {createState} from './state.js';
import {cancelledError, exchangeCode, pollDeviceToken, requestDeviceCode} from './token-client.js';
import type {SignInEvent, SignInOptions, SignInRoute, SignInSession, TokenSet} from './types.js';

/** How long a sign-in waits for the browser or a paste, unless told otherwise. */
export const defaultSignInTimeoutMs = 5 * 60_000;

type Outcome = {route: SignInRoute; tokens: TokenSet};

function duration(ms: number): string {
	const seconds = Math.max(1, Math.round(ms / 1000));
	if (seconds % 60 === 0) return seconds === 60 ? '1 minute' : `${seconds / 60} minutes`;
	return seconds === 1 ? '1 second' : `${seconds} seconds`;
}

function timeoutError(
	timeoutMs: number,
	redirectUri: string,
	routes: {loopback: boolean; paste: boolean; device: boolean},
	registered: boolean,
): CcTokenError {
	const waited = duration(timeoutMs);
	const otherWays = [
		routes.paste ? 'paste the address from the browser’s address bar if it holds “code=”' : '',
		routes.device
			? ''
			: 'sign in with a code on another device (`cc-token login --device`, or `d` in the guide)',
	].filter(Boolean);
	const instead = otherWays.length > 0 ? ` Or ${otherWays.join(', or ')}.` : '';
	if (routes.loopback && registered) {
		return new CcTokenError(
			'timeout',
			`No answer came back from the browser within ${waited}. Constant Contact confirmed that ${redirectUri} is registered, so the sign-in was probably left unfinished in the browser (not signed in, not approved, or the page closed).`,
			{hint: `Sign in again and approve in the browser.${instead}`},
		);
	}
	if (routes.loopback) {
		return new CcTokenError(
			'timeout',
			`No answer came back from the browser within ${waited}. The usual cause: the redirect URI is not registered on your application exactly as ${redirectUri}, so Constant Contact showed its own error page and never sent the browser back.`,
			{
				hint: `Register exactly ${redirectUri} on your application in the developer portal (${portalUrl}) and sign in again.${instead}`,
			},
		);
	}
	if (routes.paste) {
		return new CcTokenError('timeout', `No address was pasted within ${waited}.`, {
			hint: `Sign in again, approve, then copy the whole address from the browser’s address bar and paste it. If Constant Contact shows an error about the redirect URI instead, register exactly ${redirectUri} on your application in the developer portal (${portalUrl}).`,
		});
	}
	return new CcTokenError('timeout', `The device sign-in was not approved within ${waited}.`, {
		hint: 'Start the device sign-in again (`cc-token login --device`, or `d` in the guide) and approve the code on the page it shows.',
	});
}

function badPasteNow(message: string): CcTokenError {
	return new CcTokenError('bad_input', message, {hint: 'Watch the sign-in’s progress instead.'});
}

export async function startSignIn(options: SignInOptions): Promise<SignInSession> {
	const emit = (event: SignInEvent): void => {
		// A listener's own failure must not break the sign-in it is watching.
		try {
			options.onEvent?.(event);
		} catch {}
	};
	const endpoints = options.endpoints ?? endpointsFrom();
	const requested = options.routes ?? ['loopback', 'paste'];
	if (requested.length === 0) {
		throw new CcTokenError('bad_input', 'A sign-in needs at least one route.', {
			hint: 'Leave the routes out to use the default ones.',
		});
	}
	if (options.signal?.aborted) throw cancelledError();
	const timeoutMs =
		options.timeoutMs && Number.isFinite(options.timeoutMs) && options.timeoutMs > 0
			? options.timeoutMs
			: defaultSignInTimeoutMs;

	const usesBrowser = requested.includes('loopback') || requested.includes('paste');
	const target = usesBrowser ? parseRedirectUri(options.redirectUri) : undefined;
	const routes = {
		loopback: requested.includes('loopback') && (target?.listenAddresses.length ?? 0) > 0,
		paste: requested.includes('paste'),
		device: requested.includes('device'),
	};
	const state = createState();
	const pkce = createPkce();
	const authorizeUrl = target
		? buildAuthorizeUrl({
				endpoints,
				clientId: options.clientId,
				redirectUri: options.redirectUri,
				scopes: options.scopes,
				state,
				codeChallenge: pkce.challenge,
			})
		: undefined;

	let settled = false;
	let exchanging = false;
	let loopback: Loopback | undefined;
	let timer: NodeJS.Timeout | undefined;
	const stop = new AbortController();
	let resolveResult!: (outcome: Outcome) => void;
	let rejectResult!: (error: CcTokenError) => void;
	const result = new Promise<Outcome>((resolve, reject) => {
		resolveResult = resolve;
		rejectResult = reject;
	});
	// Whoever drives the session may only watch events; a failure is still reported there.
	result.catch(() => {});

	const finish = (outcome: Outcome | CcTokenError): void => {
		if (settled) return;
		settled = true;
		clearTimeout(timer);
		options.signal?.removeEventListener('abort', cancel);
		stop.abort(cancelledError());
		const page = outcome instanceof CcTokenError ? failurePage(outcome) : successPage();
		// The browser gets its page while the tokens go to the caller at once, to be saved: a
		// browser that never fetches the page must not keep them only in memory. The listener
		// closes by itself once the page is served (2 s at most).
		void loopback?.finish(page);
		if (outcome instanceof CcTokenError) {
			emit({type: 'failed', error: outcome});
			rejectResult(outcome);
		} else {
			emit({type: 'signed-in', route: outcome.route, tokens: outcome.tokens});
			resolveResult(outcome);
		}
	};
	function cancel(): void {
		finish(cancelledError());
	}

	// A server that leaves out `scope` granted what was asked (RFC 6749, 5.1).
	const withScopes = (tokens: TokenSet): TokenSet =>
		tokens.scopes.length > 0 ? tokens : {...tokens, scopes: options.scopes};

	const accept = (route: SignInRoute, callback: AcceptedCallback): void => {
		if (settled) return;
		if (callback.kind === 'error') {
			finish(callback.error);
			return;
		}
		exchanging = true;
		// The person has approved: the rest depends on the token request's own deadline.
		clearTimeout(timer);
		emit({type: 'code-received', route});
		emit({type: 'exchanging', route});
		exchangeCode({
			endpoints,
			clientId: options.clientId,
			...(options.clientSecret ? {clientSecret: options.clientSecret} : {}),
			code: callback.code,
			redirectUri: options.redirectUri,
			codeVerifier: pkce.verifier,
		}).then(
			(tokens) => finish({route, tokens: withScopes(tokens)}),
			(error: unknown) => finish(toCcTokenError(error)),
		);
	};

	if (!options.scopes.includes('offline_access')) {
		emit({
			type: 'warning',
			message:
				'The scopes leave out offline_access, so Constant Contact will issue no refresh token: the access token will stop working after 24 hours and you will have to sign in again.',
		});
	}
	if (target && requested.includes('loopback') && !routes.loopback) {
		emit({
			type: 'warning',
			message: `cc-token cannot receive the browser’s return at ${options.redirectUri} itself. After approving, copy the whole address from the browser’s address bar and paste it here.`,
		});
	}
	if (target && routes.loopback) {
		loopback = await startLoopback({
			target,
			state,
			onCallback: (callback) => accept('loopback', callback),
			onRejected: (reason) => emit({type: 'callback-rejected', route: 'loopback', reason}),
		});
		emit({type: 'listening', redirectUri: options.redirectUri, addresses: loopback.addresses});
	}
	if (authorizeUrl) emit({type: 'authorize-url', url: authorizeUrl});
	// A code exchange follows the browser's return: have the HTTP client ready for it.
	if (authorizeUrl) void warmUpHttpClient();

	timer = setTimeout(
		() =>
			finish(
				timeoutError(
					timeoutMs,
					options.redirectUri,
					routes,
					options.redirectUriRegistered === true,
				),
			),
		timeoutMs,
	);
	options.signal?.addEventListener('abort', cancel, {once: true});
	if (options.signal?.aborted) cancel();

	if (routes.device) {
		const runDevice = async (): Promise<void> => {
			const device = await requestDeviceCode({
				endpoints,
				clientId: options.clientId,
				scopes: options.scopes,
			}).catch((error: unknown) => {
				// With a browser route still open, a device flow the app lacks is no reason to stop.
				if (usesBrowser && !settled) {
					emit({
						type: 'warning',
						message: `The device sign-in is not available: ${toCcTokenError(error).message}`,
					});
					return undefined;
				}
				throw error;
			});
			if (!device || settled) return;
			const {deviceCode: _secret, ...shown} = device;
			emit({type: 'device-code', device: shown});
			const tokens = await pollDeviceToken({
				endpoints,
				clientId: options.clientId,
				...(options.clientSecret ? {clientSecret: options.clientSecret} : {}),
				device,
				signal: stop.signal,
				onPoll: (interval) => emit({type: 'device-poll', interval}),
				...(options.sleep ? {sleep: options.sleep} : {}),
			});
			finish({route: 'device', tokens: withScopes(tokens)});
		};
		runDevice().catch((error: unknown) => finish(toCcTokenError(error)));
	}

	return {
		...(authorizeUrl ? {authorizeUrl} : {}),
		async submitPaste(text) {
			if (!routes.paste) {
				throw new CcTokenError('bad_input', 'This sign-in does not take a pasted address.', {
					hint: 'Finish the sign-in the way it was started.',
				});
			}
			if (settled) throw badPasteNow('This sign-in has already ended.');
			if (exchanging) {
				throw badPasteNow('This sign-in is already completing with the code it received.');
			}
			let pasted: ReturnType<typeof parsePastedRedirect>;
			try {
				pasted = parsePastedRedirect(text, {redirectUri: options.redirectUri, state});
			} catch (error) {
				const problem = toCcTokenError(error);
				if (problem.code !== 'bad_input') {
					finish(problem);
					return;
				}
				emit({type: 'callback-rejected', route: 'paste', reason: problem.message});
				throw problem;
			}
			if (pasted.state === undefined) {
				emit({
					type: 'warning',
					message:
						'A bare code carries no state, so cc-token cannot check that it belongs to this sign-in; Constant Contact still checks it.',
				});
			}
			accept('paste', {kind: 'code', code: pasted.code});
		},
		result,
		cancel,
	};
}
