// One HTTP exchange with the V3 API, on Node's own http and https modules: no client library
// to load, so `cc-token api` starts about as fast as `curl "$(cc-token token)"`. Every exchange
// has the deadline, size cap, proxy and user agent of system/http-base.ts, and never follows a
// redirect (which would carry the token to another address). TLS and the proxy agents are
// loaded only when a request needs them: Node takes tens of milliseconds to ready node:https.
import {request as httpRequest, type IncomingHttpHeaders} from 'node:http';
import type {CcTokenError} from '../errors.js';
import {
	baseHeaders,
	deadlineMs,
	httpLimits,
	type ProxyRoute,
	proxyRoute,
	timedOut,
	tooLarge,
	unreachable,
} from '../system/http-base.js';

const {maxBodyBytes} = httpLimits.api;

export interface Exchange {
	method: string;
	url: URL;
	headers: Record<string, string>;
	body?: string;
}

export interface ApiResponse {
	status: number;
	statusText: string;
	/** Header names and values in the order they came, as `--include` shows them. */
	rawHeaders: string[];
	headers: IncomingHttpHeaders;
	body: string;
}

function failure(
	url: URL,
	cause: NodeJS.ErrnoException | Error,
	ms: number,
	route: ProxyRoute,
): CcTokenError {
	if (cause.name === 'TimeoutError' || cause.name === 'AbortError') {
		return timedOut(url, route, ms, cause);
	}
	const code = 'code' in cause && cause.code ? cause.code : cause.message;
	return unreachable(url, route, code, cause);
}

export async function exchange(request: Exchange): Promise<ApiResponse> {
	const {url} = request;
	const ms = deadlineMs(httpLimits.api.deadlineMs);
	const send = url.protocol === 'https:' ? (await import('node:https')).request : httpRequest;
	const route = await proxyRoute(url.href);
	const agent = url.protocol === 'https:' ? route.agents?.https : route.agents?.http;
	const body = request.body === undefined ? undefined : Buffer.from(request.body);
	return new Promise((resolve, reject) => {
		const outgoing = send(url, {
			method: request.method,
			headers: {
				...baseHeaders,
				...request.headers,
				...(body ? {'content-length': String(body.length)} : {}),
			},
			...(agent ? {agent} : {}),
		});
		// A plain timer: AbortSignal.timeout would load Node's event-target machinery, which
		// costs more start-up time than this whole request.
		const deadline = setTimeout(() => {
			const timeout = new Error(`No answer within ${ms} ms.`);
			timeout.name = 'TimeoutError';
			reject(failure(url, timeout, ms, route));
			outgoing.destroy(timeout);
		}, ms);
		const settle = () => clearTimeout(deadline);
		outgoing.on('error', (error) => {
			settle();
			reject(failure(url, error, ms, route));
		});
		outgoing.on('response', (incoming) => {
			const chunks: Buffer[] = [];
			let size = 0;
			incoming.on('data', (chunk: Buffer) => {
				size += chunk.length;
				if (size > maxBodyBytes) {
					settle();
					incoming.destroy();
					reject(
						tooLarge(
							url,
							maxBodyBytes,
							'Ask for smaller pages with limit=…, and follow them with --paginate.',
						),
					);
					return;
				}
				chunks.push(chunk);
			});
			incoming.on('error', (error) => {
				settle();
				reject(failure(url, error, ms, route));
			});
			incoming.on('end', () => {
				settle();
				resolve({
					status: incoming.statusCode ?? 0,
					statusText: incoming.statusMessage ?? '',
					rawHeaders: incoming.rawHeaders,
					headers: incoming.headers,
					body: Buffer.concat(chunks).toString('utf8'),
				});
			});
		});
		outgoing.end(body);
	});
}
