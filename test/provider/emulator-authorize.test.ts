// The emulator's authorize endpoint and consent page over real loopback HTTP: refusals shown as
// a page or redirected (as Okta does), and a browser answering the consent page.
import {randomBytes} from 'node:crypto';
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {
	type Emulator,
	type EmulatorApp,
	startEmulator,
} from '../../source/provider/emulator/index.js';
import {playBrowser} from '../helpers/browser.js';
import {setUpEmulatorServer} from '../helpers/emulator.js';
import {
	authorizeUrl,
	pageText,
	pkcePair,
	postForm,
	unservedRedirect,
	validParams,
	visit,
} from '../helpers/emulator-requests.js';

describe('authorize: refusals shown as a page, never redirected', () => {
	const emulator = setUpEmulatorServer();

	test('an unknown client_id gets a 400 page and no redirect', async () => {
		const page = await visit(
			authorizeUrl(emulator, validParams(emulator.demoApp, {client_id: crypto.randomUUID()})),
		);
		expect(page.status).toBe(400);
		expect(page.location).toBeUndefined();
		expect(pageText(page.body)).toContain(
			"Error Code: invalid_client Description: Invalid value for 'client_id' parameter.",
		);
	});

	test.each([
		['unregistered', 'http://localhost:1234/callback'],
		['a trailing slash more', 'http://localhost:47325/callback/'],
		['another port', 'http://localhost:47326/callback'],
		['https instead of http', 'https://localhost:47325/callback'],
		['missing', undefined],
	])('a redirect_uri that is %s gets the Okta-like 400 page and no redirect', async (_, uri) => {
		const page = await visit(
			authorizeUrl(emulator, validParams(emulator.demoApp, {redirect_uri: uri})),
		);
		expect(page.status).toBe(400);
		expect(page.location).toBeUndefined();
		expect(pageText(page.body)).toContain(
			"The 'redirect_uri' parameter must be a Login redirect URI in the client app settings",
		);
	});

	test('a device app has no redirect URI: any redirect_uri gets the 400 page, before any consent', async () => {
		const device = emulator.demoApps.device;
		for (const uri of ['http://localhost:47325/callback', 'https://localhost']) {
			const page = await visit(authorizeUrl(emulator, validParams(device, {redirect_uri: uri})));
			expect(page.status).toBe(400);
			expect(page.location).toBeUndefined();
			expect(pageText(page.body)).toContain(
				"The 'redirect_uri' parameter must be a Login redirect URI in the client app settings",
			);
			expect(page.body).not.toContain('name="consent"');
		}
	});

	test('reflected input on the error page is escaped', async () => {
		const hostile = 'https://evil.example/"><script>alert(1)</script>';
		const page = await visit(
			authorizeUrl(emulator, validParams(emulator.demoApp, {redirect_uri: hostile})),
		);
		expect(page.body).not.toContain('<script>');
		expect(page.body).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
		expect(pageText(page.body)).toContain(`Redirect URI sent: ${hostile}`);
	});

	test('a repeated parameter is refused on a page', async () => {
		const url = new URL(authorizeUrl(emulator, validParams(emulator.demoApp)));
		url.searchParams.append('state', 'second');
		const page = await visit(url.href);
		expect(page.status).toBe(400);
		expect(page.location).toBeUndefined();
		expect(pageText(page.body)).toContain("The 'state' parameter was repeated.");
	});

	test('error pages send a strict Content-Security-Policy', async () => {
		const response = await fetch(authorizeUrl(emulator, {client_id: 'nope'}));
		expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
		expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
	});
});

describe('authorize: refusals redirected back with error=…', () => {
	const emulator = setUpEmulatorServer({autoApprove: 'allow'});
	let publicApp: EmulatorApp;
	beforeAll(async () => {
		publicApp = emulator.registerApp({name: 'Public app', redirectUris: [unservedRedirect]});
	});

	async function redirectedError(params: Record<string, string | undefined>) {
		const page = await visit(authorizeUrl(emulator, params));
		expect(page.status).toBe(302);
		expect(page.location?.origin + page.location!.pathname).toBe(unservedRedirect);
		const query = page.location!.searchParams;
		expect(query.has('code')).toBe(false);
		return {
			error: query.get('error'),
			description: query.get('error_description'),
			state: query.get('state'),
		};
	}

	test('a response_type other than code is unsupported_response_type', async () => {
		const result = await redirectedError(validParams(publicApp, {response_type: 'token'}));
		expect(result).toMatchObject({error: 'unsupported_response_type', state: 'state-1234567890'});
	});

	test('a missing state is invalid_request, with no state sent back', async () => {
		const result = await redirectedError(validParams(publicApp, {state: undefined}));
		expect(result.error).toBe('invalid_request');
		expect(result.description).toContain("'state'");
		expect(result.state).toBeNull();
	});

	test.each([
		['missing', undefined],
		['unknown', 'account_read marketing'],
		['joined by a literal +', 'account_read+offline_access'],
	])('a scope that is %s is invalid_scope', async (_, scope) => {
		const result = await redirectedError(validParams(publicApp, {scope}));
		expect(result.error).toBe('invalid_scope');
		expect(result.state).toBe('state-1234567890');
	});

	test("a '+' in the raw query is a space, as browsers encode it", async () => {
		const url = `${authorizeUrl(emulator, validParams(publicApp, {scope: undefined}))}&scope=account_read+offline_access`;
		const page = await visit(url);
		expect(page.location?.searchParams.get('code')).toMatch(/^[\w-]{43}$/);
	});

	test('a public client without PKCE is invalid_request', async () => {
		const result = await redirectedError(
			validParams(publicApp, {code_challenge: undefined, code_challenge_method: undefined}),
		);
		expect(result.error).toBe('invalid_request');
		expect(result.description).toContain('PKCE code challenge is required');
	});

	test.each([
		['plain method', {code_challenge_method: 'plain'}],
		['no method', {code_challenge_method: undefined}],
		['a short challenge', {code_challenge: 'abc'}],
		['a challenge with "+"', {code_challenge: `${'a'.repeat(42)}+`}],
	])('PKCE with %s is invalid_request', async (_, overrides) => {
		const result = await redirectedError(validParams(publicApp, overrides));
		expect(result.error).toBe('invalid_request');
	});

	test('a pkce app without a code challenge is invalid_request; a code app may leave PKCE out', async () => {
		const withoutPkce = {code_challenge: undefined, code_challenge_method: undefined};
		const refused = await redirectedError(validParams(publicApp, withoutPkce));
		expect(refused.error).toBe('invalid_request');
		const codeApp = emulator.registerApp({
			kind: 'code',
			clientSecret: 's',
			redirectUris: [unservedRedirect],
		});
		const page = await visit(authorizeUrl(emulator, validParams(codeApp, withoutPkce)));
		expect(page.location?.searchParams.get('code')).toMatch(/^[\w-]{43}$/);
	});

	test('auto-approve deny redirects with access_denied and the state', async () => {
		emulator.setAutoApprove('deny');
		try {
			const result = await redirectedError(validParams(publicApp));
			expect(result).toEqual({
				error: 'access_denied',
				description: 'The resource owner or authorization server denied the request.',
				state: 'state-1234567890',
			});
		} finally {
			emulator.setAutoApprove('allow');
		}
	});
});

describe('consent page and a browser', () => {
	let emulator: Emulator;
	let listener: Server;
	let app: EmulatorApp;
	const callbacks: URL[] = [];

	beforeAll(async () => {
		emulator = await startEmulator();
		// A stand-in for the app's loopback listener: answers the callback with a 303, like cc-token's.
		listener = createServer((request, response) => {
			const url = new URL(request.url ?? '/', 'http://127.0.0.1');
			if (url.pathname === '/callback') {
				callbacks.push(url);
				response.writeHead(303, {Location: '/done'}).end();
			} else {
				response.writeHead(200, {'Content-Type': 'text/html'});
				response.end('<title>Signed in</title><p>You can close this tab.</p>');
			}
		});
		await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
		const {port} = listener.address() as AddressInfo;
		app = emulator.registerApp({
			name: 'Bakery <Sync> & Co',
			redirectUris: [`http://127.0.0.1:${port}/callback`],
		});
	});
	afterAll(async () => {
		await emulator.close();
		await new Promise((resolve) => listener.close(resolve));
	});

	test('a good request is sent on (302) to the sign-in page, as Okta sends it to its login page', async () => {
		const page = await visit(authorizeUrl(emulator, validParams(app)));
		expect(page.status).toBe(302);
		expect(page.location?.origin).toBe(emulator.origin);
		expect(page.location?.pathname).toBe('/oauth2/default/v1/sign-in');
		expect(page.location?.searchParams.has('code')).toBe(false);
		const signIn = await visit(page.location!.href);
		expect(signIn.status).toBe(200);
		expect(pageText(signIn.body)).toContain('Allow Bakery <Sync> & Co to use your account?');
	});

	test('the sign-in page of an answered or unknown request is a 400 page', async () => {
		const first = await visit(authorizeUrl(emulator, validParams(app)));
		const consent = first.location!.searchParams.get('consent')!;
		expect((await decide({consent, decision: 'deny'})).status).toBe(302);
		for (const address of [first.location!.href, `${emulator.origin}/oauth2/default/v1/sign-in`]) {
			const page = await visit(address);
			expect(page.status).toBe(400);
			expect(pageText(page.body)).toContain('already answered or has expired');
		}
	});

	test('the consent page names the app and the scopes, escaped, and offers Allow and Deny', async () => {
		const response = await fetch(authorizeUrl(emulator, validParams(app)));
		const body = await response.text();
		expect(response.status).toBe(200);
		expect(body).not.toContain('<Sync>');
		const text = pageText(body);
		expect(text).toContain('Allow Bakery <Sync> & Co to use your account?');
		expect(text).toContain('account_read : read account details');
		expect(text).toContain('offline_access : get a refresh token');
		expect(body).toMatch(/<input type="hidden" name="consent" value="[\w-]{43}">/);
		expect(body).toContain('value="allow">Allow</button>');
		expect(body).toContain('value="deny">Deny</button>');
		// The form may lead back to the app's redirect URI, and nowhere else.
		const port = new URL(app.redirectUris[0]!).port;
		expect(response.headers.get('content-security-policy')).toContain(
			`form-action 'self' http://127.0.0.1:${port};`,
		);
	});

	test('Allow: the browser lands on the listener with a code that exchanges for tokens', async () => {
		const {verifier, challenge} = pkcePair();
		const visitResult = await playBrowser(
			authorizeUrl(emulator, validParams(app, {code_challenge: challenge})),
			{decision: 'allow'},
		);
		expect(visitResult.status).toBe(200);
		expect(visitResult.finalUrl).toMatch(/\/done$/);
		expect(visitResult.body).toContain('You can close this tab.');
		const callback = callbacks.at(-1)!;
		expect(callback.searchParams.get('state')).toBe('state-1234567890');
		const reply = await postForm(emulator.endpoints.token, {
			grant_type: 'authorization_code',
			client_id: app.clientId,
			code: callback.searchParams.get('code')!,
			redirect_uri: app.redirectUris[0]!,
			code_verifier: verifier,
		});
		expect(reply.status).toBe(200);
		expect(reply.json.access_token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
	});

	test('Deny: the listener gets error=access_denied with the state', async () => {
		await playBrowser(authorizeUrl(emulator, validParams(app)), {decision: 'deny'});
		const callback = callbacks.at(-1)!;
		expect(callback.searchParams.get('error')).toBe('access_denied');
		expect(callback.searchParams.get('state')).toBe('state-1234567890');
		expect(callback.searchParams.has('code')).toBe(false);
	});

	test('the portal default https://localhost: the browser stops at the address to paste', async () => {
		const visitResult = await playBrowser(
			authorizeUrl(emulator, validParams(emulator.demoApp, {redirect_uri: 'https://localhost'})),
		);
		expect(visitResult.status).toBe(0);
		const landed = new URL(visitResult.finalUrl);
		expect(landed.origin).toBe('https://localhost');
		expect(landed.searchParams.get('code')).toMatch(/^[\w-]{43}$/);
	});

	async function consentId(): Promise<string> {
		const body = await (await fetch(authorizeUrl(emulator, validParams(app)))).text();
		return /name="consent" value="([^"]+)"/.exec(body)![1]!;
	}

	function decide(form: Record<string, string>) {
		return fetch(emulator.endpoints.authorize, {
			method: 'POST',
			redirect: 'manual',
			headers: {'Content-Type': 'application/x-www-form-urlencoded'},
			body: new URLSearchParams(form),
		});
	}

	test('a consent id works once; a replayed or forged one gets a page, not a redirect', async () => {
		const consent = await consentId();
		expect((await decide({consent, decision: 'allow'})).status).toBe(302);
		for (const replay of [consent, randomBytes(32).toString('base64url')]) {
			const response = await decide({consent: replay, decision: 'allow'});
			expect(response.status).toBe(400);
			expect(response.headers.get('location')).toBeNull();
			expect(await response.text()).toContain('already answered or has expired');
		}
	});

	test('the consent form trusts nothing but the consent id and the decision', async () => {
		const consent = await consentId();
		const response = await decide({
			consent,
			decision: 'allow',
			redirect_uri: 'https://evil.example/steal',
			scope: 'campaign_data',
			state: 'forged',
		});
		const location = new URL(response.headers.get('location')!);
		expect(location.href.startsWith(app.redirectUris[0]!)).toBe(true);
		expect(location.searchParams.get('state')).toBe('state-1234567890');
	});

	test('a consent left unanswered expires', async () => {
		const consent = await consentId();
		emulator.advanceClock(11 * 60_000);
		expect((await decide({consent, decision: 'allow'})).status).toBe(400);
	});

	test('a decision that is neither allow nor deny is refused', async () => {
		const response = await decide({consent: await consentId(), decision: 'maybe'});
		expect(response.status).toBe(400);
	});
});
