// The one HTTP client cc-token talks to Constant Contact with. got alone has no timeout,
// ignores proxies and would retry too little or too much; here every request has a deadline,
// goes through the environment's proxy, and is retried only where a repeat cannot hurt.
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import got, {type RequestError} from 'got';
import {CcTokenError, isCcTokenError} from '../errors.js';
import {agentsFor, proxyFor} from '../system/proxy.js';

declare const CC_TOKEN_VERSION: string | undefined;

const userAgent = `cc-token/${typeof CC_TOKEN_VERSION === 'string' ? CC_TOKEN_VERSION : 'dev'}`;

const defaultTimeoutMs = 15_000;
// Token and account answers are a few kilobytes; anything far larger is not Constant Contact.
const maxBodyBytes = 1_000_000;

/** Total time a request may take; CC_TOKEN_HTTP_TIMEOUT_MS shortens it (tests, slow links). */
function requestTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
	const configured = Number(env.CC_TOKEN_HTTP_TIMEOUT_MS);
	return Number.isFinite(configured) && configured > 0 ? configured : defaultTimeoutMs;
}

// Failures where the request never left this machine: repeating it cannot do anything twice.
const notSentCodes = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'];

const client = got.extend({
	headers: {accept: 'application/json', 'user-agent': userAgent},
	throwHttpErrors: false,
	// A token endpoint never redirects; a redirect is a captive portal or a proxy's login page,
	// and following it would resend the form (with its code or refresh token) elsewhere.
	followRedirect: false,
	responseType: 'text',
	http2: false,
});

export interface HttpRequest {
	method: 'GET' | 'POST';
	headers?: Record<string, string>;
	/** A form body, sent as application/x-www-form-urlencoded. */
	form?: Record<string, string | undefined>;
	/**
	 * True when sending the request twice does no harm (a device poll, a revoke, a GET): a
	 * server error or reset connection is then tried once more. Otherwise only a connection
	 * that was never made is retried, since a refresh or code exchange may already be spent.
	 */
	idempotent: boolean;
	signal?: AbortSignal;
	/** The deadline as a multiple of the ordinary one: a refresh is given longer (see token-client). */
	deadlineFactor?: number;
}

export interface HttpResponse {
	status: number;
	contentType: string;
	body: string;
}

/** Form encoding with %20 for spaces: some servers read '+' in a scope list literally. */
function formBody(form: Record<string, string | undefined>): string {
	return Object.entries(form)
		.filter((entry): entry is [string, string] => entry[1] !== undefined)
		.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
		.join('&');
}

function hostOf(url: string): string {
	return new URL(url).host;
}

/** True when the request cannot have reached the server: no connection was ever made. */
function neverSent(error: RequestError): boolean {
	if (error.name === 'TimeoutError') {
		const phase = (error as RequestError & {event?: string}).event;
		return phase === 'lookup' || phase === 'connect' || phase === 'secureConnect';
	}
	return notSentCodes.includes(error.code ?? '');
}

function requestFailure(error: RequestError, url: string, timeoutMs: number): CcTokenError {
	const host = hostOf(url);
	const proxy = proxyFor(url);
	const through = proxy ? ` through the proxy ${hostOf(proxy)}` : '';
	const hint = proxy
		? 'Check that the proxy in HTTPS_PROXY (or HTTP_PROXY) works, or list the host in NO_PROXY to reach it directly.'
		: 'Check your internet connection. Behind a proxy, set HTTPS_PROXY (and NO_PROXY for hosts to reach directly).';
	if (error.name === 'TimeoutError') {
		return new CcTokenError(
			'request_timeout',
			`${host} did not answer${through} within ${Math.round(timeoutMs / 1000) || 1} s.`,
			{hint, cause: error, notSent: neverSent(error)},
		);
	}
	// got's own code says nothing; the cause (a proxy refusing, say) does.
	const detail = error.code && error.code !== 'ERR_GOT_REQUEST_ERROR' ? error.code : error.message;
	return new CcTokenError('network', `Could not reach ${host}${through}: ${detail}`, {
		hint,
		cause: error,
		notSent: neverSent(error),
	});
}

export async function httpRequest(url: string, request: HttpRequest): Promise<HttpResponse> {
	const timeoutMs = requestTimeoutMs() * (request.deadlineFactor ?? 1);
	const connectMs = Math.min(requestTimeoutMs(), 10_000);
	let tooLarge = false;
	try {
		const pending = client(url, {
			method: request.method,
			headers: {
				...request.headers,
				...(request.form ? {'content-type': 'application/x-www-form-urlencoded'} : {}),
			},
			...(request.form ? {body: formBody(request.form)} : {}),
			agent: agentsFor(url) ?? {},
			timeout: {
				lookup: connectMs,
				connect: connectMs,
				secureConnect: connectMs,
				request: timeoutMs,
			},
			retry: {
				limit: 1,
				methods: [request.method],
				statusCodes: request.idempotent ? [500, 502, 503, 504] : [],
				errorCodes: request.idempotent ? [...notSentCodes, 'ECONNRESET'] : notSentCodes,
				backoffLimit: 1000,
				maxRetryAfter: 5000,
			},
			signal: request.signal,
		});
		pending.on('downloadProgress', ({transferred}) => {
			if (transferred <= maxBodyBytes) return;
			tooLarge = true;
			pending.cancel();
		});
		const response = await pending;
		return {
			status: response.statusCode,
			contentType: response.headers['content-type'] ?? '',
			body: response.body,
		};
	} catch (error) {
		if (isCcTokenError(error)) throw error;
		if (request.signal?.aborted) throw request.signal.reason;
		if (tooLarge) {
			throw new CcTokenError(
				'bad_response',
				`${hostOf(url)} sent an answer of more than ${maxBodyBytes / 1_000_000} MB, which cannot be a token or account answer; cc-token stopped reading it.`,
				{
					hint: 'Check CC_TOKEN_AUTH_URL, CC_TOKEN_API_URL and any proxy between you and Constant Contact.',
				},
			);
		}
		throw requestFailure(error as RequestError, url, timeoutMs);
	}
}

/**
 * got spends some 20 ms on its very first request, readying its request path. A sign-in calls
 * this while the person is still in the browser, so that the code exchange after the callback
 * is quick. The request goes to a throwaway server on this machine's loopback and nowhere else.
 */
export async function warmUpHttpClient(): Promise<void> {
	const server = createServer((request, response) => {
		request.resume();
		response.end('{}');
	});
	try {
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(0, '127.0.0.1', resolve);
		});
		const {port} = server.address() as AddressInfo;
		await httpRequest(`http://127.0.0.1:${port}/`, {method: 'POST', form: {}, idempotent: false});
	} catch {
		// Only a head start: the real request does the same work if this one could not.
	} finally {
		server.closeAllConnections();
		server.close();
	}
}
