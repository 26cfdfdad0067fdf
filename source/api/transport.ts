// One HTTP exchange with the V3 API, on Node's own http and https modules: no client library
// to load, so `cc-token api` starts about as fast as `curl "$(cc-token token)"`. Every exchange
// has a deadline and a size cap, goes through the environment's proxy, and never follows a
// redirect (which would carry the token to another address). TLS and the proxy agents are
// loaded only when a request needs them: Node takes tens of milliseconds to ready node:https.
import type {Agent} from 'node:http';
import {request as httpRequest, type IncomingHttpHeaders} from 'node:http';
import {CcTokenError} from '../errors.js';

declare const CC_TOKEN_VERSION: string | undefined;

const userAgent = `cc-token/${typeof CC_TOKEN_VERSION === 'string' ? CC_TOKEN_VERSION : 'dev'}`;
const defaultTimeoutMs = 30_000;
const maxBodyBytes = 64 * 1024 * 1024;

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

function timeoutMs(env: NodeJS.ProcessEnv = process.env): number {
	const configured = Number(env.CC_TOKEN_HTTP_TIMEOUT_MS);
	return Number.isFinite(configured) && configured > 0 ? configured : defaultTimeoutMs;
}

const proxyVariables = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'];

/** The proxy for this URL and its agent, when the environment names one. */
async function proxyRoute(url: URL): Promise<{proxy?: string; agent?: Agent}> {
	if (!proxyVariables.some((name) => process.env[name])) return {};
	const {agentsFor, proxyFor} = await import('../system/proxy.js');
	const proxy = proxyFor(url.href);
	if (!proxy) return {};
	const agents = agentsFor(url.href);
	return {proxy, agent: url.protocol === 'https:' ? agents?.https : agents?.http};
}

function failure(
	url: URL,
	cause: NodeJS.ErrnoException | Error,
	ms: number,
	proxy: string | undefined,
): CcTokenError {
	const through = proxy ? ` through the proxy ${new URL(proxy).host}` : '';
	const hint = proxy
		? 'Check that the proxy in HTTPS_PROXY (or HTTP_PROXY) works, or list the host in NO_PROXY to reach it directly.'
		: 'Check your internet connection. Behind a proxy, set HTTPS_PROXY (and NO_PROXY for hosts to reach directly).';
	if (cause.name === 'TimeoutError' || cause.name === 'AbortError') {
		return new CcTokenError(
			'request_timeout',
			`${url.host} did not answer${through} within ${Math.round(ms / 1000) || 1} s.`,
			{hint, cause},
		);
	}
	const code = 'code' in cause && cause.code ? cause.code : cause.message;
	return new CcTokenError('network', `Could not reach ${url.host}${through}: ${code}`, {
		hint,
		cause,
	});
}

export async function exchange(request: Exchange): Promise<ApiResponse> {
	const {url} = request;
	const ms = timeoutMs();
	const send = url.protocol === 'https:' ? (await import('node:https')).request : httpRequest;
	const {proxy, agent} = await proxyRoute(url);
	const body = request.body === undefined ? undefined : Buffer.from(request.body);
	return new Promise((resolve, reject) => {
		const outgoing = send(url, {
			method: request.method,
			headers: {
				accept: 'application/json',
				'user-agent': userAgent,
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
			reject(failure(url, timeout, ms, proxy));
			outgoing.destroy(timeout);
		}, ms);
		const settle = () => clearTimeout(deadline);
		outgoing.on('error', (error) => {
			settle();
			reject(failure(url, error, ms, proxy));
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
						new CcTokenError(
							'bad_response',
							`${url.host} sent an answer of more than ${maxBodyBytes / 1024 / 1024} MB; cc-token stopped reading it.`,
							{hint: 'Ask for smaller pages with limit=…, and follow them with --paginate.'},
						),
					);
					return;
				}
				chunks.push(chunk);
			});
			incoming.on('error', (error) => {
				settle();
				reject(failure(url, error, ms, proxy));
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
