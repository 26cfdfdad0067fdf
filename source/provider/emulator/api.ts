// The sliver of the V3 API that cc-token uses to check a token: GET /v3/account/summary,
// with the API's own error shape (a JSON array of {error_key, error_message}).
import type {IncomingMessage, ServerResponse} from 'node:http';
import {accessTokenAudience} from './access-token.js';
import {demoAccount} from './apps.js';
import {sendJson} from './http.js';
import type {ServerState} from './state.js';

export function sendApiError(
	response: ServerResponse,
	status: number,
	errorKey: string,
	message: string,
): void {
	sendJson(response, status, [{error_key: errorKey, error_message: message}]);
}

function isLive(state: ServerState, token: string): {scp: string[]} | undefined {
	const claims = state.signer.verify(token);
	if (!claims || claims.aud !== accessTokenAudience) return undefined;
	if (claims.exp * 1000 <= state.now()) return undefined;
	if (state.revokedAccessTokenIds.has(claims.jti)) return undefined;
	const grantId = state.grantIdByAccessTokenId.get(claims.jti);
	if (grantId === undefined || state.grants.get(grantId)?.revoked !== false) return undefined;
	return claims;
}

export function handleAccountSummary(
	state: ServerState,
	request: IncomingMessage,
	response: ServerResponse,
): void {
	state.counts.accountSummary++;
	const bearer = /^Bearer +(\S+)$/i.exec(request.headers.authorization?.trim() ?? '');
	const claims = bearer ? isLive(state, bearer[1]!) : undefined;
	if (!claims) {
		sendApiError(
			response,
			401,
			'unauthorized',
			'Unauthorized: the access token is missing, invalid, expired or revoked.',
		);
	} else if (!claims.scp.includes('account_read')) {
		sendApiError(
			response,
			403,
			'forbidden',
			'Forbidden: this request needs the account_read scope.',
		);
	} else {
		sendJson(response, 200, demoAccount);
	}
}
