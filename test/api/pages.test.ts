// Following a list's next links, in process, against loopback servers a test scripts by hand:
// the token never leaves the API's own origin whatever a next link says, a chain that loops or
// never ends is stopped, the library refuses the headers the command refuses, and what it
// throws quotes a server's text harmless. The same rules through the built command are in
// test/e2e/hostile-server.test.ts.
import type {ServerResponse} from 'node:http';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {createApiClient} from '../../source/api/client.js';
import {createClient} from '../../source/library.js';
import {fileStore} from '../../source/store/index.js';
import {failure} from '../helpers/failure.js';
import {hostileSequences, terminalAttacks} from '../helpers/hostile-text.js';
import {
	json,
	type RecordedRequest,
	type ScriptedServer,
	startScriptedServer,
} from '../helpers/scripted-server.js';
import {apiKey, setUpTempStore, writeStoreFile} from '../helpers/temp-store.js';

const accessToken = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJtYXlhIn0.c2lnbmF0dXJl';
const hostile = `${hostileSequences.osc0Title}${hostileSequences.osc52Clipboard}`;

const store = setUpTempStore();
const servers: ScriptedServer[] = [];
const saved = {...process.env};

async function server(answer: (request: RecordedRequest, response: ServerResponse) => void) {
	const started = await startScriptedServer(answer);
	servers.push(started);
	return started;
}

/** A page of one contact whose next link is `next` (none when undefined). */
function page(next: string | undefined) {
	return json(200, {contacts: [{id: 1}], ...(next ? {_links: {next: {href: next}}} : {})});
}

/** A profile with a good token, signed in to `api`'s server, in a settings file of its own. */
function signedIn(api: ScriptedServer) {
	writeStoreFile(store.location, {
		default: {
			apiKey,
			accessToken,
			accessTokenExpiresAt: Date.now() + 3_600_000,
			refreshToken: 'refresh-token-1',
			server: {authBaseUrl: api.endpoints.authBase, apiBaseUrl: api.endpoints.apiBase},
		},
	});
	return createApiClient({store: fileStore(store.location), apiBase: api.endpoints.apiBase});
}

async function allPages(pages: AsyncGenerator<unknown>): Promise<number> {
	let count = 0;
	for await (const _ of pages) count++;
	return count;
}

beforeEach(() => {});
afterEach(async () => {
	process.env = {...saved};
	for (const started of servers.splice(0)) await started.close();
});

describe('pages(): where next links may lead', () => {
	it('refuses a next link on another origin: that server receives nothing, no token', async () => {
		const elsewhere = await server(page(undefined));
		const api = await server(page(`${elsewhere.origin}/v3/contacts?cursor=2`));
		const client = signedIn(api);
		const error = await failure(allPages(client.pages({path: '/contacts'})));
		expect(error.code).toBe('bad_response');
		expect(error.message).toContain('leads off its API');
		expect(elsewhere.requests).toEqual([]);
		expect(api.requests).toHaveLength(1);
	});

	it('stops a loop of any length, a link back to the first page included', async () => {
		for (const loop of [
			['/v3/contacts?cursor=1', '/v3/contacts?cursor=1'],
			['/v3/contacts?cursor=1', '/v3/contacts?cursor=2', '/v3/contacts?cursor=1'],
			['/v3/contacts?cursor=1', '/v3/contacts'],
		]) {
			let served = 0;
			const api = await server((request, response) => page(loop[served++])(request, response));
			const error = await failure(allPages(signedIn(api).pages({path: '/contacts'})));
			expect(error.code, loop.join(' → ')).toBe('bad_response');
			expect(error.message).toContain('already fetched');
			expect(api.requests).toHaveLength(loop.length);
		}
	});

	it('stops an endless chain at maxPages', async () => {
		let served = 0;
		const api = await server((request, response) =>
			page(`/v3/contacts?cursor=${++served}`)(request, response),
		);
		const client = signedIn(api);
		const tooMany = await failure(allPages(client.pages({path: '/contacts'}, {maxPages: 5})));
		expect(tooMany.message).toContain('after 5 pages');
		expect(tooMany.hint).toContain('--max-pages');
		expect(api.requests).toHaveLength(5);
	});

	it('stops an endless chain at its deadline', async () => {
		// Each page takes 60 ms: the third would start past a deadline of 100 ms.
		let served = 0;
		const api = await server((request, response) => {
			setTimeout(() => page(`/v3/contacts?cursor=${++served}`)(request, response), 60);
		});
		const late = await failure(
			allPages(signedIn(api).pages({path: '/contacts'}, {deadlineMs: 100})),
		);
		expect(late.code).toBe('bad_response');
		expect(late.message).toContain('stopped following');
		expect(api.requests.length).toBeGreaterThanOrEqual(1);
		expect(api.requests.length).toBeLessThanOrEqual(3);
	});

	it('throws messages that quote a hostile next link harmless', async () => {
		const cases = [`/v3/contacts?cursor=${hostile}`, `https://evil.example/${hostile}`];
		for (const next of cases) {
			const api = await server(page(next));
			const error = await failure(allPages(signedIn(api).pages({path: '/contacts'})));
			expect(terminalAttacks(Buffer.from(`${error.message}\n${error.hint}`))).toEqual([]);
			expect(error.message).toContain('�]0;pwned');
		}
	});
});

describe('the library', () => {
	function libraryOn(api: ScriptedServer) {
		signedIn(api);
		process.env.CC_TOKEN_CONFIG_DIR = store.location.dir;
		process.env.CC_TOKEN_API_URL = api.endpoints.apiBase;
		process.env.CC_TOKEN_AUTH_URL = api.endpoints.authBase;
		delete process.env.CC_TOKEN_STORE;
		delete process.env.CC_TOKEN_PROFILE;
		return createClient();
	}

	it('paginate refuses a next link on another origin, and that server receives nothing', async () => {
		const elsewhere = await server(page(undefined));
		const api = await server(page(`${elsewhere.origin}/v3/contacts?cursor=2`));
		const client = libraryOn(api);
		const error = await failure(allPages(client.paginate('/contacts')));
		expect(error.code).toBe('bad_response');
		expect(elsewhere.requests).toEqual([]);
	});

	it('paginate throws a hostile next link’s text harmless', async () => {
		const api = await server(page(`/v3/contacts?cursor=${hostile}`));
		const error = await failure(allPages(libraryOn(api).paginate('/contacts')));
		expect(terminalAttacks(Buffer.from(error.message))).toEqual([]);
		expect(error.message).toContain('�]52;c;');
	});

	it('refuses the headers the command refuses (Host, Authorization, a line break), sending nothing', async () => {
		const api = await server(page(undefined));
		const client = libraryOn(api);
		for (const headers of <Array<Record<string, string>>>[
			{Host: 'evil.example'},
			{authorization: 'Bearer stolen'},
			{'Content-Length': '0'},
			{'X-Note': 'one\r\nX-Injected: two'},
			{'Bad Name': 'x'},
		]) {
			const error = await failure(client('/contacts', {headers}));
			expect(error.code, JSON.stringify(headers)).toBe('usage');
			const paged = await failure(allPages(client.paginate('/contacts', {headers})));
			expect(paged.code).toBe('usage');
		}
		expect(api.requests).toEqual([]);
		expect((await client('/contacts', {headers: {'X-Note': 'fine'}})).status).toBe(200);
	});
});
