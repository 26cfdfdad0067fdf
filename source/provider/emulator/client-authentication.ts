// Client authentication at /token, /revoke and /device/authorize, as Okta does it for
// Constant Contact's apps: a `code` app (confidential) proves itself with its secret as HTTP
// Basic (client_secret_basic) and nothing else; a public app (`pkce`, `device`) names itself
// with client_id in the body and sends no secret. Strict on purpose: whether the real server
// also takes the secret in the body is not known, so the tool always sends Basic.
import {createHash, timingSafeEqual} from 'node:crypto';
import type {IncomingMessage} from 'node:http';
import {Refusal, randomToken} from './http.js';
import type {ServerState} from './state.js';
import type {EmulatorApp} from './types.js';

function refuse(description: string): Refusal {
	return new Refusal(401, 'invalid_client', description, {
		'WWW-Authenticate': 'Basic realm="Constant Contact emulator"',
	});
}

/** An unknown client_id, in the shape the server's reading of it answers with. */
function unknownClient(state: ServerState): Refusal {
	if (state.okta.unknownClientBody === 'oauth') return refuse(credentialsInvalid);
	const summary = "Invalid value for 'client_id' parameter.";
	return new Refusal(
		401,
		'invalid_client',
		summary,
		{},
		{
			errorCode: 'invalid_client',
			errorSummary: summary,
			errorLink: 'invalid_client',
			errorId: `oae${randomToken(16)}`,
			errorCauses: [],
		},
	);
}

/** A secret in the body as well as in the Authorization header (constant-contact.md: 401). */
function multipleCredentials(): Refusal {
	return new Refusal(
		401,
		'invalid_request',
		'Cannot supply multiple client credentials. Use one of the following: credentials in the Authorization header, credentials in the post body, or a client_assertion in the post body.',
	);
}

const credentialsInvalid =
	'Client authentication failed. Either the client or the client credentials are invalid.';

function sameSecret(given: string, expected: string): boolean {
	const digest = (value: string) => createHash('sha256').update(value).digest();
	return timingSafeEqual(digest(given), digest(expected));
}

/** Each half of Basic credentials is form-urlencoded first (RFC 6749 §2.3.1). */
function formDecode(value: string): string | undefined {
	try {
		return decodeURIComponent(value.replaceAll('+', ' '));
	} catch {
		return undefined;
	}
}

function basicCredentials(header: string): {clientId: string; secret: string} | undefined {
	const match = /^Basic +([A-Za-z0-9+/]+=*)$/i.exec(header.trim());
	if (!match) return undefined;
	const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon < 0) return undefined;
	const clientId = formDecode(decoded.slice(0, colon));
	const secret = formDecode(decoded.slice(colon + 1));
	return clientId === undefined || secret === undefined ? undefined : {clientId, secret};
}

export function authenticateClient(
	state: ServerState,
	request: IncomingMessage,
	params: Record<string, string>,
	options: {secretOptional?: boolean} = {},
): EmulatorApp {
	const header = request.headers.authorization;
	if (header !== undefined) {
		const credentials = basicCredentials(header);
		if (!credentials) {
			throw refuse('Client authentication failed: the Authorization header must be HTTP Basic.');
		}
		if (params.client_secret !== undefined) throw multipleCredentials();
		if (params.client_id !== undefined && params.client_id !== credentials.clientId) {
			throw refuse('The client_id in the body does not match the Authorization header.');
		}
		const app = state.apps.get(credentials.clientId);
		if (!app) throw unknownClient(state);
		if (app.clientSecret === undefined || !sameSecret(credentials.secret, app.clientSecret)) {
			throw refuse(credentialsInvalid);
		}
		return app;
	}
	if (params.client_id === undefined) throw refuse('A client_id must be provided in the request.');
	const app = state.apps.get(params.client_id);
	if (!app) throw unknownClient(state);
	if (params.client_secret !== undefined) {
		throw refuse(
			'Client authentication failed: the client secret is accepted only as HTTP Basic (client_secret_basic), never in the request body.',
		);
	}
	if (app.kind === 'code' && !options.secretOptional) {
		throw refuse(
			'Client authentication failed: this app has a client secret, so it must authenticate with HTTP Basic.',
		);
	}
	// Okta's older rule: a code exchange without a verifier must come with a secret instead.
	if (
		state.okta.publicClientWithoutVerifier === 'invalid_client' &&
		params.grant_type === 'authorization_code' &&
		params.code_verifier === undefined
	) {
		throw refuse(credentialsInvalid);
	}
	return app;
}
