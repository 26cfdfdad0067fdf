// Both HTTP clients (got for the sign-in and token calls, Node's own http for the V3 API) build
// on system/http-base.ts: the same user agent, the deadline rules and the size caps, shown here
// against real loopback servers.
import {createServer, type IncomingHttpHeaders, type Server, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {exchange} from '../../source/api/transport.js';
import {httpRequest} from '../../source/auth/http.js';
import type {CcTokenError} from '../../source/errors.js';

let server: Server;
let base: string;
let seen: IncomingHttpHeaders[];
/** What the server does with each request. */
let handle: (response: ServerResponse) => void;
const savedTimeout = process.env.CC_TOKEN_HTTP_TIMEOUT_MS;

beforeEach(async () => {
	delete process.env.CC_TOKEN_HTTP_TIMEOUT_MS;
	seen = [];
	server = createServer((request, response) => {
		seen.push(request.headers);
		request.resume();
		handle(response);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
	if (savedTimeout === undefined) delete process.env.CC_TOKEN_HTTP_TIMEOUT_MS;
	else process.env.CC_TOKEN_HTTP_TIMEOUT_MS = savedTimeout;
	server.closeAllConnections();
	await new Promise((resolve) => server.close(resolve));
});

function answerAfter(ms: number): void {
	handle = (response) => {
		setTimeout(() => {
			if (!response.destroyed) response.end('{}');
		}, ms);
	};
}

/** An answer of this many bytes, written a mebibyte at a time as the client takes it. */
function answerOfSize(bytes: number): void {
	handle = async (response) => {
		response.writeHead(200, {'content-type': 'application/json'});
		const chunk = Buffer.alloc(1024 * 1024, 'a');
		for (let left = bytes; left > 0 && !response.destroyed; left -= chunk.length) {
			const part = left < chunk.length ? chunk.subarray(0, left) : chunk;
			if (!response.write(part)) {
				await new Promise<void>((resolve) => {
					const go = () => {
						response.off('drain', go).off('close', go);
						resolve();
					};
					response.on('drain', go).on('close', go);
				});
			}
		}
		if (!response.destroyed) response.end();
	};
}

const viaGot = (options: {deadlineMs?: number} = {}) =>
	httpRequest(`${base}/oauth2/default/v1/token`, {
		method: 'POST',
		form: {grant_type: 'refresh_token'},
		idempotent: false,
		...options,
	});
const viaApi = () =>
	exchange({method: 'GET', url: new URL(`${base}/v3/account/summary`), headers: {}});
const failureOf = (pending: Promise<unknown>) =>
	pending.then(
		() => undefined,
		(error: unknown) => error as CcTokenError,
	);

describe('one HTTP base', () => {
	it('both clients say who is asking, and what they want, the same way', async () => {
		handle = (response) => response.end('{}');
		await viaGot();
		await viaApi();
		expect(seen).toHaveLength(2);
		const [got, api] = seen;
		expect(got?.['user-agent']).toMatch(/^cc-token\/\S+$/);
		expect(api?.['user-agent']).toBe(got?.['user-agent']);
		expect([got?.accept, api?.accept]).toEqual(['application/json', 'application/json']);
	});

	it('a request may be given its own deadline; CC_TOKEN_HTTP_TIMEOUT_MS sets every one', async () => {
		answerAfter(700);
		const short = await failureOf(viaGot({deadlineMs: 200}));
		expect(short?.code).toBe('request_timeout');
		expect(short?.message).toBe(`${new URL(base).host} did not answer within 1 s.`);
		// Without one, the sign-in calls' own deadline (15 s) lets the answer arrive.
		expect((await viaGot()).status).toBe(200);

		process.env.CC_TOKEN_HTTP_TIMEOUT_MS = '200';
		expect((await failureOf(viaGot({deadlineMs: 5000})))?.code).toBe('request_timeout');
		const api = await failureOf(viaApi());
		expect(api?.code).toBe('request_timeout');
		expect(api?.message).toBe(`${new URL(base).host} did not answer within 1 s.`);
	});

	it('stops reading a token answer of more than 1 MB', async () => {
		answerOfSize(1_000_001);
		const token = await failureOf(viaGot());
		expect(token?.code).toBe('bad_response');
		expect(token?.message).toContain('more than 1 MB');
	});

	// 64 MiB over loopback takes a second or more on a busy machine.
	it('stops reading an API answer of more than 64 MiB', {timeout: 60_000}, async () => {
		answerOfSize(64 * 1024 * 1024 + 1);
		const api = await failureOf(viaApi());
		expect(api?.code).toBe('bad_response');
		expect(api?.message).toContain('more than 64 MB');
	});
});
