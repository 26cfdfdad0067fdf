// Before any browser opens, ask Constant Contact's authorization server what it will say, so
// that a sign-in that cannot work stops at once with the fix instead of after five minutes
// in the browser. Two questions that need no person and issue nothing:
//   GET /authorize, redirects not followed: a 400 page means an unknown API key or an
//     unregistered redirect URI (its text tells which); anything else means "go on".
//   POST /token with a made-up code and no secret: invalid_client means the app needs its
//     secret (Authorization Code) or is unknown; invalid_grant means a public PKCE app;
//     unauthorized_client means a Device Flow app.
// A code app's secret is then tried the same way. Answers not recognised are never a verdict:
// the sign-in goes on as it would have, and says so.
import {randomBytes} from 'node:crypto';
import {buildAuthorizeUrl} from '../auth/authorize-url.js';
import {httpRequest} from '../auth/http.js';
import {createPkce} from '../auth/pkce.js';
import {createState} from '../auth/state.js';
import {CcTokenError, toCcTokenError} from '../errors.js';
import {
	type AppKind,
	appKindPortalNames,
	type Endpoints,
	portalUrl,
} from '../provider/constant-contact.js';
import {serverText} from '../text/server-text.js';

export interface PreflightRequest {
	endpoints: Endpoints;
	apiKey: string;
	clientSecret?: string;
	redirectUri: string;
	scopes: string[];
	signal?: AbortSignal;
}

export interface AppInspection {
	apiKey: 'known' | 'unknown' | 'unclear';
	/** Absent when the server's answers did not say. */
	kind?: AppKind;
	/** `not-needed`: a device app has no redirect URI. */
	redirectUri: 'registered' | 'unregistered' | 'not-needed' | 'unclear';
	/** `unused`: a public app was given a secret, which it must not send. */
	secret: 'accepted' | 'missing' | 'rejected' | 'not-needed' | 'unused' | 'unclear';
	/** Answers that were not recognised, in words, for "going on anyway". */
	unrecognised: string[];
}

type AuthorizeAnswer = 'fine' | 'unknown-client' | 'unregistered-redirect' | {unrecognised: string};
type TokenAnswer =
	| 'invalid_client'
	| 'invalid_grant'
	| 'unauthorized_client'
	| {unrecognised: string};

const entities: Record<string, string> = {amp: '&', lt: '<', gt: '>', quot: '"', apos: "'"};

/** A page's visible text, near enough to find a sentence in it. */
function pageText(body: string): string {
	return body
		.replace(/<(style|script)\b[\s\S]*?<\/\1>/gi, ' ')
		.replace(/<[^>]*>/g, ' ')
		.replace(/&#x([0-9a-f]+);/gi, (_, hex: string) =>
			String.fromCodePoint(Number.parseInt(hex, 16)),
		)
		.replace(/&#(\d+);/g, (_, decimal: string) => String.fromCodePoint(Number(decimal)))
		.replace(/&(\w+);/g, (whole, name: string) => entities[name] ?? whole)
		.replace(/\s+/g, ' ');
}

function unrecognised(what: string, status: number | string): {unrecognised: string} {
	return {
		unrecognised: `${what} answered ${typeof status === 'number' ? `HTTP ${status}` : status}`,
	};
}

async function askAuthorize(p: PreflightRequest): Promise<AuthorizeAnswer> {
	const url = buildAuthorizeUrl({
		endpoints: p.endpoints,
		apiKey: p.apiKey,
		redirectUri: p.redirectUri,
		scopes: p.scopes,
		state: createState(),
		codeChallenge: createPkce().challenge,
	});
	const response = await httpRequest(url, {
		method: 'GET',
		headers: {accept: 'text/html'},
		idempotent: true,
		...(p.signal ? {signal: p.signal} : {}),
	});
	// A good request goes on to the login (or consent) page; nothing is issued by asking.
	if (response.status < 400) return 'fine';
	if (response.status === 400) {
		const text = pageText(response.body);
		// Okta's words for a redirect URI the app has not registered (a device app has none).
		if (/must be a Login redirect URI/i.test(text)) return 'unregistered-redirect';
		if (/Invalid value for .{0,3}client_id/i.test(text)) return 'unknown-client';
	}
	return unrecognised('The authorize page', response.status);
}

async function askToken(p: PreflightRequest, secret?: string): Promise<TokenAnswer> {
	const basic = secret
		? `Basic ${Buffer.from(`${encodeURIComponent(p.apiKey)}:${encodeURIComponent(secret)}`).toString('base64')}`
		: undefined;
	const response = await httpRequest(p.endpoints.token, {
		method: 'POST',
		headers: basic ? {authorization: basic} : {},
		form: {
			grant_type: 'authorization_code',
			// Made up: no server issued it, so no sign-in can be spent or started by it.
			code: `cc-token-preflight-${randomBytes(12).toString('base64url')}`,
			redirect_uri: p.redirectUri,
			code_verifier: createPkce().verifier,
			...(basic ? {} : {client_id: p.apiKey}),
		},
		// Nothing can be spent twice with a made-up code.
		idempotent: true,
		...(p.signal ? {signal: p.signal} : {}),
	});
	let error: unknown;
	try {
		error = (JSON.parse(response.body) as {error?: unknown}).error;
	} catch {}
	if (error === 'invalid_client' || error === 'invalid_grant' || error === 'unauthorized_client') {
		return error;
	}
	return unrecognised(
		'The token endpoint',
		typeof error === 'string' ? `“${serverText(error, {maxLength: 40})}”` : response.status,
	);
}

function kindFrom(answer: TokenAnswer): AppKind | undefined {
	if (answer === 'invalid_grant') return 'pkce';
	if (answer === 'unauthorized_client') return 'device';
	return undefined;
}

/** Asks the server about the app behind the API key; never throws a verdict, only network trouble. */
export async function inspectApp(p: PreflightRequest): Promise<AppInspection> {
	const [authorize, token] = await Promise.all([askAuthorize(p), askToken(p)]);
	const notes = [authorize, token].flatMap((answer) =>
		typeof answer === 'object' ? [answer.unrecognised] : [],
	);
	const clientKnown = authorize === 'fine' || authorize === 'unregistered-redirect';
	let kind = kindFrom(token);
	// Known to /authorize, yet the token endpoint wants client authentication: a code app.
	if (kind === undefined && token === 'invalid_client' && clientKnown) kind = 'code';
	const unknownClient = kind === undefined && authorize === 'unknown-client';
	let secret: AppInspection['secret'] = 'unclear';
	if (kind === 'pkce' || kind === 'device') secret = p.clientSecret ? 'unused' : 'not-needed';
	if (kind === 'code') {
		if (!p.clientSecret) secret = 'missing';
		else {
			const withSecret = await askToken(p, p.clientSecret);
			if (withSecret === 'invalid_grant') secret = 'accepted';
			else if (withSecret === 'invalid_client') secret = 'rejected';
			else if (typeof withSecret === 'object') notes.push(withSecret.unrecognised);
		}
	}
	return {
		apiKey: unknownClient ? 'unknown' : kind !== undefined || clientKnown ? 'known' : 'unclear',
		...(kind ? {kind} : {}),
		redirectUri:
			kind === 'device'
				? 'not-needed'
				: authorize === 'fine'
					? 'registered'
					: authorize === 'unregistered-redirect'
						? 'unregistered'
						: 'unclear',
		secret,
		unrecognised:
			kind === 'device' ? notes.filter((note) => !note.startsWith('The authorize')) : notes,
	};
}

const portal = `the developer portal (${portalUrl})`;

/** The first thing that stops this sign-in, with its fix; undefined when it may go on. */
export function preflightProblem(
	inspection: AppInspection,
	request: {apiKey: string; redirectUri: string; wantsDevice?: boolean},
): CcTokenError | undefined {
	if (inspection.apiKey === 'unknown') {
		return new CcTokenError(
			'unknown_api_key',
			`Constant Contact does not know the API key ${request.apiKey}.`,
			{
				hint: `This API key is not known: copy it again from your application’s page in ${portal} (My Applications → your application → API Key).`,
			},
		);
	}
	if (inspection.redirectUri === 'unregistered') {
		return new CcTokenError(
			'redirect_uri_unregistered',
			`The redirect URI ${request.redirectUri} is not registered on this application, so Constant Contact would stop the sign-in on an error page.`,
			{
				hint: `Register exactly ${request.redirectUri} on your application in ${portal} (Redirect URIs: the same scheme, host, port and path), save, and sign in again. Or give cc-token a redirect URI that is registered (--redirect-uri, CC_REDIRECT_URI).`,
			},
		);
	}
	if (inspection.secret === 'missing') {
		return new CcTokenError(
			'secret_required',
			`This application was created with the ${appKindPortalNames.code}, so Constant Contact requires its client secret.`,
			{
				hint: `This application needs its secret: Generate Secret in ${portal}, on the application’s page, and paste it (--client-secret or CC_CLIENT_SECRET; in the guide, choose Authorization Code at “Create the app” and paste it at the secret step). Generating again replaces the old one.`,
			},
		);
	}
	if (inspection.secret === 'rejected') {
		return new CcTokenError(
			'secret_rejected',
			'Constant Contact did not accept the client secret for this API key.',
			{
				hint: `Use the application’s latest secret: Generate Secret on its page in ${portal} shows a new one (and retires the old), then paste it.`,
			},
		);
	}
	if (request.wantsDevice && inspection.kind !== undefined && inspection.kind !== 'device') {
		return new CcTokenError(
			'wrong_app_kind',
			`This application was created with the ${appKindPortalNames[inspection.kind]}, so it cannot sign in with a code on another device.`,
			{
				hint: `Sign in in a browser (leave out --device; in the guide, s), or create an application with the ${appKindPortalNames.device} in ${portal}.`,
			},
		);
	}
	return undefined;
}

export interface Preflight {
	inspection?: AppInspection;
	/** Things to tell the person before going on (an unrecognised answer, an unused secret). */
	notes: string[];
}

/**
 * The check a sign-in runs first: throws the problem that stops it (with its fix), else says
 * what it found. A network failure is not a verdict either: the sign-in itself will meet it.
 */
export async function preflight(
	request: PreflightRequest & {wantsDevice?: boolean},
): Promise<Preflight> {
	let inspection: AppInspection;
	try {
		inspection = await inspectApp(request);
	} catch (error) {
		if (request.signal?.aborted) throw error;
		return {
			notes: [
				`Could not check the application with Constant Contact first (${toCcTokenError(error).message}); going on with the sign-in.`,
			],
		};
	}
	const problem = preflightProblem(inspection, request);
	if (problem) throw problem;
	const notes = inspection.unrecognised.map(
		(answer) =>
			`Could not tell everything about the application beforehand (${answer}); going on with the sign-in as usual.`,
	);
	if (inspection.secret === 'unused' && inspection.kind) {
		notes.push(
			`This application was created with the ${appKindPortalNames[inspection.kind]}, which has no client secret: the secret given is not used.`,
		);
	}
	return {inspection, notes};
}
