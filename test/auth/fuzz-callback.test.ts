// Property-based attacks on the loopback listener of a real, running sign-in: thousands of raw
// HTTP requests (broken encodings, invalid UTF-8, duplicated and huge parameters, markup, odd
// paths, methods and Host headers) written byte for byte to its sockets. None may crash it,
// earn a 5xx, end the sign-in, inject markup into a page or echo a secret; afterwards the
// genuine callback still signs in.
import {connect} from 'node:net';
import fc from 'fast-check';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startSignIn} from '../../source/auth/sign-in.js';
import type {SignInEvent, SignInSession} from '../../source/auth/types.js';
import {CcTokenError} from '../../source/errors.js';
import type {EmulatorApp} from '../../source/provider/emulator/index.js';
import {setUpEmulatorServer} from '../helpers/emulator.js';
import {hasIpv6Loopback} from '../helpers/loopback-client.js';
import {freePort} from '../helpers/ports.js';

const ipv6 = await hasIpv6Loopback();
const scopes = ['account_read', 'offline_access'];
const emulator = setUpEmulatorServer();

interface RawAnswer {
	status: number;
	headers: Record<string, string>;
	body: string;
}

function dechunk(body: Buffer): Buffer {
	const parts: Buffer[] = [];
	let at = 0;
	for (;;) {
		const lineEnd = body.indexOf('\r\n', at);
		if (lineEnd < 0) break;
		const size = Number.parseInt(body.subarray(at, lineEnd).toString('latin1'), 16);
		if (!(size > 0)) break;
		parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
		at = lineEnd + 2 + size + 2;
	}
	return Buffer.concat(parts);
}

/** Writes `request` to a fresh connection as it is, and reads the answer until the server closes. */
function sendRaw(host: string, port: number, request: Buffer): Promise<RawAnswer> {
	return new Promise((resolve, reject) => {
		const socket = connect({host, port});
		const chunks: Buffer[] = [];
		socket.setTimeout(5000, () => socket.destroy(new Error('no answer within 5 s')));
		socket.on('data', (chunk) => chunks.push(chunk));
		socket.on('error', reject);
		socket.on('end', () => {
			const all = Buffer.concat(chunks);
			const headEnd = all.indexOf('\r\n\r\n');
			const head = all.subarray(0, headEnd < 0 ? all.length : headEnd).toString('latin1');
			const [statusLine = '', ...lines] = head.split('\r\n');
			const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? Number.NaN);
			const headers: Record<string, string> = {};
			for (const line of lines) {
				const colon = line.indexOf(':');
				headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
			}
			const rawBody = headEnd < 0 ? Buffer.alloc(0) : all.subarray(headEnd + 4);
			const body = headers['transfer-encoding'] === 'chunked' ? dechunk(rawBody) : rawBody;
			resolve({status, headers, body: body.toString('utf8')});
		});
		// No half-close: a browser keeps its side open while it waits, and the held callback needs it.
		socket.write(request);
	});
}

// Every tag the listener's pages are made of; anything else would be injected.
const pageTags = new Set([
	'<!doctype html>',
	'<html lang="en">',
	'</html>',
	'<head>',
	'</head>',
	'<meta charset="utf-8">',
	'<meta name="viewport" content="width=device-width, initial-scale=1">',
	'<title>',
	'</title>',
	'<style>',
	'</style>',
	'<body>',
	'</body>',
	'<h1>',
	'</h1>',
	'<p>',
	'</p>',
]);

/**
 * Checks a page for markup the input could have injected, and for echoed secrets. Whatever
 * the input was, the page must consist of the pages' own tags and, between them, text with
 * every markup character escaped: the oracle looks at the page's structure, not at fragments
 * of the input, which may occur in the page's own markup (`">` ends a meta tag).
 */
function expectCleanPage(answer: RawAnswer, secrets: string[]): void {
	const pieces = answer.body.split(/(<[^>]*>?)/);
	for (const [index, piece] of pieces.entries()) {
		if (index % 2 === 1) {
			expect(pageTags, `injected ${piece}`).toContain(piece.toLowerCase());
		} else {
			expect(piece, 'unescaped markup character in the text').not.toMatch(/[<>"']/);
			expect(piece.replace(/&(amp|lt|gt|quot|#39);/g, ''), 'a bare &').not.toContain('&');
		}
	}
	for (const secret of secrets) expect(answer.body).not.toContain(secret);
}

const markup = fc.constantFrom(
	'<script>alert(1)</script>',
	'"><img src=x onerror=alert(1)>',
	"'><svg onload=alert(1)>",
	'</p><script src="//evil.test/x.js"></script>',
	'<style>body{display:none}</style>',
	'javascript:alert(document.cookie)',
	'<a href="https://evil.test">Click to finish signing in</a>',
	'&lt;script&gt;',
	'\u2028<b>line</b>\u2029',
);
const brokenPercent = fc.constantFrom(
	'%',
	'%G1',
	'%E0%A4',
	'%FF%FE',
	'%00',
	'%C0%AF',
	'%%',
	'%2',
	'%ZZ',
);

/** A value as text, before it is written into the request. */
const value = fc.oneof(
	fc.string({unit: 'binary', maxLength: 40}),
	markup,
	brokenPercent,
	fc.stringMatching(/^[A-Za-z0-9._~-]{1,64}$/),
	// Around the listener's 2048-character limit for a value.
	fc
		.tuple(fc.constantFrom('a', '<', 'é', '%', '"'), fc.integer({min: 1000, max: 3000}))
		.map(([unit, times]) => unit.repeat(times)),
);

// Node answers a request head over 16 KiB with 431 and may reset the connection before the
// answer is read; the properties stay below that (an overlong head has its own test).
const maxHeadBytes = 15_000;

const unreserved = /[A-Za-z0-9._~-]/;

function percentEncode(text: string): Buffer {
	const bytes = [...Buffer.from(text, 'utf8')].map((byte) =>
		unreserved.test(String.fromCharCode(byte))
			? String.fromCharCode(byte)
			: `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
	);
	return Buffer.from(bytes.join(''), 'latin1');
}

/** How a value is put on the wire: properly encoded, raw, or as arbitrary bytes. */
// Mostly well-formed requests, so that most of them reach the callback checks.
const wire = fc.oneof(
	{weight: 8, arbitrary: value.map((text) => ({text, bytes: percentEncode(text)}))},
	// Raw text keeps spaces, quotes and markup; only line breaks are left out, to keep one request.
	{
		weight: 1,
		arbitrary: value.map((text) => ({
			text,
			bytes: Buffer.from(text.replace(/[\r\n]/g, ''), 'utf8'),
		})),
	},
	// Invalid UTF-8 and control bytes, straight into the request line.
	{
		weight: 1,
		arbitrary: fc
			.uint8Array({minLength: 1, maxLength: 24})
			.map((array) => Buffer.from(array.filter((byte) => byte !== 0x0d && byte !== 0x0a)))
			.map((bytes) => ({text: bytes.toString('latin1'), bytes})),
	},
);

const name = fc.oneof(
	fc.constantFrom('code', 'state', 'error', 'error_description', 'State', 'code[]', '%73tate'),
	fc.string({maxLength: 12}),
);
const pair = fc.record({name, value: wire, bare: fc.boolean()});

const methods = fc.oneof(
	{weight: 12, arbitrary: fc.constant('GET')},
	{
		weight: 1,
		arbitrary: fc.constantFrom('HEAD', 'POST', 'PUT', 'OPTIONS', 'DELETE', 'BREW', 'get'),
	},
);

describe('the loopback listener of a running sign-in, under attack', () => {
	let app: EmulatorApp;
	let port: number;
	let session: SignInSession;
	const events: SignInEvent[] = [];
	let state: string;

	beforeAll(async () => {
		port = await freePort();
		const redirectUri = `http://localhost:${port}/callback`;
		app = emulator.registerApp({redirectUris: [redirectUri]});
		session = await startSignIn({
			apiKey: app.clientId,
			redirectUri,
			scopes,
			endpoints: emulator.endpoints,
			routes: ['loopback'],
			timeoutMs: 120_000,
			onEvent: (event) => events.push(event),
		});
		state = new URL(session.authorizeUrl ?? '').searchParams.get('state') ?? '';
	});
	afterAll(async () => {
		session.cancel();
		await session.result.catch(() => {});
	});

	const ended = () =>
		events.filter((event) =>
			['code-received', 'exchanging', 'failed', 'signed-in'].includes(event.type),
		);

	it('refuses a request head over 16 KiB without a 5xx, and keeps listening', async () => {
		const overlong = Buffer.from(
			`GET /callback?state=${state}&code=${'c'.repeat(70_000)} HTTP/1.1\r\nHost: localhost:${port}\r\nConnection: close\r\n\r\n`,
		);
		const answer = await sendRaw('127.0.0.1', port, overlong).then(
			(raw) => raw.status,
			(error: NodeJS.ErrnoException) => error.code,
		);
		// Node answers 431, unless the connection is reset before the answer could be read.
		expect([431, 'ECONNRESET', 'EPIPE']).toContain(answer);
		const after = await sendRaw(
			'127.0.0.1',
			port,
			Buffer.from(
				`GET /favicon.ico HTTP/1.1\r\nHost: localhost:${port}\r\nConnection: close\r\n\r\n`,
			),
		);
		expect(after.status).toBe(404);
		expect(ended()).toEqual([]);
	});

	it('answers thousands of hostile requests below 500, never ends the sign-in, never injects or echoes', async () => {
		const paths = fc.constantFrom(
			'/callback',
			'/callback',
			'/callback',
			'/callback',
			'/callback',
			'/callback',
			'/callback/',
			'/callback/done',
			'/CALLBACK',
			'//callback',
			'/callback/../callback',
			'/%63allback',
			'*',
			`http://localhost:${port}/callback`,
			'/favicon.ico',
		);
		const hostHeaders: fc.Arbitrary<string[]> = fc.oneof(
			{weight: 12, arbitrary: fc.constant<string[]>([`localhost:${port}`])},
			{
				weight: 3,
				arbitrary: fc
					.constantFrom(
						`127.0.0.1:${port}`,
						`LOCALHOST:${port}`,
						'localhost',
						`localhost:${port}@evil.test`,
						`evil.test:${port}`,
						`localhost.:${port}`,
						`[::1]:${port}`,
						'',
					)
					.map((host): string[] => [host]),
			},
			{weight: 1, arbitrary: fc.constant<string[]>([])},
			{weight: 1, arbitrary: fc.constant<string[]>([`localhost:${port}`, 'evil.test'])},
			{
				weight: 2,
				arbitrary: fc
					.string({unit: 'binary', maxLength: 30})
					.map((host) => [host.replace(/[\r\n]/g, '')]),
			},
		);
		const request = fc.record({
			method: methods,
			path: paths,
			pairs: fc.array(pair, {maxLength: 6}),
			// The real state twice: a copy of the genuine value must still not count.
			doubledState: fc.boolean(),
			separator: fc.constantFrom('&', '&', '&', ';', '&&'),
			hosts: hostHeaders,
			overIpv6: fc.boolean(),
		});

		await fc.assert(
			fc.asyncProperty(request, async (r) => {
				const query: Buffer[] = r.doubledState
					? [Buffer.from(`state=${state}${r.separator === ';' ? '&' : r.separator}state=${state}`)]
					: [];
				for (const {name: key, value: entry, bare} of r.pairs) {
					query.push(
						bare
							? percentEncode(key)
							: Buffer.concat([percentEncode(key), Buffer.from('='), entry.bytes]),
					);
				}
				const target = Buffer.concat([
					Buffer.from(r.path),
					Buffer.from('?'),
					...query.flatMap((part, index) =>
						index === 0 ? [part] : [Buffer.from(r.separator), part],
					),
				]);
				const head = Buffer.concat([
					Buffer.from(`${r.method} `),
					target,
					Buffer.from(' HTTP/1.1\r\n'),
					...r.hosts.map((host) => Buffer.from(`Host: ${host}\r\n`, 'utf8')),
					Buffer.from('Connection: close\r\n\r\n'),
				]);
				fc.pre(head.length <= maxHeadBytes);
				const answer = await sendRaw(r.overIpv6 && ipv6 ? '::1' : '127.0.0.1', port, head);

				expect(answer.status).toBeGreaterThanOrEqual(200);
				expect(answer.status).toBeLessThan(500);
				if (answer.headers['content-type']?.startsWith('text/html')) {
					expect(answer.headers['content-security-policy']).toContain("default-src 'none'");
					expectCleanPage(answer, [state]);
					// A state or verifier is 43 URL-safe characters; no page holds such a run.
					expect(answer.body).not.toMatch(/[A-Za-z0-9_-]{43}/);
				} else {
					expect(answer.body).not.toContain(state);
				}
				expect(ended()).toEqual([]);
			}),
			// One listener lives through every run, so shrinking would replay on a changed server:
			// report the first failing request as it was sent.
			{numRuns: 2000, endOnFailure: true},
		);

		const reasons = events.filter((event) => event.type === 'callback-rejected');
		expect(reasons.length).toBeGreaterThan(100);
		expect(JSON.stringify(events.filter((event) => event.type !== 'authorize-url'))).not.toContain(
			state,
		);

		// The person's real return from Constant Contact still signs in.
		emulator.setAutoApprove('allow');
		const approved = await fetch(session.authorizeUrl ?? '', {redirect: 'manual'});
		const callback = new URL(approved.headers.get('location') ?? '');
		const held = await sendRaw(
			'127.0.0.1',
			port,
			Buffer.from(
				`GET ${callback.pathname}${callback.search} HTTP/1.1\r\nHost: localhost:${port}\r\nConnection: close\r\n\r\n`,
			),
		);
		expect(held.status).toBe(303);
		expect(held.headers.location).toBe('/callback/done');
		const done = await sendRaw(
			'127.0.0.1',
			port,
			Buffer.from(
				`GET /callback/done HTTP/1.1\r\nHost: localhost:${port}\r\nConnection: close\r\n\r\n`,
			),
		);
		expect(done.status).toBe(200);
		expect(done.body).toContain('Signed in to Constant Contact');
		const outcome = await session.result;
		expect(outcome.route).toBe('loopback');
		expect(outcome.tokens.accessToken).toEqual(expect.any(String));
	});
});

describe('an error callback with the right state', () => {
	it('shows the failure page with whatever markup the description holds escaped, and ends with a CcTokenError', async () => {
		const port = await freePort();
		const redirectUri = `http://localhost:${port}/callback`;
		const app = emulator.registerApp({redirectUris: [redirectUri]});
		// Each case is a sign-in of its own: a failure shrinks within at most 2 × 100 replays,
		// well inside the test's time limit even on a busy machine.
		const errorName = fc.limitShrink(
			fc.oneof(
				fc.constantFrom(
					'access_denied',
					'invalid_scope',
					'server_error',
					'temporarily_unavailable',
				),
				markup,
				fc.string({unit: 'binary', minLength: 1, maxLength: 30}),
			),
			100,
		);
		const description = fc.limitShrink(
			fc.oneof(
				markup,
				// A description repeating the state, which the page and message must not show.
				fc.constant('The request with state STATE was refused.'),
				fc.string({unit: 'binary', minLength: 1, maxLength: 300}),
				fc.string({unit: 'grapheme-ascii', minLength: 1000, maxLength: 2048}),
			),
			100,
		);

		await fc.assert(
			fc.asyncProperty(errorName, description, async (error, said) => {
				const session = await startSignIn({
					apiKey: app.clientId,
					redirectUri,
					scopes,
					endpoints: emulator.endpoints,
					routes: ['loopback'],
					timeoutMs: 60_000,
				});
				const state = new URL(session.authorizeUrl ?? '').searchParams.get('state') ?? '';
				const query = new URLSearchParams({
					error,
					error_description: said.replaceAll('STATE', state),
					state,
				});
				const held = await sendRaw(
					'127.0.0.1',
					port,
					Buffer.from(
						`GET /callback?${query} HTTP/1.1\r\nHost: localhost:${port}\r\nConnection: close\r\n\r\n`,
					),
				);
				expect(held.status).toBe(303);
				const page = await sendRaw(
					'127.0.0.1',
					port,
					Buffer.from(
						`GET /callback/done HTTP/1.1\r\nHost: localhost:${port}\r\nConnection: close\r\n\r\n`,
					),
				);
				expect(page.status).toBe(200);
				expect(page.body).toContain('Sign-in failed');
				expectCleanPage(page, [state]);
				const failure = await session.result.then(
					() => undefined,
					(caught: unknown) => caught,
				);
				expect(failure).toBeInstanceOf(CcTokenError);
				const message = (failure as CcTokenError).message;
				expect(message).not.toMatch(/<script|<img|<svg|<style/i);
				expect(message).not.toContain(state);
				expect(message.length).toBeLessThan(500);
			}),
			{numRuns: 150},
		);
	});
});
