import {createServer} from 'node:http';
import {afterEach, describe, expect, it} from 'vitest';
import {startSignIn} from '../../source/auth/sign-in.js';
import type {SignInEvent, SignInOptions, SignInSession} from '../../source/auth/types.js';
import type {EmulatorApp} from '../../source/provider/emulator/index.js';
import {describePage, playBrowser} from '../helpers/browser.js';
import {setUpEmulatorPerVariant} from '../helpers/emulator.js';
import {failure} from '../helpers/failure.js';
import {isClosed, rawRequest} from '../helpers/loopback-client.js';
import {oktaVariants} from '../helpers/okta-variants.js';
import {freePort} from '../helpers/ports.js';
import {setUpSignInCleanup} from '../helpers/sign-in-sessions.js';

const scopes = ['account_read', 'contact_data', 'offline_access'];
const variants = setUpEmulatorPerVariant();
const emulator = variants.emulator;
const sessions = setUpSignInCleanup();

/** An app whose redirect URI is a free localhost port, like one a person registered. */
async function appWithPort(
	overrides: Partial<EmulatorApp> = {},
): Promise<{app: EmulatorApp; port: number; redirectUri: string}> {
	const port = await freePort();
	const redirectUri = `http://localhost:${port}/callback`;
	const app = emulator.registerApp({
		redirectUris: [redirectUri, 'https://localhost'],
		...overrides,
	});
	return {app, port, redirectUri};
}

async function begin(
	app: EmulatorApp,
	options: Partial<SignInOptions> & {redirectUri: string},
): Promise<{session: SignInSession; events: SignInEvent[]}> {
	const events: SignInEvent[] = [];
	const session = await startSignIn({
		apiKey: app.clientId,
		...(app.clientSecret ? {clientSecret: app.clientSecret} : {}),
		scopes,
		endpoints: emulator.endpoints,
		onEvent: (event) => events.push(event),
		...options,
	});
	sessions.track(session);
	return {session, events};
}

/** The browser's trip to Constant Contact, stopping at the redirect back (code not yet used). */
async function approveWithoutReturning(authorizeUrl: string): Promise<string> {
	emulator.setAutoApprove('allow');
	const response = await fetch(authorizeUrl, {redirect: 'manual'});
	const location = response.headers.get('location');
	if (!location) throw new Error(`no redirect (HTTP ${response.status})`);
	return location;
}

function shown(events: SignInEvent[]): string {
	return JSON.stringify(events.filter((event) => event.type !== 'signed-in'));
}

// Every sign-in, under each way Okta may answer.
describe.each(oktaVariants)('Okta answering $name', ({emulatorOptions}) => {
	variants.startFor(emulatorOptions);
	afterEach(() => {
		emulator.setAutoApprove(false);
	});

	describe('startSignIn over the loopback listener', () => {
		it('signs a public client in with PKCE and shows the browser a clean success page', async () => {
			const {app, port, redirectUri} = await appWithPort();
			const {session, events} = await begin(app, {redirectUri});
			expect(events.map((event) => event.type)).toEqual(['listening', 'authorize-url']);
			const authorizeUrl = new URL(session.authorizeUrl ?? '');
			expect(authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256');
			expect(authorizeUrl.searchParams.get('redirect_uri')).toBe(redirectUri);

			const visit = await playBrowser(session.authorizeUrl ?? '', {decision: 'allow'});
			expect(visit.status).toBe(200);
			expect(visit.finalUrl).toBe(`http://localhost:${port}/callback/done`);
			expect(describePage(visit.body).text).toContain('You can close this tab');

			const {route, tokens} = await session.result;
			expect(route).toBe('loopback');
			expect(tokens.refreshToken).toMatch(/^[\w-]{43}$/);
			expect(tokens.scopes).toEqual(expect.arrayContaining(scopes));
			expect(tokens.expiresAt - tokens.receivedAt).toBe(86_400_000);
			expect(events.map((event) => event.type)).toEqual([
				'listening',
				'authorize-url',
				'code-received',
				'exchanging',
				'signed-in',
			]);
			expect(emulator.counts.grants.authorization_code).toBeGreaterThan(0);
			expect(await isClosed(port)).toBe(true);
		});

		it('signs a confidential client in with its secret', async () => {
			const {app, redirectUri} = await appWithPort({clientSecret: 'a-secret-of-this-app'});
			const {session, events} = await begin(app, {redirectUri});
			await playBrowser(session.authorizeUrl ?? '');
			const {tokens} = await session.result;
			expect(tokens.accessToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
			expect(shown(events)).not.toContain('a-secret-of-this-app');
		});

		it('ignores a forged state, a foreign Host and a malformed query, then takes the real callback', async () => {
			const {app, port, redirectUri} = await appWithPort();
			const {session, events} = await begin(app, {redirectUri});
			const forged = await rawRequest({port, path: '/callback?code=stolen&state=forged'});
			expect(forged.status).toBe(400);
			const denial = await rawRequest({port, path: '/callback?error=access_denied&state=forged'});
			expect(denial.status).toBe(400);
			const state = new URL(session.authorizeUrl ?? '').searchParams.get('state');
			const rebound = await rawRequest({
				port,
				path: `/callback?code=stolen&state=${state}`,
				hostHeader: `attacker.example:${port}`,
			});
			expect(rebound.status).toBe(421);
			const doubled = await rawRequest({port, path: `/callback?code=a&code=b&state=${state}`});
			expect(doubled.status).toBe(400);
			expect((await rawRequest({port, path: '/favicon.ico'})).status).toBe(404);
			expect(
				events.filter((event) => event.type === 'callback-rejected').map((event) => event.reason),
			).toEqual([
				expect.stringMatching(/different sign-in/),
				expect.stringMatching(/different sign-in/),
				expect.stringMatching(/more than one “code”/),
			]);

			const visit = await playBrowser(session.authorizeUrl ?? '');
			expect(describePage(visit.body).title).toMatch(/Signed in/);
			expect((await session.result).route).toBe('loopback');
		});

		it('fails on Deny, and tells the browser so', async () => {
			const {app, port, redirectUri} = await appWithPort();
			const {session, events} = await begin(app, {redirectUri});
			const visit = await playBrowser(session.authorizeUrl ?? '', {decision: 'deny'});
			expect(visit.finalUrl).toBe(`http://localhost:${port}/callback/done`);
			expect(describePage(visit.body).title).toMatch(/Sign-in failed/);
			expect(describePage(visit.body).text).toMatch(/refused/);
			const error = await failure(session.result);
			expect(error.code).toBe('access_denied');
			expect(events.at(-1)).toEqual({type: 'failed', error});
		});

		it('fails on an expired code, showing the failure in the browser and no secret anywhere', async () => {
			const {app, redirectUri} = await appWithPort();
			const {session, events} = await begin(app, {redirectUri});
			const callbackUrl = await approveWithoutReturning(session.authorizeUrl ?? '');
			const code = new URL(callbackUrl).searchParams.get('code') ?? '';
			emulator.advanceClock(6 * 60_000);
			const visit = await playBrowser(callbackUrl);
			expect(describePage(visit.body).title).toMatch(/Sign-in failed/);
			expect(visit.body).not.toContain(code);
			const error = await failure(session.result);
			expect(error.code).toBe('invalid_grant');
			expect(error.message).toMatch(/older than 5 minutes/);
			expect(`${error.toText()}${shown(events)}${visit.finalUrl}`).not.toContain(code);
		});

		it('fails on a code that was already used', async () => {
			const {app, redirectUri} = await appWithPort();
			const first = await begin(app, {redirectUri});
			const callbackUrl = await approveWithoutReturning(first.session.authorizeUrl ?? '');
			await playBrowser(callbackUrl);
			await first.session.result;
			const second = await begin(app, {redirectUri});
			await second.session.submitPaste(new URL(callbackUrl).searchParams.get('code') ?? '');
			const error = await failure(second.session.result);
			expect(error.code).toBe('invalid_grant');
		});

		it('refuses a taken port at once, naming it', async () => {
			const {app, port, redirectUri} = await appWithPort();
			const holder = createServer((_request, response) => response.end('mine'));
			await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
			try {
				const error = await failure(
					startSignIn({apiKey: app.clientId, redirectUri, scopes, endpoints: emulator.endpoints}),
				);
				expect(error.code).toBe('port_in_use');
				expect(error.message).toContain(String(port));
				expect(error.hint).toMatch(/--device/);
			} finally {
				await new Promise((resolve) => holder.close(resolve));
			}
		});

		it('times out with the likely cause: the redirect URI is not registered exactly', async () => {
			const {app, port, redirectUri} = await appWithPort();
			const {session} = await begin(app, {redirectUri, timeoutMs: 150});
			const error = await failure(session.result);
			expect(error.code).toBe('timeout');
			expect(error.message).toContain('within 1 second');
			expect(error.message).toContain(`registered on your application exactly as ${redirectUri}`);
			expect(error.hint).toMatch(/paste the address/);
			expect(error.hint).toMatch(/--device/);
			expect(await isClosed(port)).toBe(true);
		});

		it('does not blame the redirect URI when the server confirmed it is registered', async () => {
			const {app, redirectUri} = await appWithPort();
			const {session} = await begin(app, {
				redirectUri,
				timeoutMs: 150,
				redirectUriRegistered: true,
			});
			const error = await failure(session.result);
			expect(error.code).toBe('timeout');
			expect(error.message).toContain(
				`Constant Contact confirmed that ${redirectUri} is registered`,
			);
			expect(error.hint).not.toMatch(/Register exactly/);
		});

		it('stops on cancel() and on an aborted signal', async () => {
			const {app, port, redirectUri} = await appWithPort();
			const {session, events} = await begin(app, {redirectUri});
			session.cancel();
			expect((await failure(session.result)).code).toBe('cancelled');
			expect(events.at(-1)?.type).toBe('failed');
			expect(await isClosed(port)).toBe(true);

			const controller = new AbortController();
			const aborted = await begin(app, {redirectUri, signal: controller.signal});
			controller.abort();
			expect((await failure(aborted.session.result)).code).toBe('cancelled');
			await expect(
				startSignIn({
					apiKey: app.clientId,
					redirectUri,
					scopes,
					endpoints: emulator.endpoints,
					signal: controller.signal,
				}),
			).rejects.toMatchObject({code: 'cancelled'});
		});

		it('warns that leaving out offline_access means no refresh token', async () => {
			const {app, redirectUri} = await appWithPort();
			const {session, events} = await begin(app, {redirectUri, scopes: ['account_read']});
			expect(events[0]).toEqual({
				type: 'warning',
				message: expect.stringMatching(/no refresh token.*24 hours/),
			});
			await playBrowser(session.authorizeUrl ?? '');
			const {tokens} = await session.result;
			expect(tokens.refreshToken).toBeUndefined();
		});
	});

	describe('startSignIn with a pasted address', () => {
		it('completes the portal-default https://localhost sign-in from the address bar', async () => {
			const app = emulator.registerApp({redirectUris: ['https://localhost']});
			const {session, events} = await begin(app, {redirectUri: 'https://localhost'});
			expect(events.map((event) => event.type)).toEqual(['warning', 'authorize-url']);
			expect(events[0]).toMatchObject({message: expect.stringMatching(/paste it here/)});
			const visit = await playBrowser(session.authorizeUrl ?? '');
			expect(visit.status).toBe(0);
			expect(visit.finalUrl).toMatch(/^https:\/\/localhost\/\?code=/);

			await expect(
				session.submitPaste('https://localhost/?code=x&state=forged'),
			).rejects.toMatchObject({
				code: 'bad_input',
			});
			expect(events.at(-1)).toMatchObject({type: 'callback-rejected', route: 'paste'});
			await session.submitPaste(`  "${visit.finalUrl}"\n`);
			const {route} = await session.result;
			expect(route).toBe('paste');
			await expect(session.submitPaste(visit.finalUrl)).rejects.toMatchObject({
				message: 'This sign-in has already ended.',
			});
		});

		it('ends with the refusal a pasted error address carries', async () => {
			const app = emulator.registerApp({redirectUris: ['https://localhost']});
			const {session} = await begin(app, {redirectUri: 'https://localhost'});
			const visit = await playBrowser(session.authorizeUrl ?? '', {decision: 'deny'});
			await session.submitPaste(visit.finalUrl);
			expect((await failure(session.result)).code).toBe('access_denied');
		});

		it('lets a paste win over a waiting listener, which then closes', async () => {
			const {app, port, redirectUri} = await appWithPort();
			const {session} = await begin(app, {redirectUri});
			const callbackUrl = await approveWithoutReturning(session.authorizeUrl ?? '');
			await session.submitPaste(callbackUrl);
			expect((await session.result).route).toBe('paste');
			expect(await isClosed(port)).toBe(true);
		});

		it('exchanges the first code only: the browser returning while a paste is exchanged changes nothing', async () => {
			const {app, redirectUri} = await appWithPort();
			const {session, events} = await begin(app, {redirectUri});
			const callbackUrl = await approveWithoutReturning(session.authorizeUrl ?? '');
			const before = emulator.counts.grants.authorization_code ?? 0;
			// A slow exchange, so that the browser's return surely arrives while it runs.
			emulator.injectTokenFault({kind: 'delay', ms: 400});
			await session.submitPaste(callbackUrl);
			// The same answer reaches the listener too, as when the browser does come back after all.
			const late = fetch(callbackUrl).catch(() => undefined);
			const {route, tokens} = await session.result;
			await late;
			expect(route).toBe('paste');
			expect(tokens.accessToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
			expect(emulator.counts.grants.authorization_code ?? 0).toBe(before + 1);
			expect(events.filter((event) => event.type === 'exchanging')).toHaveLength(1);
		});
	});
});
