// The V3 API the emulator serves, checked in the real server's order: the access token (401),
// the API key's rate limits (429), the resource and method (404, 405), the token's scope or
// the app's standing (403), then the resource itself. Everything under /v3/ comes here.
import type {IncomingMessage, ServerResponse} from 'node:http';
import {accessTokenAudience} from './access-token.js';
import {listCampaigns} from './api-campaigns.js';
import {
	type Contact,
	createContact,
	findContact,
	listContacts,
	seedContacts,
} from './api-contacts.js';
import {ApiRefusal, sendApiRefusal} from './api-errors.js';
import {admitRequest, createLimitState, type LimitState} from './api-limits.js';
import {demoAccount} from './apps.js';
import {Refusal, sendJson} from './http.js';
import type {ServerState} from './state.js';
import type {EmulatorApiLimits} from './types.js';

export {sendApiError} from './api-errors.js';

export interface ApiState {
	limits: LimitState;
	contacts: Contact[];
	/** Apps whose API access Constant Contact has switched off: every call is 403. */
	deactivated: Set<string>;
	counts: {requests: number; throttled: number};
}

export function createApiState(limits: Partial<EmulatorApiLimits> = {}): ApiState {
	return {
		limits: createLimitState(limits),
		contacts: seedContacts(),
		deactivated: new Set(),
		counts: {requests: 0, throttled: 0},
	};
}

interface Claims {
	cid: string;
	scp: string[];
}

type Answer = {status: number; body: unknown};

interface Resource {
	pattern: RegExp;
	methods: Partial<
		Record<
			string,
			{
				scope: string;
				answer: (
					api: ApiState,
					request: IncomingMessage,
					url: URL,
					match: RegExpExecArray,
					now: number,
				) => Answer | Promise<Answer>;
			}
		>
	>;
}

const resources: Resource[] = [
	{
		pattern: /^\/v3\/account\/summary$/,
		methods: {GET: {scope: 'account_read', answer: () => ({status: 200, body: demoAccount})}},
	},
	{
		pattern: /^\/v3\/contacts$/,
		methods: {
			GET: {
				scope: 'contact_data',
				answer: (api, _r, url) => ({status: 200, body: listContacts(api.contacts, url)}),
			},
			POST: {
				scope: 'contact_data',
				answer: async (api, request, _url, _m, now) => ({
					status: 201,
					body: await createContact(api.contacts, request, now),
				}),
			},
		},
	},
	{
		pattern: /^\/v3\/contacts\/([^/]+)$/,
		methods: {
			GET: {
				scope: 'contact_data',
				answer: (api, _r, _u, match) => ({status: 200, body: findContact(api.contacts, match[1]!)}),
			},
		},
	},
	{
		pattern: /^\/v3\/emails$/,
		methods: {
			GET: {
				scope: 'campaign_data',
				answer: (_api, _r, url) => ({status: 200, body: listCampaigns(url)}),
			},
		},
	},
];

function liveClaims(state: ServerState, token: string): Claims | undefined {
	const claims = state.signer.verify(token);
	if (!claims || claims.aud !== accessTokenAudience) return undefined;
	if (claims.exp * 1000 <= state.now()) return undefined;
	if (state.revokedAccessTokenIds.has(claims.jti)) return undefined;
	const grantId = state.grantIdByAccessTokenId.get(claims.jti);
	if (grantId === undefined || state.grants.get(grantId)?.revoked !== false) return undefined;
	return claims;
}

function authenticate(state: ServerState, request: IncomingMessage): Claims {
	const bearer = /^Bearer +(\S+)$/i.exec(request.headers.authorization?.trim() ?? '');
	if (!bearer) {
		throw new ApiRefusal(401, [
			{error_key: 'unauthorized', error_message: 'Unauthorized: no access token was sent.'},
		]);
	}
	const claims = liveClaims(state, bearer[1]!);
	if (!claims) {
		// A token that was presented but no longer works: the single-object form.
		throw new ApiRefusal(
			401,
			[
				{
					error_key: 'unauthorized',
					error_message: 'Unauthorized: the access token is invalid, expired or revoked.',
				},
			],
			'object',
		);
	}
	return claims;
}

async function answer(
	state: ServerState,
	api: ApiState,
	request: IncomingMessage,
	url: URL,
): Promise<Answer> {
	if (url.pathname === '/v3/account/summary') state.counts.accountSummary++;
	const claims = authenticate(state, request);
	admitRequest(api.limits, claims.cid, state.now());
	let match: RegExpExecArray | null = null;
	const resource = resources.find((candidate) => (match = candidate.pattern.exec(url.pathname)));
	if (!resource || !match) {
		throw new ApiRefusal(404, [
			{error_key: 'not_found', error_message: 'There is nothing at this address.'},
		]);
	}
	const method = Object.hasOwn(resource.methods, request.method ?? '')
		? resource.methods[request.method as string]
		: undefined;
	if (!method) {
		const allowed = Object.keys(resource.methods).join(', ');
		throw new Refusal(405, 'method_not_allowed', `Use ${allowed} here.`, {Allow: allowed});
	}
	if (api.deactivated.has(claims.cid)) {
		throw new ApiRefusal(403, [
			{
				error_key: 'forbidden',
				error_message: 'Forbidden: this application has been deactivated.',
			},
		]);
	}
	if (!claims.scp.includes(method.scope)) {
		// The real server does not say which scope is missing.
		throw new ApiRefusal(403, [
			{error_key: 'forbidden', error_message: 'Forbidden: this is not an authorized request.'},
		]);
	}
	return method.answer(api, request, url, match, state.now());
}

export async function handleApi(
	state: ServerState,
	api: ApiState,
	request: IncomingMessage,
	response: ServerResponse,
	url: URL,
): Promise<void> {
	api.counts.requests++;
	try {
		const {status, body} = await answer(state, api, request, url);
		request.resume();
		sendJson(response, status, body);
	} catch (error) {
		if (!(error instanceof Refusal) || response.headersSent) throw error;
		request.resume();
		if (error.error === 'throttled') api.counts.throttled++;
		sendApiRefusal(response, error);
	}
}
