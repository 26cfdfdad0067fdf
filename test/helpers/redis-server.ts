// A real redis-server (the Debian package) of a test's own, on a free loopback port, in a
// temporary folder. Every write is on disk at once (appendonly, fsync always), so a stop and a
// start keep the data, as a real Redis restarted by its operator would.
import {type ChildProcess, execFileSync, spawn} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {freePort} from './ports.js';

export interface RedisServer {
	port: number;
	/** The store address: redis://[:password@]127.0.0.1:port/0, or rediss:// with TLS. */
	url: (password?: string) => string;
	/** The test's certificate authority, for NODE_EXTRA_CA_CERTS (TLS only). */
	caFile?: string;
	stop(): Promise<void>;
	start(): Promise<void>;
	/** Runs redis-cli against it and returns its answer (for checks from outside cc-token). */
	cli(...args: string[]): string;
	close(): Promise<void>;
}

/** A certificate authority and a server certificate for 127.0.0.1 and localhost, made now. */
function makeCertificates(dir: string): {ca: string; cert: string; key: string} {
	const file = (name: string) => path.join(dir, name);
	const openssl = (...args: string[]) => execFileSync('openssl', args, {stdio: 'pipe'});
	openssl(
		'req',
		'-x509',
		'-newkey',
		'rsa:2048',
		'-nodes',
		'-days',
		'1',
		'-subj',
		'/CN=cc-token test CA',
		'-keyout',
		file('ca.key'),
		'-out',
		file('ca.crt'),
	);
	openssl(
		'req',
		'-newkey',
		'rsa:2048',
		'-nodes',
		'-subj',
		'/CN=localhost',
		'-keyout',
		file('server.key'),
		'-out',
		file('server.csr'),
	);
	const extensions = file('server.ext');
	execFileSync('sh', [
		'-c',
		`printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\n' > '${extensions}'`,
	]);
	openssl(
		'x509',
		'-req',
		'-in',
		file('server.csr'),
		'-CA',
		file('ca.crt'),
		'-CAkey',
		file('ca.key'),
		'-CAcreateserial',
		'-days',
		'1',
		'-out',
		file('server.crt'),
		'-extfile',
		extensions,
	);
	return {ca: file('ca.crt'), cert: file('server.crt'), key: file('server.key')};
}

async function waitUntilReady(child: ChildProcess): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		let output = '';
		const timer = setTimeout(
			() => reject(new Error(`redis-server did not start:\n${output}`)),
			10_000,
		);
		child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
			output += chunk;
			if (output.includes('Ready to accept connections')) {
				clearTimeout(timer);
				resolve();
			}
		});
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`redis-server exited (${code}):\n${output}`));
		});
	});
}

export async function startRedisServer(
	options: {password?: string; tls?: boolean} = {},
): Promise<RedisServer> {
	const dir = mkdtempSync(path.join(tmpdir(), 'cc-token-redis-'));
	const port = await freePort();
	const certificates = options.tls ? makeCertificates(dir) : undefined;
	const args = [
		'--bind',
		'127.0.0.1',
		'--dir',
		dir,
		'--save',
		'',
		'--appendonly',
		'yes',
		'--appendfsync',
		'always',
		...(options.password ? ['--requirepass', options.password] : []),
		...(certificates
			? [
					'--port',
					'0',
					'--tls-port',
					String(port),
					'--tls-cert-file',
					certificates.cert,
					'--tls-key-file',
					certificates.key,
					'--tls-ca-cert-file',
					certificates.ca,
					'--tls-auth-clients',
					'no',
				]
			: ['--port', String(port)]),
	];
	let child: ChildProcess | undefined;
	const start = async () => {
		child = spawn('redis-server', args, {stdio: ['ignore', 'pipe', 'pipe']});
		await waitUntilReady(child);
	};
	const stop = async () => {
		const running = child;
		child = undefined;
		if (!running || running.exitCode !== null) return;
		await new Promise<void>((resolve) => {
			running.once('exit', () => resolve());
			running.kill('SIGTERM');
		});
	};
	await start();
	return {
		port,
		url: (password) =>
			`${certificates ? 'rediss' : 'redis'}://${password ? `:${encodeURIComponent(password)}@` : ''}127.0.0.1:${port}/0`,
		...(certificates ? {caFile: certificates.ca} : {}),
		start,
		stop,
		cli: (...command) =>
			execFileSync(
				'redis-cli',
				[
					'-h',
					'127.0.0.1',
					'-p',
					String(port),
					...(options.password ? ['--no-auth-warning', '-a', options.password] : []),
					...(certificates ? ['--tls', '--cacert', certificates.ca] : []),
					...command,
				],
				{encoding: 'utf8'},
			).trim(),
		close: async () => {
			await stop();
			rmSync(dir, {recursive: true, force: true});
		},
	};
}
