// The sign-in engine. It races every route back from Constant Contact (sign-in-routes.ts has
// one starter each: the loopback listener, when the redirect URI can be served; a pasted
// address or code; the device flow) under one cancellation. The first valid answer wins; the
// others stop, leaving no listener, socket, poll or timer behind. It reports progress as
// events and knows nothing of screens.
import {CcTokenError, isCcTokenError, toCcTokenError} from '../errors.js';
import {endpointsFrom, portalUrl} from '../provider/constant-contact.js';
import {buildAuthorizeUrl} from './authorize-url.js';
import {failurePage, successPage} from './callback-page.js';
import {warmUpHttpClient} from './http.js';
import {createPkce} from './pkce.js';
import {parseRedirectUri} from './redirect-uri.js';
import {
	type SignInContext,
	type SignInPhase,
	type StartedRoute,
	startDeviceRoute,
	startLoopbackRoute,
	startPasteRoute,
} from './sign-in-routes.js';
import {defaultSignInTimeoutMs} from './sign-in-timeout.js';
import {createState} from './state.js';
import {cancelledError, exchangeCode} from './token-client.js';
import type {SignInEvent, SignInOptions, SignInRoute, SignInSession, TokenSet} from './types.js';

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

/** What a person should know before the sign-in starts. */
function startWarnings(options: SignInOptions, found: {unservedLoopback: boolean}): string[] {
	return [
		...(options.scopes.includes('offline_access')
			? []
			: [
					'The scopes leave out offline_access, so Constant Contact will issue no refresh token: the access token will stop working after 24 hours and you will have to sign in again.',
				]),
		...(found.unservedLoopback
			? [
					`cc-token cannot receive the browser’s return at ${options.redirectUri} itself. After approving, copy the whole address from the browser’s address bar and paste it here.`,
				]
			: []),
	];
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
				apiKey: options.apiKey,
				redirectUri: options.redirectUri,
				scopes: options.scopes,
				state,
				codeChallenge: pkce.challenge,
			})
		: undefined;

	let phase: SignInPhase = 'waiting';
	const started: StartedRoute[] = [];
	const stop = new AbortController();
	let timer: NodeJS.Timeout | undefined;
	let settle!: {resolve: (outcome: Outcome) => void; reject: (error: CcTokenError) => void};
	const result = new Promise<Outcome>((resolve, reject) => {
		settle = {resolve, reject};
	});
	// Whoever drives the session may only watch events; a failure is still reported there.
	result.catch(() => {});

	// A server that leaves out `scope` granted what was asked (RFC 6749, 5.1).
	const withScopes = (tokens: TokenSet): TokenSet =>
		tokens.scopes.length > 0 ? tokens : {...tokens, scopes: options.scopes};

	const end = (outcome: Outcome | CcTokenError): void => {
		if (phase === 'ended') return;
		phase = 'ended';
		clearTimeout(timer);
		options.signal?.removeEventListener('abort', cancel);
		stop.abort(cancelledError());
		const page = isCcTokenError(outcome) ? failurePage(outcome) : successPage();
		// The browser gets its page while the tokens go to the caller at once, to be saved: a
		// browser that never fetches the page must not keep them only in memory.
		for (const route of started) route.end?.(page);
		if (isCcTokenError(outcome)) {
			emit({type: 'failed', error: outcome});
			settle.reject(outcome);
		} else {
			const tokens = withScopes(outcome.tokens);
			emit({type: 'signed-in', route: outcome.route, tokens});
			settle.resolve({route: outcome.route, tokens});
		}
	};
	function cancel(): void {
		end(cancelledError());
	}

	const context: SignInContext = {
		options,
		endpoints,
		state,
		emit,
		phase: () => phase,
		stopped: stop.signal,
		end,
		arrived(route, callback) {
			// The first answer wins; a later one (a paste after the browser came back) is ignored.
			if (phase !== 'waiting') return;
			if (callback.kind === 'error') {
				end(callback.error);
				return;
			}
			phase = 'exchanging';
			// The person has approved: the rest depends on the token request's own deadline.
			clearTimeout(timer);
			emit({type: 'code-received', route});
			emit({type: 'exchanging', route});
			exchangeCode({
				endpoints,
				apiKey: options.apiKey,
				...(options.clientSecret ? {clientSecret: options.clientSecret} : {}),
				code: callback.code,
				redirectUri: options.redirectUri,
				codeVerifier: pkce.verifier,
			}).then(
				(tokens) => end({route, tokens}),
				(error: unknown) => end(toCcTokenError(error)),
			);
		},
	};

	for (const message of startWarnings(options, {
		unservedLoopback: target !== undefined && requested.includes('loopback') && !routes.loopback,
	})) {
		emit({type: 'warning', message});
	}
	if (target && routes.loopback) started.push(await startLoopbackRoute(context, target));
	const paste = routes.paste ? startPasteRoute(context) : undefined;
	if (authorizeUrl) {
		emit({type: 'authorize-url', url: authorizeUrl});
		// A code exchange follows the browser's return: have the HTTP client ready for it.
		void warmUpHttpClient();
	}

	timer = setTimeout(
		() =>
			end(
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
	if (routes.device && context.phase() !== 'ended') {
		started.push(startDeviceRoute(context, usesBrowser));
	}

	return {
		...(authorizeUrl ? {authorizeUrl} : {}),
		async submitPaste(text) {
			if (!paste) {
				throw new CcTokenError('bad_input', 'This sign-in does not take a pasted address.', {
					hint: 'Finish the sign-in the way it was started.',
				});
			}
			await paste.submit(text);
		},
		result,
		cancel,
	};
}
