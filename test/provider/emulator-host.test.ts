// The emulator answers only requests addressed to itself. A web page on another host name that
// resolves to 127.0.0.1 (DNS rebinding) reaches the same socket, but its requests carry that
// name in Host: they must not read the portal page with the demo secret, nor sign in.
import {request} from 'node:http';
import {beforeAll, describe, expect, it} from 'vitest';
import {demoClientSecret} from '../../source/provider/emulator/index.js';
import {setUpEmulatorServer} from '../helpers/emulator.js';

const emulator = setUpEmulatorServer();
let port: number;

beforeAll(async () => {
	port = Number(new URL(emulator.origin).port);
});

/** A request to the emulator's socket with whatever Host header a browser (or attacker) sends. */
function get(
	path: string,
	host: string | undefined,
	method = 'GET',
): Promise<{status: number; body: string}> {
	return new Promise((resolve, reject) => {
		const outgoing = request(
			{
				host: '127.0.0.1',
				port,
				path,
				method,
				headers: host === undefined ? {} : {host},
				setHost: false,
			},
			(response) => {
				let body = '';
				response.setEncoding('utf8');
				response.on('data', (chunk: string) => {
					body += chunk;
				});
				response.on('end', () => resolve({status: response.statusCode ?? 0, body}));
			},
		);
		outgoing.on('error', reject);
		outgoing.end();
	});
}

describe('the emulator’s Host check', () => {
	it('serves its own host and port, by any of its loopback names', async () => {
		for (const host of [
			`127.0.0.1:${port}`,
			`localhost:${port}`,
			`LocalHost:${port}`,
			`[::1]:${port}`,
		]) {
			const portal = await get('/pages/dma/portal/', host);
			expect(portal.status, host).toBe(200);
			expect(portal.body).toContain(demoClientSecret);
		}
	});

	it('refuses another host name resolving here (DNS rebinding) with 421 and no content', async () => {
		for (const host of [
			`rebind.attacker.example:${port}`,
			'rebind.attacker.example',
			`127.0.0.1.attacker.example:${port}`,
			`localhost:${port + 1}`,
			'127.0.0.1',
			`user@127.0.0.1:${port}`,
			`127.0.0.1:${port}/path`,
		]) {
			for (const path of [
				'/pages/dma/portal/',
				'/',
				'/oauth2/default/v1/token',
				'/v3/account/summary',
			]) {
				const answer = await get(path, host, path.endsWith('token') ? 'POST' : 'GET');
				expect(answer.status, `${host} ${path}`).toBe(421);
				expect(answer.body).toBe('');
			}
		}
	});

	it('answers no request with an empty Host, or none at all', async () => {
		const empty = await get('/pages/dma/portal/', '');
		expect(empty).toEqual({status: 421, body: ''});
		const none = await get('/pages/dma/portal/', undefined);
		expect(none.status).toBe(400);
		expect(none.body).not.toContain(demoClientSecret);
	});
});
