// The API client in process, against the emulator: the rules a long-lived program (the Node
// library) depends on, which one command run cannot show.
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {createApiClient} from '../../source/api/client.js';
import {fileStore, profileFromTokens} from '../../source/store/index.js';
import {readProfile} from '../../source/store/read-store.js';
import {setUpEmulatorServer} from '../helpers/emulator.js';
import {tokensFrom} from '../helpers/emulator-code.js';
import {failure} from '../helpers/failure.js';
import {json, startScriptedServer} from '../helpers/scripted-server.js';
import {setUpTempStore, writeStoreFile} from '../helpers/temp-store.js';

const emulator = setUpEmulatorServer({autoApprove: 'allow'});
const store = setUpTempStore();
const saved = {...process.env};

beforeAll(() => {
	// The refresh goes where a command's would: the emulator's token endpoint.
	Object.assign(process.env, emulator.env);
});
afterAll(() => {
	process.env = saved;
});
beforeEach(async () => {
	const app = emulator.registerApp({});
	const tokens = await tokensFrom(emulator, app, [
		'account_read',
		'contact_data',
		'offline_access',
	]);
	const server = {authBaseUrl: emulator.authBaseUrl, apiBaseUrl: emulator.apiBaseUrl};
	writeStoreFile(store.location, {
		default: profileFromTokens({apiKey: app.clientId, server}, tokens),
	});
});

function client(options: Parameters<typeof createApiClient>[0] = {}) {
	return createApiClient({
		store: fileStore(store.location),
		apiBase: emulator.apiBaseUrl,
		...options,
	});
}

describe('createApiClient', () => {
	it('checks the token’s time left before every request, not once', async () => {
		// A client that wants more than the token's 24 hours renews before each request.
		const api = client({minValidityMs: 25 * 60 * 60_000});
		const before = emulator.counts.refreshes;
		expect((await api.send({path: '/account/summary'})).status).toBe(200);
		expect((await api.send({path: '/account/summary'})).status).toBe(200);
		expect(emulator.counts.refreshes - before).toBe(2);
	});

	it('keeps one token while it has time left', async () => {
		const api = client();
		const before = emulator.counts.refreshes;
		for (let i = 0; i < 3; i++)
			expect((await api.send({path: 'account/summary'})).status).toBe(200);
		expect(emulator.counts.refreshes - before).toBe(0);
	});

	it('gives up on throttling after its bounded waits, and says so', async () => {
		emulator.api.setLimits({perSecond: 0});
		try {
			const waits: number[] = [];
			const api = client({maxThrottleWaits: 1, onWait: ({ms}) => waits.push(ms)});
			const answer = await api.send({path: '/contacts'});
			expect(answer.status).toBe(429);
			expect(waits).toEqual([1000]);
			const error = await api.refusal(answer);
			expect(error.code).toBe('rate_limited');
			expect(error.message).toMatch(/kept refusing GET \/contacts/);
		} finally {
			emulator.api.setLimits({perSecond: 4});
		}
	});

	it('stops at once on quota_exceeded, without waiting', async () => {
		emulator.api.setLimits({perDay: 0});
		try {
			const waits: number[] = [];
			const answer = await client({onWait: ({ms}) => waits.push(ms)}).send({path: '/contacts'});
			expect(answer.status).toBe(429);
			expect(waits).toEqual([]);
		} finally {
			emulator.api.setLimits({perDay: 10_000});
		}
	});

	it('takes a full URL on the profile’s own API when no variable names one', async () => {
		const {CC_TOKEN_API_URL: _api, CC_TOKEN_AUTH_URL: _auth, ...withoutServer} = process.env;
		process.env = withoutServer;
		try {
			const api = client({apiBase: undefined});
			const answer = await api.send({path: `${emulator.apiBaseUrl}/account/summary`});
			expect(answer.status).toBe(200);
			const pages = [];
			for await (const page of api.pages({path: `${emulator.apiBaseUrl}/contacts`})) {
				pages.push(page.answer.status);
			}
			expect(pages[0]).toBe(200);
		} finally {
			process.env = {...withoutServer, ...emulator.env};
		}
	});

	it('refuses a URL off the API’s host before any token is read', async () => {
		const api = client({apiBase: 'https://api.cc.email/v3'});
		const error = await failure(api.send({path: 'https://api.cc.email.example/v3/contacts'}));
		expect(error.exitCode).toBe(2);
	});

	it('honours a Retry-After, should a server send one', async () => {
		const server = await startScriptedServer(
			json(429, {error_key: 'throttled', error_message: 'Slow down.'}, {'retry-after': '2'}),
			json(200, {ok: true}),
		);
		try {
			// The profile's API is this server: its token goes nowhere else.
			const profile = readProfile(store.location, 'default')!;
			const apiBaseUrl = server.endpoints.apiBase;
			writeStoreFile(store.location, {
				default: {...profile, server: {...profile.server!, apiBaseUrl}},
			});
			process.env.CC_TOKEN_API_URL = apiBaseUrl;
			const waits: number[] = [];
			const api = client({apiBase: apiBaseUrl, onWait: ({ms}) => waits.push(ms)});
			expect((await api.send({path: '/account/summary'})).status).toBe(200);
			expect(waits).toEqual([2000]);
		} finally {
			process.env.CC_TOKEN_API_URL = emulator.apiBaseUrl;
			await server.close();
		}
	});
});
