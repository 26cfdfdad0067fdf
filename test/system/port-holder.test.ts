import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {readFileSync} from 'node:fs';
import {chmod, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {createServer, type Server} from 'node:net';
import {tmpdir} from 'node:os';
import {basename, join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {simulatedPlatform} from '../../source/system/platform.js';
import {describePortHolder, portDeniedAdvice} from '../../source/system/port-holder.js';
import {builtCli} from '../helpers/cli.js';

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

	it('names another cc-token as such: a sign-in, or the emulator', async () => {
		// The installed command is a script named cc-token; this one only listens, as a sign-in
		// waiting for the browser does.
		const folder = await mkdtemp(join(tmpdir(), 'cc-token-holder-'));
		const script = join(folder, 'cc-token');
		await writeFile(
			script,
			"const s=require('node:net').createServer().listen(0,'127.0.0.1',()=>console.log(s.address().port))",
		);
		// And the built command itself, run by its path: its emulator on a port of its own.
		const children = [
			spawn(process.execPath, [script, 'login', '--no-browser'], {
				stdio: ['ignore', 'pipe', 'inherit'],
			}),
			spawn(process.execPath, [builtCli, 'emulator'], {stdio: ['ignore', 'pipe', 'inherit']}),
		];
		try {
			const ports = await Promise.all(
				children.map(async (child) => {
					const [output] = await once(child.stdout!, 'data');
					return Number(/(?:127\.0\.0\.1:)?(\d+)/.exec(String(output))?.[1]);
				}),
			);
			expect(await describePortHolder(ports[0]!)).toBe(
				`another cc-token sign-in (pid ${children[0]!.pid})`,
			);
			expect(await describePortHolder(ports[1]!)).toBe(
				`another cc-token emulator (pid ${children[1]!.pid})`,
			);
		} finally {
			for (const child of children) child.kill();
			await rm(folder, {recursive: true, force: true});
		}
	});

	it('says nothing about a port nobody listens on', async () => {
		const port = await listen('127.0.0.1');
		await new Promise((done) => servers.pop()?.close(done));
		expect(await describePortHolder(port)).toBeUndefined();
	});
});

// macOS and Windows, simulated: lsof, netstat and tasklist are stand-ins on PATH that print
// what the real tools print and record how they were asked.
describe('describePortHolder elsewhere', () => {
	let directory: string;
	beforeEach(async () => {
		directory = await mkdtemp(join(tmpdir(), 'cc-token-holder-'));
	});
	afterEach(async () => {
		await rm(directory, {recursive: true, force: true});
	});

	async function fakeTool(name: string, output: string, options: {sleepSeconds?: number} = {}) {
		const path = join(directory, name);
		await writeFile(`${path}.out`, output);
		await writeFile(
			path,
			[
				'#!/bin/sh',
				`printf '%s\\n' "$@" > '${path}.args'`,
				// exec: the tool is the sleeping process itself, so a kill stops it.
				options.sleepSeconds ? `exec /bin/sleep ${options.sleepSeconds}` : `/bin/cat '${path}.out'`,
				'',
			].join('\n'),
		);
		await chmod(path, 0o755);
		return {args: async () => (await readFile(`${path}.args`, 'utf8')).trim().split('\n')};
	}

	const macOS = () => simulatedPlatform('darwin', {env: {PATH: directory}});
	const windows = () => simulatedPlatform('win32', {env: {PATH: directory}});

	it('on macOS, names the holder from lsof', async () => {
		const lsof = await fakeTool(
			'lsof',
			[
				'COMMAND   PID USER   FD   TYPE             DEVICE SIZE/OFF NODE NAME',
				'node    48213  ada   23u  IPv4 0x5e0c4b2f9d3a1c07      0t0  TCP 127.0.0.1:47325 (LISTEN)',
				'',
			].join('\n'),
		);
		expect(await describePortHolder(47_325, macOS())).toBe('node (pid 48213)');
		expect(await lsof.args()).toEqual(['-nP', '-iTCP:47325', '-sTCP:LISTEN']);
	});

	it('on macOS, says nothing when lsof finds nothing or is missing', async () => {
		expect(await describePortHolder(47_325, macOS())).toBeUndefined();
		await fakeTool('lsof', '');
		expect(await describePortHolder(47_325, macOS())).toBeUndefined();
	});

	const netstatOutput = [
		'',
		'Active Connections',
		'',
		'  Proto  Local Address          Foreign Address        State           PID',
		'  TCP    0.0.0.0:135            0.0.0.0:0              LISTENING       1012',
		'  TCP    127.0.0.1:47325        127.0.0.1:51234        ESTABLISHED     7777',
		'  TCP    127.0.0.1:47325        0.0.0.0:0              ABHÖREN         9120',
		'  TCP    [::1]:47326            [::]:0                 LISTENING       9121',
		'  UDP    0.0.0.0:47325          *:*                                    5555',
		'',
	].join('\r\n');

	it('on Windows, finds the listener in netstat -ano (in any language) and names it with tasklist', async () => {
		const netstat = await fakeTool('netstat', netstatOutput);
		const tasklist = await fakeTool('tasklist', '"node.exe","9120","Console","1","45,316 K"\r\n');
		expect(await describePortHolder(47_325, windows())).toBe('node.exe (pid 9120)');
		expect(await netstat.args()).toEqual(['-ano']);
		expect(await tasklist.args()).toEqual(['/FI', 'PID eq 9120', '/FO', 'CSV', '/NH']);
	});

	it('on Windows, finds IPv6 listeners, and gives the pid alone when tasklist does not answer', async () => {
		await fakeTool('netstat', netstatOutput);
		await fakeTool(
			'tasklist',
			'INFO: No tasks are running which match the specified criteria.\r\n',
		);
		expect(await describePortHolder(47_326, windows())).toBe('pid 9121');
		expect(await describePortHolder(47_327, windows())).toBeUndefined();
	});

	it('says nothing rather than wait for a tool that does not answer within a second', async () => {
		await fakeTool('lsof', 'COMMAND PID\nnode 1 ada\n', {sleepSeconds: 10});
		const started = Date.now();
		expect(await describePortHolder(47_325, macOS())).toBeUndefined();
		const waitedMs = Date.now() - started;
		expect(waitedMs).toBeGreaterThanOrEqual(900);
		expect(waitedMs).toBeLessThan(5000);
	});
});

describe('portDeniedAdvice', () => {
	it('on Windows names the reserved ranges and the command that lists them', () => {
		expect(portDeniedAdvice(50_000, simulatedPlatform('win32'))).toBe(
			'Windows keeps some ranges of ports for Hyper-V, WSL and Docker, and port 50000 is probably in one. See the ranges with: netsh interface ipv4 show excludedportrange protocol=tcp',
		);
	});

	it('elsewhere speaks of ports below 1024, or of a policy above them', () => {
		expect(portDeniedAdvice(80, simulatedPlatform('linux'))).toBe(
			'Ports below 1024 need special rights',
		);
		expect(portDeniedAdvice(80, simulatedPlatform('darwin'))).not.toContain('netsh');
		expect(portDeniedAdvice(47_325, simulatedPlatform('linux'))).toContain('port 47325');
	});
});
