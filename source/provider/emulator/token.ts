// POST /token and POST /revoke. Grants: authorization_code (single use, bound to the client,
// redirect URI, scopes and PKCE challenge), refresh_token (rotating or long-lived, per app;
// rotating with Okta's leeway and reuse detection) and the device code grant. Answers are
// OAuth JSON, never cached.
import {createHash} from 'node:crypto';
import type {IncomingMessage, ServerResponse} from 'node:http';
import {refreshTokenIdleLifetimeDays} from '../constant-contact.js';
import {accessTokenAudience} from './access-token.js';
import {demoAccount, deviceGrantType, grantTypesOf} from './apps.js';
import {authenticateClient} from './client-authentication.js';
import {pollDevice} from './device.js';
import {Refusal, randomToken, readForm, sendJson} from './http.js';
import {identityHostIssuer} from './okta-readings.js';
import {parseScopes} from './scopes.js';
import type {Grant, ServerState} from './state.js';
import type {EmulatorApp} from './types.js';

const refreshTokenIdleLifetimeMs = refreshTokenIdleLifetimeDays * 86_400_000;
const codeVerifierPattern = /^[A-Za-z0-9._~-]{43,128}$/;

function required(params: Record<string, string>, name: string): string {
	const value = params[name];
	if (value === undefined || value === '') {
		throw new Refusal(400, 'invalid_request', `The '${name}' parameter is required.`);
	}
	return value;
}

function createGrant(state: ServerState, app: EmulatorApp, scopes: string[]): Grant {
	const grant: Grant = {
		id: randomToken(12),
		clientId: app.clientId,
		scopes,
		refreshTokenUsedAt: state.now(),
		revoked: false,
	};
	// Like Constant Contact: without offline_access there is no refresh token, and no warning.
	if (scopes.includes('offline_access')) {
		grant.refreshToken = randomToken();
		state.grantIdByRefreshToken.set(grant.refreshToken, grant.id);
	}
	state.grants.set(grant.id, grant);
	return grant;
}

function issueTokens(state: ServerState, app: EmulatorApp, grant: Grant, scopes: string[]) {
	const issuedAt = Math.floor(state.now() / 1000);
	const expiresAt = issuedAt + app.accessTokenLifetimeSeconds;
	const tokenId = `AT.${randomToken(24)}`;
	const accessToken = state.signer.sign({
		ver: 1,
		jti: tokenId,
		iss:
			state.okta.issuer === 'identity-host' ? identityHostIssuer : `${state.origin}/oauth2/default`,
		aud: accessTokenAudience,
		iat: issuedAt,
		exp: expiresAt,
		cid: app.clientId,
		uid: demoAccount.encoded_account_id,
		sub: demoAccount.contact_email,
		scp: scopes,
	});
	state.grantIdByAccessTokenId.set(tokenId, grant.id);
	return {
		token_type: 'Bearer',
		expires_in: state.expiresInStyle === 'epoch' ? expiresAt : app.accessTokenLifetimeSeconds,
		access_token: accessToken,
		scope: scopes.join(' '),
		...(grant.refreshToken === undefined ? {} : {refresh_token: grant.refreshToken}),
	};
}

function exchangeCode(state: ServerState, app: EmulatorApp, params: Record<string, string>) {
	const code = required(params, 'code');
	const issued = state.codes.get(code);
	// Any presentation uses the code up: a replayed or guessed code never issues anything.
	state.codes.delete(code);
	if (!issued || issued.clientId !== app.clientId || issued.expiresAt <= state.now()) {
		throw new Refusal(400, 'invalid_grant', 'The authorization code is invalid or has expired.');
	}
	if (params.redirect_uri !== issued.redirectUri) {
		throw new Refusal(
			400,
			'invalid_grant',
			"The 'redirect_uri' does not match the redirection URI used in the authorization request.",
		);
	}
	const verifier = params.code_verifier;
	if (verifier !== undefined && !codeVerifierPattern.test(verifier)) {
		throw new Refusal(
			400,
			'invalid_request',
			'The PKCE code verifier must be 43 to 128 characters of A-Z, a-z, 0-9, "-", ".", "_" and "~".',
		);
	}
	if (issued.codeChallenge === undefined) {
		if (verifier !== undefined) {
			throw new Refusal(
				400,
				'invalid_grant',
				'PKCE verification failed: the authorization request had no code challenge.',
			);
		}
	} else {
		const challenge =
			verifier === undefined
				? undefined
				: createHash('sha256').update(verifier).digest('base64url');
		if (challenge !== issued.codeChallenge) {
			throw new Refusal(400, 'invalid_grant', 'PKCE verification failed.');
		}
	}
	return issueTokens(state, app, createGrant(state, app, issued.scopes), issued.scopes);
}

const refreshTokenRefused = () =>
	new Refusal(400, 'invalid_grant', 'The refresh token is invalid or expired.');

function retireRefreshToken(state: ServerState, grant: Grant): void {
	if (grant.refreshToken !== undefined) state.grantIdByRefreshToken.delete(grant.refreshToken);
	delete grant.refreshToken;
}

/** The sign-in ends: its newest refresh token and every access token it issued stop working. */
function revokeGrant(state: ServerState, grant: Grant): void {
	grant.revoked = true;
	retireRefreshToken(state, grant);
}

/** A new refresh token replaces the grant's newest one, which is spent from now on. */
function rotate(state: ServerState, grant: Grant, now: number): void {
	if (grant.refreshToken !== undefined) {
		state.spentRefreshTokens.set(grant.refreshToken, {grantId: grant.id, spentAt: now});
	}
	retireRefreshToken(state, grant);
	grant.refreshToken = randomToken();
	state.grantIdByRefreshToken.set(grant.refreshToken, grant.id);
}

/**
 * The grant a presented refresh token belongs to, and whether it is a spent one still inside
 * the leeway. A spent token presented after the leeway is Okta's reuse detection: it "immediately
 * invalidate[s] the most recently issued refresh token and all access tokens issued since the
 * user authenticated", so the whole grant is revoked before the refusal.
 */
function grantOfRefreshToken(
	state: ServerState,
	app: EmulatorApp,
	token: string,
	now: number,
): {grant: Grant; spent: boolean} {
	const newestOf = state.grantIdByRefreshToken.get(token);
	const spent = newestOf === undefined ? state.spentRefreshTokens.get(token) : undefined;
	const grantId = newestOf ?? spent?.grantId;
	const grant = grantId === undefined ? undefined : state.grants.get(grantId);
	if (!grant || grant.clientId !== app.clientId || grant.revoked) throw refreshTokenRefused();
	if (!spent) return {grant, spent: false};
	if (now - spent.spentAt < state.rotation.leewaySeconds * 1000) return {grant, spent: true};
	// Reuse detection, which Okta always applies to rotating tokens.
	revokeGrant(state, grant);
	throw refreshTokenRefused();
}

function refresh(state: ServerState, app: EmulatorApp, params: Record<string, string>) {
	const token = required(params, 'refresh_token');
	const now = state.now();
	const {grant, spent} = grantOfRefreshToken(state, app, token, now);
	if (now - grant.refreshTokenUsedAt > refreshTokenIdleLifetimeMs) {
		retireRefreshToken(state, grant);
		throw refreshTokenRefused();
	}
	const scopes = params.scope === undefined ? grant.scopes : parseScopes(params.scope);
	if (!scopes.every((scope) => grant.scopes.includes(scope))) {
		throw new Refusal(
			400,
			'invalid_scope',
			'The requested scopes exceed the scopes granted to this refresh token.',
		);
	}
	grant.refreshTokenUsedAt = now;
	// Rotating: each refresh replaces the newest token, so earlier ones work only in the leeway.
	// A spent token used in the leeway gets the newest one again under `same-new-token`.
	if (
		app.refreshTokenType === 'rotating' &&
		(!spent || state.rotation.leewayAnswer === 'rotate-again')
	) {
		rotate(state, grant, now);
	}
	state.counts.refreshes++;
	return issueTokens(state, app, grant, scopes);
}

function exchangeDeviceCode(state: ServerState, app: EmulatorApp, params: Record<string, string>) {
	const device = pollDevice(state, app, params);
	return issueTokens(state, app, createGrant(state, app, device.scopes), device.scopes);
}

export async function handleToken(
	state: ServerState,
	request: IncomingMessage,
	response: ServerResponse,
): Promise<void> {
	const params = await readForm(request);
	const grantType = required(params, 'grant_type');
	state.counts.grants[grantType] = (state.counts.grants[grantType] ?? 0) + 1;
	if (!['authorization_code', 'refresh_token', deviceGrantType].includes(grantType)) {
		throw new Refusal(
			400,
			'unsupported_grant_type',
			'The authorization grant type is not supported by the authorization server.',
		);
	}
	// A `code` app proves itself with its secret for every grant; public apps send client_id.
	const app = authenticateClient(state, request, params);
	const allowed = grantTypesOf(app);
	if (!allowed.includes(grantType)) {
		throw new Refusal(
			400,
			'unauthorized_client',
			`The client is not authorized to use the provided grant type. Configured grant types: [${allowed.join(', ')}].`,
		);
	}
	const tokens =
		grantType === 'authorization_code'
			? exchangeCode(state, app, params)
			: grantType === 'refresh_token'
				? refresh(state, app, params)
				: exchangeDeviceCode(state, app, params);
	sendJson(response, 200, tokens);
}

/** RFC 7009: 200 whether or not the token was known, so revocation reveals nothing. */
export async function handleRevoke(
	state: ServerState,
	request: IncomingMessage,
	response: ServerResponse,
): Promise<void> {
	const params = await readForm(request);
	const app = authenticateClient(state, request, params);
	const token = required(params, 'token');
	const grantId = state.grantIdByRefreshToken.get(token);
	const grant = grantId === undefined ? undefined : state.grants.get(grantId);
	if (grant && grant.clientId === app.clientId) {
		// Revoking a refresh token ends the whole grant, its access tokens included.
		revokeGrant(state, grant);
	} else {
		const claims = state.signer.verify(token);
		if (claims?.cid === app.clientId) state.revokedAccessTokenIds.add(claims.jti);
	}
	response.writeHead(200, {'Cache-Control': 'no-store'});
	response.end();
}
