// Raw requests to a loopback listener, with full control of the Host header and method
// (fetch forbids setting Host), and a check that nothing listens on a port any more.
import {request} from 'node:http';
import {connect, createServer} from 'node:net';

export interface RawResponse {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	body: string;
}

export function rawRequest(options: {
	host?: string;
	port: number;
	path: string;
	method?: string;
	hostHeader?: string;
}): Promise<RawResponse> {
	return new Promise((resolve, reject) => {
		const outgoing = request(
			{
				host: options.host ?? '127.0.0.1',
				port: options.port,
				path: options.path,
				method: options.method ?? 'GET',
				headers: {host: options.hostHeader ?? `localhost:${options.port}`},
				agent: false,
			},
			(response) => {
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('end', () =>
					resolve({
						status: response.statusCode ?? 0,
						headers: response.headers,
						body: Buffer.concat(chunks).toString('utf8'),
					}),
				);
			},
		);
		outgoing.on('error', reject);
		outgoing.end();
	});
}

/** True once a connection to host:port is refused. */
export function isClosed(port: number, host = '127.0.0.1'): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = connect(port, host);
		socket.once('connect', () => {
			socket.destroy();
			resolve(false);
		});
		socket.once('error', () => resolve(true));
	});
}

/** Whether this machine can bind ::1 (IPv6 may be switched off, in containers especially). */
export function hasIpv6Loopback(): Promise<boolean> {
	return new Promise((resolve) => {
		const probe = createServer();
		probe.once('error', () => resolve(false));
		probe.listen(0, '::1', () => probe.close(() => resolve(true)));
	});
}
