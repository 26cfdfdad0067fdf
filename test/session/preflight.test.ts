// The preflight against the emulator's three kinds of app: what the authorization server says
// before anyone signs in, and the fix each problem leads to. Answers it does not recognise
// never stop a sign-in.
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {endpointsFrom} from '../../source/provider/constant-contact.js';
import {liveOktaReadings} from '../../source/provider/emulator/index.js';
import {inspectApp, preflight} from '../../source/session/preflight.js';
import {setUpEmulatorPerVariant} from '../helpers/emulator.js';
import {failure} from '../helpers/failure.js';
import {oktaVariants} from '../helpers/okta-variants.js';

const redirectUri = 'http://localhost:47325/callback';
const scopes = ['account_read', 'offline_access'];
const variants = setUpEmulatorPerVariant();
// A key of the right shape, for the servers below that are not the emulator.
const someApiKey = '1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d';
const emulator = variants.emulator;

function ask(apiKey: string, extra: {clientSecret?: string; redirectUri?: string} = {}) {
	return {
		endpoints: emulator.endpoints,
		apiKey,
		redirectUri: extra.redirectUri ?? redirectUri,
		scopes,
		...(extra.clientSecret ? {clientSecret: extra.clientSecret} : {}),
	};
}

// What the server says, under each way Okta may answer.
describe.each(oktaVariants)('Okta answering $name', ({emulatorOptions}) => {
	variants.startFor(emulatorOptions);

	describe('inspectApp tells the kinds apart', () => {
		test('a pkce app: known, public, redirect URI registered', async () => {
			expect(await inspectApp(ask(emulator.demoApps.pkce.clientId))).toEqual({
				apiKey: 'known',
				kind: 'pkce',
				redirectUri: 'registered',
				secret: 'not-needed',
				unrecognised: [],
			});
		});

		test('a device app: known, no redirect URI needed (its 400 page is no verdict)', async () => {
			expect(await inspectApp(ask(emulator.demoApps.device.clientId))).toEqual({
				apiKey: 'known',
				kind: 'device',
				redirectUri: 'not-needed',
				secret: 'not-needed',
				unrecognised: [],
			});
		});

		test('a code app: its secret is tried, right and wrong', async () => {
			const {clientId, clientSecret} = emulator.demoApps.code;
			expect(await inspectApp(ask(clientId, {clientSecret}))).toMatchObject({
				kind: 'code',
				secret: 'accepted',
				redirectUri: 'registered',
			});
			expect((await inspectApp(ask(clientId, {clientSecret: 'old-secret'}))).secret).toBe(
				'rejected',
			);
			expect((await inspectApp(ask(clientId))).secret).toBe('missing');
		});

		test('nothing is issued by asking', async () => {
			const before = {...emulator.counts.grants};
			await inspectApp(ask(emulator.demoApps.pkce.clientId));
			expect(emulator.counts.grants.authorization_code).toBe((before.authorization_code ?? 0) + 1);
			expect(emulator.counts.refreshes).toBe(0);
		});
	});

	describe('preflight stops with the fix', () => {
		test.each([
			[
				'an unknown API key',
				() => ask('0f0e0d0c-0b0a-4909-8807-060504030201'),
				'unknown_api_key',
				/This API key is not known/,
			],
			[
				'an unregistered redirect URI',
				() =>
					ask(emulator.demoApps.pkce.clientId, {redirectUri: 'http://localhost:47999/callback'}),
				'redirect_uri_unregistered',
				/Register exactly http:\/\/localhost:47999\/callback/,
			],
			[
				'a code app without its secret',
				() => ask(emulator.demoApps.code.clientId),
				'secret_required',
				/This application needs its secret: Generate Secret/,
			],
			[
				'a code app with a secret that is not its own',
				() => ask(emulator.demoApps.code.clientId, {clientSecret: 'not-it'}),
				'secret_rejected',
				/latest secret/,
			],
		])('%s', async (_, request, code, hint) => {
			const error = await failure(preflight(request()));
			expect(error.code).toBe(code);
			expect(error.exitCode).toBe(7);
			expect(error.hint).toMatch(hint);
		});

		test('a device sign-in asked of a pkce app', async () => {
			const error = await failure(
				preflight({...ask(emulator.demoApps.pkce.clientId), wantsDevice: true}),
			);
			expect(error.code).toBe('wrong_app_kind');
			expect(error.message).toMatch(/created with the PKCE Flow/);
		});

		test('a secret given to a public app is left unused, and said so', async () => {
			const checked = await preflight(
				ask(emulator.demoApps.pkce.clientId, {clientSecret: 'from-somewhere'}),
			);
			expect(checked.inspection?.secret).toBe('unused');
			expect(checked.notes.join(' ')).toMatch(/PKCE Flow, which has no client secret/);
		});
	});
});

describe('behind bot detection: a bare 403 at /authorize is no verdict', () => {
	variants.startFor({okta: {...liveOktaReadings, authorizePage: 'bot-403'}});

	test('a pkce app: its kind from the token endpoint, its redirect URI unclear, and said so', async () => {
		const checked = await preflight(ask(emulator.demoApps.pkce.clientId));
		expect(checked.inspection).toEqual({
			apiKey: 'known',
			kind: 'pkce',
			redirectUri: 'unclear',
			secret: 'not-needed',
			unrecognised: ['The authorize page answered HTTP 403'],
		});
		expect(checked.notes).toEqual([
			expect.stringMatching(/The authorize page answered HTTP 403.*going on/),
		]);
	});

	test('a device app: known by the token endpoint, nothing to say about its page', async () => {
		const checked = await preflight(ask(emulator.demoApps.device.clientId));
		expect(checked.inspection).toMatchObject({apiKey: 'known', kind: 'device', unrecognised: []});
	});

	test.each([
		['an unknown API key', () => ask('0f0e0d0c-0b0a-4909-8807-060504030201')],
		['a code app without its secret', () => ask(emulator.demoApps.code.clientId)],
	])('%s: the sign-in goes on (the browser will show the server’s page)', async (_, request) => {
		const checked = await preflight(request());
		expect(checked.inspection?.apiKey).toBe('unclear');
		expect(checked.notes.join(' ')).toMatch(/The authorize page answered HTTP 403.*going on/);
	});
});

describe('answers it does not recognise never block', () => {
	let server: Server;
	let base: string;
	beforeAll(async () => {
		// A server that is not Constant Contact's: an HTML page for everything.
		server = createServer((request, response) => {
			request.resume();
			response.writeHead(request.method === 'GET' ? 400 : 503, {'Content-Type': 'text/html'});
			response.end('<h1>Something else entirely</h1>');
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	afterAll(() => new Promise((resolve) => server.close(resolve)));

	test('an unknown page and a server error: go on, and say what was not understood', async () => {
		const checked = await preflight({
			endpoints: endpointsFrom({CC_TOKEN_AUTH_URL: base, CC_TOKEN_API_URL: base}),
			apiKey: someApiKey,
			redirectUri,
			scopes,
		});
		expect(checked.inspection).toMatchObject({apiKey: 'unclear', redirectUri: 'unclear'});
		expect(checked.inspection?.kind).toBeUndefined();
		expect(checked.notes).toEqual([
			expect.stringMatching(/The authorize page answered HTTP 400.*going on/),
			expect.stringMatching(/The token endpoint answered HTTP 503.*going on/),
		]);
	});

	test('no server at all: not a verdict either', async () => {
		const checked = await preflight({
			endpoints: endpointsFrom({
				CC_TOKEN_AUTH_URL: 'http://127.0.0.1:9',
				CC_TOKEN_API_URL: 'http://127.0.0.1:9',
			}),
			apiKey: someApiKey,
			redirectUri,
			scopes,
		});
		expect(checked.inspection).toBeUndefined();
		expect(checked.notes).toEqual([expect.stringMatching(/Could not check the application/)]);
	});
});

describe('the key is known, but the token endpoint says something it does not recognise', () => {
	let server: Server;
	let base: string;
	beforeAll(async () => {
		// /authorize goes on to a login page, as for a known key; the token endpoint answers with
		// an error cc-token has no reading for.
		server = createServer((request, response) => {
			request.resume();
			if (request.method === 'GET') {
				response.writeHead(302, {Location: '/login'});
				response.end();
				return;
			}
			response.writeHead(400, {'Content-Type': 'application/json'});
			response.end(JSON.stringify({error: 'temporarily_unavailable'}));
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	afterAll(() => new Promise((resolve) => server.close(resolve)));

	test('the key counts as known, the kind and the secret stay open, and the sign-in goes on', async () => {
		const request = {
			endpoints: endpointsFrom({CC_TOKEN_AUTH_URL: base, CC_TOKEN_API_URL: base}),
			apiKey: someApiKey,
			redirectUri,
			scopes,
		};
		expect(await inspectApp(request)).toEqual({
			apiKey: 'known',
			redirectUri: 'registered',
			secret: 'unclear',
			unrecognised: ['The token endpoint answered “temporarily_unavailable”'],
		});
		const checked = await preflight(request);
		expect(checked.notes).toEqual([
			'Could not tell everything about the application beforehand (The token endpoint answered “temporarily_unavailable”); going on with the sign-in as usual.',
		]);
	});
});
