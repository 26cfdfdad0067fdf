// The HTTP client the sign-in and token calls go through, on got. got alone has no timeout,
// ignores proxies and would retry too little or too much; here every request has the deadline,
// size cap, proxy and user agent of system/http-base.ts, and is retried only where a repeat
// cannot hurt.
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import got, {type RequestError} from 'got';
import {type CcTokenError, isCcTokenError} from '../errors.js';
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

const {maxBodyBytes} = httpLimits.auth;

// Failures where the request never left this machine: repeating it cannot do anything twice.
const notSentCodes = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'];

const client = got.extend({
	headers: {...baseHeaders},
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
	/** How long this request may take, when not the usual httpLimits.auth.deadlineMs. */
	deadlineMs?: number;
	signal?: AbortSignal;
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

/** True when the request cannot have reached the server: no connection was ever made. */
function neverSent(error: RequestError): boolean {
	if (error.name === 'TimeoutError') {
		const phase = (error as RequestError & {event?: string}).event;
		return phase === 'lookup' || phase === 'connect' || phase === 'secureConnect';
	}
	return notSentCodes.includes(error.code ?? '');
}

function requestFailure(
	error: RequestError,
	url: string,
	route: ProxyRoute,
	timeoutMs: number,
): CcTokenError {
	// Whether the server may have acted on it: a refresh whose answer was lost may be sent again.
	const notSent = neverSent(error);
	if (error.name === 'TimeoutError') {
		return timedOut(new URL(url), route, timeoutMs, error, {notSent});
	}
	// got's own code says nothing; the cause (a proxy refusing, say) does.
	const detail = error.code && error.code !== 'ERR_GOT_REQUEST_ERROR' ? error.code : error.message;
	return unreachable(new URL(url), route, detail, error, {notSent});
}

export async function httpRequest(url: string, request: HttpRequest): Promise<HttpResponse> {
	const timeoutMs = deadlineMs(request.deadlineMs ?? httpLimits.auth.deadlineMs);
	const connectMs = Math.min(timeoutMs, 10_000);
	let route: ProxyRoute = {};
	let cutOff = false;
	try {
		route = await proxyRoute(url);
		const pending = client(url, {
			method: request.method,
			headers: {
				...request.headers,
				...(request.form ? {'content-type': 'application/x-www-form-urlencoded'} : {}),
			},
			...(request.form ? {body: formBody(request.form)} : {}),
			agent: route.agents ?? {},
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
			cutOff = true;
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
		if (cutOff) {
			throw tooLarge(
				new URL(url),
				maxBodyBytes,
				'Check CC_TOKEN_AUTH_URL, CC_TOKEN_API_URL and any proxy between you and Constant Contact.',
				', which cannot be a token or account answer',
			);
		}
		throw requestFailure(error as RequestError, url, route, timeoutMs);
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
