// GET /authorize checks a sign-in request as strictly as Constant Contact's Okta server:
// problems with the client or redirect URI are shown as an error page, before any consent
// (never redirected to an address the server cannot trust; a device app has no redirect URI,
// so it always gets that page); every other problem goes back to the redirect URI as error=….
// A valid request is sent on (302) to the sign-in page, or answered with it (200) under the
// `sign-in-page` reading; it asks for consent (or the request goes straight back with a code,
// when auto-approving), and POST /authorize takes the person's decision.
import type {IncomingMessage, ServerResponse} from 'node:http';
import {consentForm} from './consent-form.js';
import {html, type Page, sendErrorPage, sendPage} from './html.js';
import {Refusal, randomToken, readDecisionForm, singleValued} from './http.js';
import {parseScopes} from './scopes.js';
import type {PendingConsent, ServerState} from './state.js';
import type {EmulatorApp} from './types.js';

const authorizationCodeLifetimeMs = 5 * 60_000;
const consentLifetimeMs = 10 * 60_000;
const codeChallengePattern = /^[A-Za-z0-9_-]{43}$/;

type AuthorizationRequest = Omit<PendingConsent, 'expiresAt'>;

function redirect(response: ServerResponse, target: string, params: Record<string, string>): void {
	const url = new URL(target);
	for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
	response.writeHead(302, {
		Location: url.href,
		'Cache-Control': 'no-store',
		'Referrer-Policy': 'no-referrer',
	});
	response.end();
}

function redirectWithCode(
	state: ServerState,
	response: ServerResponse,
	request: AuthorizationRequest,
) {
	const code = randomToken();
	state.codes.set(code, {
		clientId: request.app.clientId,
		redirectUri: request.redirectUri,
		scopes: request.scopes,
		...(request.codeChallenge === undefined ? {} : {codeChallenge: request.codeChallenge}),
		expiresAt: state.now() + authorizationCodeLifetimeMs,
	});
	redirect(response, request.redirectUri, {code, state: request.state});
}

function redirectDenied(response: ServerResponse, request: AuthorizationRequest): void {
	redirect(response, request.redirectUri, {
		error: 'access_denied',
		error_description: 'The resource owner or authorization server denied the request.',
		state: request.state,
	});
}

/** The checks whose failures may be redirected: the client and redirect URI are already trusted. */
function checkRequest(app: EmulatorApp, params: Record<string, string>): AuthorizationRequest {
	if (params.response_type === undefined) {
		throw new Refusal(400, 'invalid_request', "The 'response_type' parameter is required.");
	}
	if (params.response_type !== 'code') {
		throw new Refusal(
			400,
			'unsupported_response_type',
			'The response type is not supported by the authorization server. Configured response types: [code].',
		);
	}
	const scopes = parseScopes(params.scope);
	if (!params.state) {
		throw new Refusal(
			400,
			'invalid_request',
			"The authentication request has an invalid 'state' parameter.",
		);
	}
	const challenge = params.code_challenge;
	const method = params.code_challenge_method;
	if (challenge === undefined) {
		if (app.kind !== 'code') {
			throw new Refusal(
				400,
				'invalid_request',
				"PKCE code challenge is required when the token endpoint authentication method is 'NONE'.",
			);
		}
		if (method !== undefined) {
			throw new Refusal(
				400,
				'invalid_request',
				"The 'code_challenge' parameter is required when 'code_challenge_method' is sent.",
			);
		}
	} else {
		if (method !== 'S256') {
			throw new Refusal(
				400,
				'invalid_request',
				"PKCE code challenge method is not supported. Only 'S256' is supported.",
			);
		}
		if (!codeChallengePattern.test(challenge)) {
			throw new Refusal(
				400,
				'invalid_request',
				'The PKCE code challenge must be 43 base64url characters: the SHA-256 of the code verifier.',
			);
		}
	}
	return {
		app,
		redirectUri: params.redirect_uri!,
		scopes,
		state: params.state,
		...(challenge === undefined ? {} : {codeChallenge: challenge}),
	};
}

/** Where a consent form may send the browser: this server, then the app's redirect URI. */
function formTarget(redirectUri: string): string {
	const url = new URL(redirectUri);
	return url.origin === 'null' ? url.protocol : url.origin;
}

/**
 * A good request while a person must sign in. As classic Okta does, it goes on (302) to the
 * sign-in page: here a page that asks for consent at once, since the emulator has no
 * passwords. Under the `sign-in-page` reading the answer is that page itself (200), as Okta
 * Identity Engine answers.
 */
function toSignIn(
	state: ServerState,
	response: ServerResponse,
	request: AuthorizationRequest,
): void {
	const consentId = randomToken();
	state.consents.set(consentId, {...request, expiresAt: state.now() + consentLifetimeMs});
	if (state.okta.authorizePage === 'sign-in-page') {
		sendPage(response, signInPage(consentId, request));
	} else {
		redirect(response, `${state.origin}${signInPath}`, {consent: consentId});
	}
}

export const signInPath = '/oauth2/default/v1/sign-in';

function signInPage(consentId: string, request: AuthorizationRequest): Page {
	return {
		title: `Allow ${request.app.name} to use your account?`,
		formTargets: [formTarget(request.redirectUri)],
		body: html`${consentForm({
			requester: html`<strong>${request.app.name}</strong>`,
			scopes: request.scopes,
			action: '/oauth2/default/v1/authorize',
			hidden: {name: 'consent', value: consentId},
		})}
<p>Your answer is sent to <code>${request.redirectUri}</code>.</p>`,
	};
}

/** The sign-in (consent) page a good /authorize request was sent to. */
export function handleSignInPage(state: ServerState, response: ServerResponse, url: URL): void {
	const consentId = singleValued(url.searchParams).consent;
	const request = consentId === undefined ? undefined : state.consents.get(consentId);
	if (!consentId || !request || request.expiresAt <= state.now()) {
		throw new Refusal(
			400,
			'invalid_request',
			'This sign-in request was already answered or has expired. Start the sign-in again from the application.',
		);
	}
	sendPage(response, signInPage(consentId, request));
}

/**
 * Under the `bot-403` reading, what bot detection in front of Okta does: a client that does not
 * say it is a browser gets a bare 403 (no page, no reason), whatever it asked.
 */
function looksLikeABot(state: ServerState, request: IncomingMessage): boolean {
	return (
		state.okta.authorizePage === 'bot-403' &&
		!(request.headers['user-agent'] ?? '').startsWith('Mozilla/')
	);
}

export function handleAuthorize(
	state: ServerState,
	httpRequest: IncomingMessage,
	response: ServerResponse,
	url: URL,
): void {
	if (looksLikeABot(state, httpRequest)) {
		response.writeHead(403, {'Content-Type': 'text/plain; charset=utf-8'});
		response.end('Forbidden');
		return;
	}
	const params = singleValued(url.searchParams);
	const app = params.client_id === undefined ? undefined : state.apps.get(params.client_id);
	if (!app) throw new Refusal(400, 'invalid_client', "Invalid value for 'client_id' parameter.");
	const redirectUri = params.redirect_uri;
	if (redirectUri === undefined || !app.redirectUris.includes(redirectUri)) {
		const portal = `${state.origin}/pages/dma/portal/`;
		sendErrorPage(
			response,
			400,
			'invalid_request',
			`The 'redirect_uri' parameter must be a Login redirect URI in the client app settings: ${portal}`,
			html`<p>Redirect URI sent: <code>${redirectUri ?? '(none)'}</code></p>
<p>Register exactly this address for <strong>${app.name}</strong> in the <a href="/pages/dma/portal/">developer portal</a>, or send one that is registered.</p>`,
		);
		return;
	}
	let request: AuthorizationRequest;
	try {
		request = checkRequest(app, params);
	} catch (error) {
		if (!(error instanceof Refusal)) throw error;
		redirect(response, redirectUri, {
			error: error.error,
			error_description: error.description,
			...(params.state ? {state: params.state} : {}),
		});
		return;
	}
	if (state.autoApprove === 'allow') redirectWithCode(state, response, request);
	else if (state.autoApprove === 'deny') redirectDenied(response, request);
	else toSignIn(state, response, request);
}

/** The consent form's answer. Only the one-time consent id and the decision are read from it. */
export async function handleConsentDecision(
	state: ServerState,
	request: IncomingMessage,
	response: ServerResponse,
): Promise<void> {
	const form = await readDecisionForm(request, 'Choose Allow or Deny on the consent page.');
	const consent = form.consent === undefined ? undefined : state.consents.get(form.consent);
	if (form.consent !== undefined) state.consents.delete(form.consent);
	if (!consent || consent.expiresAt <= state.now()) {
		throw new Refusal(
			400,
			'invalid_request',
			'This sign-in request was already answered or has expired. Start the sign-in again from the application.',
		);
	}
	if (form.decision === 'allow') redirectWithCode(state, response, consent);
	else redirectDenied(response, consent);
}
