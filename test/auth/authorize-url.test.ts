import {describe, expect, it} from 'vitest';
import {buildAuthorizeUrl} from '../../source/auth/authorize-url.js';
import {endpointsFrom} from '../../source/provider/constant-contact.js';

const base = {
	endpoints: endpointsFrom({}),
	apiKey: '6f1d2c8e-3b7a-4e5f-9a0c-8d4b2e6f1a37',
	redirectUri: 'http://localhost:47325/callback',
	scopes: ['account_read', 'contact_data', 'offline_access'],
	state: 'state-value_1',
	codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
};

describe('buildAuthorizeUrl', () => {
	it('carries exactly the parameters Constant Contact expects', () => {
		const url = new URL(buildAuthorizeUrl(base));
		expect(`${url.origin}${url.pathname}`).toBe(
			'https://authz.constantcontact.com/oauth2/default/v1/authorize',
		);
		expect(Object.fromEntries(url.searchParams)).toEqual({
			client_id: base.apiKey,
			redirect_uri: base.redirectUri,
			response_type: 'code',
			scope: 'account_read contact_data offline_access',
			state: base.state,
			code_challenge: base.codeChallenge,
			code_challenge_method: 'S256',
		});
		expect([...url.searchParams.keys()]).toHaveLength(7);
	});

	it('separates scopes with %20, never + or %2B', () => {
		const url = buildAuthorizeUrl(base);
		expect(url).toContain('scope=account_read%20contact_data%20offline_access');
		expect(url).not.toContain('+');
		expect(url).not.toMatch(/%2B/i);
	});

	it('encodes the redirect URI and keeps a literal + in a value as %2B', () => {
		const url = buildAuthorizeUrl({...base, state: 'a+b c'});
		expect(url).toContain('redirect_uri=http%3A%2F%2Flocalhost%3A47325%2Fcallback');
		expect(url).toContain('state=a%2Bb%20c');
		expect(new URL(url).searchParams.get('state')).toBe('a+b c');
	});

	it('follows CC_TOKEN_AUTH_URL', () => {
		const endpoints = endpointsFrom({CC_TOKEN_AUTH_URL: 'http://127.0.0.1:9/oauth2/default/v1/'});
		expect(buildAuthorizeUrl({...base, endpoints})).toMatch(
			/^http:\/\/127\.0\.0\.1:9\/oauth2\/default\/v1\/authorize\?client_id=/,
		);
	});
});
