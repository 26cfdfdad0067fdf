import {createServer, type Server} from 'node:http';
import {type AddressInfo, connect, type Socket} from 'node:net';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {exchange} from '../../source/api/transport.js';
import {httpRequest} from '../../source/auth/http.js';
import {CcTokenError} from '../../source/errors.js';
import {isLoopbackHost, proxyFor} from '../../source/system/proxy.js';
import {agentsThrough} from '../../source/system/proxy-agents.js';

describe('proxyFor', () => {
	const https = 'https://authz.example.test/oauth2/default/v1/token';
	const http = 'http://authz.example.test/oauth2/default/v1/token';

	it('picks the proxy variable for the URL’s scheme, lower case first', () => {
		const env = {HTTPS_PROXY: 'http://secure.proxy:3128', HTTP_PROXY: 'http://plain.proxy:3128'};
		expect(proxyFor(https, env)).toBe('http://secure.proxy:3128');
		expect(proxyFor(http, env)).toBe('http://plain.proxy:3128');
		expect(proxyFor(https, {...env, https_proxy: 'http://lower.proxy:1'})).toBe(
			'http://lower.proxy:1',
		);
		expect(proxyFor(https, {HTTP_PROXY: 'http://plain.proxy:3128'})).toBeUndefined();
		expect(proxyFor(https, {})).toBeUndefined();
		expect(proxyFor(https, {HTTPS_PROXY: 'proxy.internal:8080'})).toBe(
			'http://proxy.internal:8080',
		);
	});

	it('honours NO_PROXY: *, domains with or without a leading dot, and host:port', () => {
		const env = (noProxy: string) => ({HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: noProxy});
		for (const excluded of [
			'*',
			'example.test',
			'.example.test',
			'*.example.test',
			'other.test, authz.example.test',
			'other.test authz.example.test',
			'AUTHZ.example.test:443',
		]) {
			expect(proxyFor(https, env(excluded)), excluded).toBeUndefined();
		}
		for (const included of [
			'',
			'other.test',
			'xample.test',
			'authz.example.test:8443',
			'sub.authz.example.test',
		]) {
			expect(proxyFor(https, env(included)), included).toBe('http://proxy:3128');
		}
		expect(
			proxyFor(https, {HTTPS_PROXY: 'http://proxy:3128', no_proxy: 'example.test'}),
		).toBeUndefined();
	});

	it('never proxies loopback addresses', () => {
		const env = {HTTPS_PROXY: 'http://proxy:3128', HTTP_PROXY: 'http://proxy:3128'};
		for (const url of [
			'http://localhost:47325/callback',
			'http://127.0.0.1:8080/x',
			'http://127.8.9.10/x',
			'http://[::1]:8080/x',
			'https://app.localhost/x',
		]) {
			expect(proxyFor(url, env), url).toBeUndefined();
		}
		expect(isLoopbackHost('128.0.0.1')).toBe(false);
		expect(isLoopbackHost('localhost.example.test')).toBe(false);
	});

	it('gives an agent of the right kind', () => {
		expect(Object.keys(agentsThrough('http://proxy:3128', https))).toEqual(['https']);
		expect(Object.keys(agentsThrough('http://proxy:3128', http))).toEqual(['http']);
	});

	it('refuses an unusable proxy setting without repeating it', () => {
		for (const value of ['http://user:p4ssw0rd@[bad', 'socks5://user:p4ssw0rd@proxy:1080']) {
			let error: unknown;
			try {
				proxyFor(https, {HTTPS_PROXY: value});
			} catch (caught) {
				error = caught;
			}
			expect(error).toBeInstanceOf(CcTokenError);
			expect((error as CcTokenError).code).toBe('bad_input');
			expect((error as CcTokenError).toText()).toContain('HTTPS_PROXY');
			expect((error as CcTokenError).toText()).not.toContain('p4ssw0rd');
		}
	});
});

describe('requests through a real proxy', () => {
	// A proxy that goes nowhere off this machine: plain-HTTP targets (absolute-URI requests or
	// CONNECT to port 80) are served by a local stand-in for every host; CONNECT to 443 is
	// refused, since the stand-in speaks no TLS. It records what reaches it.
	let proxy: Server;
	let standIn: Server;
	let target: Server;
	let targetUrl: string;
	let seen: string[];
	let targetHits: number;
	const savedEnv = {...process.env};
	const port = (server: Server) => (server.address() as AddressInfo).port;

	beforeEach(async () => {
		seen = [];
		targetHits = 0;
		standIn = createServer((request, response) => {
			seen.push(`${request.method} ${request.headers.host}${request.url}`);
			response.writeHead(200, {'content-type': 'application/json'});
			response.end(JSON.stringify({via: 'proxy'}));
		});
		proxy = createServer((request, response) => {
			seen.push(`${request.method} ${request.url}`);
			response.writeHead(200, {'content-type': 'application/json'});
			response.end(JSON.stringify({via: 'proxy'}));
		});
		proxy.on('connect', (request, socket: Socket, head) => {
			seen.push(`CONNECT ${request.url}`);
			if (!request.url?.endsWith(':80')) {
				socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
				return;
			}
			const tunnel = connect(port(standIn), '127.0.0.1', () => {
				socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
				tunnel.write(head);
				tunnel.pipe(socket).pipe(tunnel);
			});
			tunnel.on('error', () => socket.destroy());
			socket.on('error', () => tunnel.destroy());
		});
		target = createServer((_request, response) => {
			targetHits++;
			response.writeHead(200, {'content-type': 'application/json'});
			response.end(JSON.stringify({via: 'direct'}));
		});
		await Promise.all(
			[proxy, standIn, target].map(
				(server) => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)),
			),
		);
		targetUrl = `http://127.0.0.1:${port(target)}/v3/account/summary`;
		for (const name of ['NO_PROXY', 'no_proxy', 'http_proxy', 'https_proxy'])
			delete process.env[name];
		process.env.HTTP_PROXY = `http://127.0.0.1:${port(proxy)}`;
		process.env.HTTPS_PROXY = `http://127.0.0.1:${port(proxy)}`;
	});

	afterEach(async () => {
		process.env = {...savedEnv};
		await Promise.all(
			[proxy, standIn, target].map(
				(server) =>
					new Promise<void>((resolve) => {
						server.close(() => resolve());
						server.closeAllConnections();
					}),
			),
		);
	});

	it('sends a plain-http remote call through the proxy', async () => {
		const response = await httpRequest('http://authz.example.test/oauth2/default/v1/token', {
			method: 'POST',
			form: {grant_type: 'refresh_token'},
			idempotent: false,
		});
		expect(JSON.parse(response.body)).toEqual({via: 'proxy'});
		expect(seen).toEqual([
			'CONNECT authz.example.test:80',
			'POST authz.example.test/oauth2/default/v1/token',
		]);
		expect(targetHits).toBe(0);
	});

	it('tunnels an https remote call with CONNECT, and names the proxy when it refuses', async () => {
		const error = await httpRequest('https://authz.example.test/oauth2/default/v1/token', {
			method: 'POST',
			form: {grant_type: 'refresh_token'},
			idempotent: false,
		}).catch((caught: unknown) => caught);
		expect(seen).toEqual(['CONNECT authz.example.test:443']);
		expect(error).toBeInstanceOf(CcTokenError);
		expect((error as CcTokenError).code).toBe('network');
		expect((error as CcTokenError).message).toBe(
			`Could not reach authz.example.test through the proxy 127.0.0.1:${port(proxy)}: Bad response: 403`,
		);
		expect((error as CcTokenError).hint).toMatch(/NO_PROXY/);
	});

	it('sends a V3 API call (`cc-token api`) through the proxy too, and names it when it refuses', async () => {
		const response = await exchange({
			method: 'GET',
			url: new URL('http://api.example.test/v3/account/summary'),
			headers: {authorization: 'Bearer token'},
		});
		expect(JSON.parse(response.body)).toEqual({via: 'proxy'});
		expect(seen).toEqual([
			'CONNECT api.example.test:80',
			'GET api.example.test/v3/account/summary',
		]);
		const error = await exchange({
			method: 'GET',
			url: new URL('https://api.example.test/v3/account/summary'),
			headers: {authorization: 'Bearer token'},
		}).catch((caught: unknown) => caught);
		expect(seen.at(-1)).toBe('CONNECT api.example.test:443');
		expect((error as CcTokenError).code).toBe('network');
		expect((error as CcTokenError).message).toMatch(
			new RegExp(
				`^Could not reach api\\.example\\.test through the proxy 127\\.0\\.0\\.1:${port(proxy)}: `,
			),
		);
		expect((error as CcTokenError).hint).toMatch(/NO_PROXY/);
	});

	it('goes straight to a loopback address', async () => {
		const response = await httpRequest(targetUrl, {method: 'GET', idempotent: true});
		expect(JSON.parse(response.body)).toEqual({via: 'direct'});
		expect(targetHits).toBe(1);
		expect(seen).toEqual([]);
	});
});
