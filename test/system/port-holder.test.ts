import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {readFileSync} from 'node:fs';
import {createServer, type Server} from 'node:net';
import {basename} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {describePortHolder} from '../../source/system/port-holder.js';

const servers: Server[] = [];
afterEach(async () => {
	await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});

async function listen(host: string): Promise<number> {
	const server = createServer();
	servers.push(server);
	server.listen(0, host);
	await once(server, 'listening');
	const address = server.address();
	if (address === null || typeof address === 'string') throw new Error('no port');
	return address.port;
}

function canListenOnIpv6Loopback(): Promise<boolean> {
	const server = createServer();
	return new Promise((resolve) => {
		server.once('error', () => resolve(false));
		server.listen(0, '::1', () => server.close(() => resolve(true)));
	});
}

const ipv6LoopbackAvailable = await canListenOnIpv6Loopback();
const ownName = () => readFileSync('/proc/self/comm', 'utf8').trim();

describe.runIf(process.platform === 'linux')('describePortHolder', () => {
	it('names this process when it listens on the port (IPv4)', async () => {
		const port = await listen('127.0.0.1');
		expect(await describePortHolder(port)).toBe(`${ownName()} (pid ${process.pid})`);
	});

	it.runIf(ipv6LoopbackAvailable)('finds IPv6 listeners too', async () => {
		const port = await listen('::1');
		expect(await describePortHolder(port)).toBe(`${ownName()} (pid ${process.pid})`);
	});

	it('names another process holding the port', async () => {
		const child = spawn(
			process.execPath,
			[
				'-e',
				"const s=require('node:net').createServer().listen(0,'127.0.0.1',()=>console.log(s.address().port))",
			],
			{stdio: ['ignore', 'pipe', 'inherit']},
		);
		try {
			// The kernel keeps the first 15 characters of the program's name.
			const [output] = await once(child.stdout, 'data');
			const port = Number(String(output).trim());
			expect(await describePortHolder(port)).toBe(
				`${basename(process.execPath).slice(0, 15)} (pid ${child.pid})`,
			);
		} finally {
			child.kill();
		}
	});

	it('says nothing about a port nobody listens on', async () => {
		const port = await listen('127.0.0.1');
		await new Promise((done) => servers.pop()?.close(done));
		expect(await describePortHolder(port)).toBeUndefined();
	});
});
