import {createServer} from 'node:http';
import {afterEach, describe, expect, it} from 'vitest';
import {failurePage, successPage} from '../../source/auth/callback-page.js';
import {type AcceptedCallback, type Loopback, startLoopback} from '../../source/auth/loopback.js';
import {parseRedirectUri} from '../../source/auth/redirect-uri.js';
import {createState} from '../../source/auth/state.js';
import {CcTokenError} from '../../source/errors.js';
import {hasIpv6Loopback, isClosed, rawRequest} from '../helpers/loopback-client.js';
import {freePort, listeningAddresses} from '../helpers/ports.js';

const ipv6 = await hasIpv6Loopback();
let open: Loopback | undefined;
afterEach(async () => {
	await open?.finish();
	open = undefined;
});

async function listen(host = 'localhost') {
	const port = await freePort();
	const state = createState();
	const accepted: AcceptedCallback[] = [];
	const rejected: string[] = [];
	const target = parseRedirectUri(`http://${host}:${port}/callback`);
	open = await startLoopback({
		target,
		state,
		onCallback: (callback) => accepted.push(callback),
		onRejected: (reason) => rejected.push(reason),
	});
	return {port, state, accepted, rejected, loopback: open};
}

describe('redirect URIs', () => {
	it('serves plain-http loopback hosts only, on their own addresses', () => {
		expect(parseRedirectUri('http://localhost:47325/callback').listenAddresses).toEqual([
			'127.0.0.1',
			'::1',
		]);
		expect(parseRedirectUri('http://127.0.0.1:8888/').listenAddresses).toEqual(['127.0.0.1']);
		expect(parseRedirectUri('http://[::1]:8888/cb').listenAddresses).toEqual(['::1']);
		for (const uri of [
			'https://localhost',
			'https://localhost:47325/callback',
			'http://0.0.0.0:8888/cb',
			'http://example.test:8888/cb',
			'http://localhost.example.test/cb',
		]) {
			expect(parseRedirectUri(uri).listenAddresses, uri).toEqual([]);
		}
		expect(parseRedirectUri('https://localhost').port).toBe(443);
	});

	it('refuses redirect URIs no application can register', () => {
		for (const uri of [
			'localhost:8888',
			'ftp://localhost/x',
			'http://localhost/#x',
			'http://a:b@localhost/',
		]) {
			expect(() => parseRedirectUri(uri), uri).toThrow(CcTokenError);
		}
	});
});

describe('the loopback listener', () => {
	it('listens on 127.0.0.1 and ::1 for localhost, and on nothing else', async () => {
		const {port, loopback} = await listen();
		expect(loopback.addresses).toEqual(
			ipv6 ? [`127.0.0.1:${port}`, `[::1]:${port}`] : [`127.0.0.1:${port}`],
		);
		// The sockets the kernel has listening, not the addresses the code meant to open.
		expect(listeningAddresses(port)).toEqual(ipv6 ? ['127.0.0.1', '::1'] : ['127.0.0.1']);
		expect((await rawRequest({port, path: '/elsewhere'})).status).toBe(404);
		if (ipv6) expect((await rawRequest({host: '::1', port, path: '/elsewhere'})).status).toBe(404);
	});

	it('listens on 127.0.0.1 alone for a 127.0.0.1 redirect URI', async () => {
		const {port, loopback} = await listen('127.0.0.1');
		expect(loopback.addresses).toEqual([`127.0.0.1:${port}`]);
		expect(listeningAddresses(port)).toEqual(['127.0.0.1']);
		if (ipv6) expect(await isClosed(port, '::1')).toBe(true);
	});

	it.runIf(ipv6)('listens on ::1 alone for a [::1] redirect URI', async () => {
		const {port, loopback} = await listen('[::1]');
		expect(loopback.addresses).toEqual([`[::1]:${port}`]);
		expect(listeningAddresses(port)).toEqual(['::1']);
		expect(await isClosed(port, '127.0.0.1')).toBe(true);
		const response = await rawRequest({host: '::1', port, path: '/x', hostHeader: `[::1]:${port}`});
		expect(response.status).toBe(404);
	});

	it('refuses requests addressed to another host (DNS rebinding)', async () => {
		const {port, state, accepted} = await listen();
		for (const hostHeader of [
			`attacker.example:${port}`,
			`127.0.0.1:${port}`,
			`localhost:${port + 1}`,
			'localhost',
			`evil@localhost:${port}`,
		]) {
			const response = await rawRequest({
				port,
				path: `/callback?code=abc&state=${state}`,
				hostHeader,
			});
			expect(response.status, hostHeader).toBe(421);
		}
		expect(accepted).toEqual([]);
		const upperCase = await rawRequest({port, path: '/nothing', hostHeader: `LOCALHOST:${port}`});
		expect(upperCase.status).toBe(404);
	});

	it('answers 404 to stray paths, 405 to other methods, and uses nothing on HEAD', async () => {
		const {port, state, accepted, rejected} = await listen();
		expect((await rawRequest({port, path: '/favicon.ico'})).status).toBe(404);
		const unparsable = await rawRequest({port, path: 'http://[broken/callback'});
		expect([unparsable.status, unparsable.body]).toEqual([400, 'Bad request.\n']);
		expect((await rawRequest({port, path: `/callback/extra?code=abc&state=${state}`})).status).toBe(
			404,
		);
		expect((await rawRequest({port, path: `/Callback?code=abc&state=${state}`})).status).toBe(404);
		const post = await rawRequest({
			port,
			path: `/callback?code=abc&state=${state}`,
			method: 'POST',
		});
		expect(post.status).toBe(405);
		expect(post.headers.allow).toBe('GET, HEAD');
		const head = await rawRequest({
			port,
			path: `/callback?code=abc&state=${state}`,
			method: 'HEAD',
		});
		expect(head.status).toBe(200);
		expect(accepted).toEqual([]);
		expect(rejected).toEqual([]);
	});

	it('answers a forged or malformed callback with an error page, and keeps waiting', async () => {
		const {port, state, accepted, rejected} = await listen();
		const attempts = [
			'/callback?code=abc&state=forged',
			'/callback?error=access_denied&state=forged',
			'/callback?code=abc',
			`/callback?code=abc&code=def&state=${state}`,
			`/callback?code=abc&state=${state}&state=${state}`,
			`/callback?code=&state=${state}`,
			`/callback?code=${'x'.repeat(4000)}&state=${state}`,
			`/callback?state=${state}`,
		];
		for (const path of attempts) {
			const response = await rawRequest({port, path});
			expect(response.status, path).toBe(400);
			expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
			expect(response.headers['content-security-policy']).toContain("default-src 'none'");
			expect(response.body).toContain('still waiting');
			expect(response.body).not.toContain('signed in');
		}
		expect(rejected).toHaveLength(attempts.length);
		expect(rejected[0]).toMatch(/different sign-in/);
		expect(accepted).toEqual([]);
		// Still waiting: the real callback afterwards counts.
		void rawRequest({port, path: `/callback?code=the-code&state=${state}`}).catch(() => {});
		await expect.poll(() => accepted).toEqual([{kind: 'code', code: 'the-code'}]);
	});

	it('holds the real callback until the end, then sends the browser to a page without the code', async () => {
		const {port, state, accepted, loopback} = await listen();
		let answered = false;
		const callback = rawRequest({port, path: `/callback?code=the-code&state=${state}`}).then(
			(response) => {
				answered = true;
				return response;
			},
		);
		await expect.poll(() => accepted).toEqual([{kind: 'code', code: 'the-code'}]);
		expect(answered).toBe(false);
		const finished = loopback.finish(successPage());
		const redirect = await callback;
		expect(redirect.status).toBe(303);
		expect(redirect.headers.location).toBe('/callback/done');
		const page = await rawRequest({port, path: '/callback/done'});
		expect(page.status).toBe(200);
		expect(page.body).toContain('Signed in to Constant Contact');
		expect(page.body).toContain('You can close this tab');
		expect(page.body).not.toContain('the-code');
		expect(page.headers['content-security-policy']).toBe(
			"default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
		);
		await finished;
		expect(await isClosed(port)).toBe(true);
		if (ipv6) expect(await isClosed(port, '::1')).toBe(true);
	});

	it('shows a failure escaped, and refuses a second callback meanwhile', async () => {
		const {port, state, accepted, rejected, loopback} = await listen();
		const callback = rawRequest({port, path: `/callback?code=one&state=${state}`});
		await expect.poll(() => accepted.length).toBe(1);
		const second = await rawRequest({port, path: `/callback?code=two&state=${state}`});
		expect(second.status).toBe(400);
		expect(rejected).toEqual([
			'This sign-in has already received its answer from Constant Contact.',
		]);
		const error = new CcTokenError('invalid_grant', 'Bad <script>alert(1)</script> code', {
			hint: 'Sign in again & soon.',
		});
		const finished = loopback.finish(failurePage(error));
		expect((await callback).status).toBe(303);
		const page = await rawRequest({port, path: '/callback/done'});
		expect(page.body).toContain('Sign-in failed');
		expect(page.body).toContain('Bad &lt;script&gt;alert(1)&lt;/script&gt; code');
		expect(page.body).toContain('Sign in again &amp; soon.');
		expect(page.body).not.toContain('<script>');
		await finished;
	});

	it('closes at once when nobody waits on it, idle connections included', async () => {
		const {port, loopback} = await listen();
		const idle = await rawRequest({port, path: '/nothing'});
		expect(idle.status).toBe(404);
		await loopback.finish(successPage());
		expect(await isClosed(port)).toBe(true);
	});

	it('says which port is taken and what to do, and kills nothing', async () => {
		const port = await freePort();
		const holder = createServer((_request, response) => response.end('still here'));
		await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
		try {
			const error = await startLoopback({
				target: parseRedirectUri(`http://localhost:${port}/callback`),
				state: createState(),
				onCallback: () => {},
				onRejected: () => {},
			}).catch((caught: unknown) => caught);
			expect(error).toBeInstanceOf(CcTokenError);
			expect((error as CcTokenError).code).toBe('port_in_use');
			// The holder is this test process: the operating system names it.
			expect((error as CcTokenError).message).toContain(
				`Port ${port} is already in use by node (pid ${process.pid})`,
			);
			expect((error as CcTokenError).hint).toMatch(
				/Close node \(pid \d+\) and try again.*--device/,
			);
			const stillThere = await rawRequest({port, path: '/'});
			expect(stillThere.body).toBe('still here');
			if (ipv6) expect(await isClosed(port, '::1')).toBe(true);
		} finally {
			await new Promise((resolve) => holder.close(resolve));
		}
	});
});
