// Small pieces of HTTP the routes share: form bodies read strictly, JSON answers, and the
// Refusal a route throws to answer with an OAuth error.

import {randomBytes} from 'node:crypto';
import type {IncomingMessage, OutgoingHttpHeaders, ServerResponse} from 'node:http';

const maxBodyBytes = 64 * 1024;

/** A request the server refuses: rendered as OAuth JSON by API routes, as a page by pages. */
export class Refusal extends Error {
	constructor(
		readonly status: number,
		readonly error: string,
		readonly description: string,
		readonly headers: OutgoingHttpHeaders = {},
		/** Sent instead of OAuth's {error, error_description} (Okta's own error shape). */
		readonly body?: Record<string, unknown>,
	) {
		super(description);
	}
}

// Host names and a port only: user info or a path is not a Host header a browser sends.
const hostHeaderPattern = /^[a-z0-9.\-[\]:]+$/i;
const ownHostNames = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Whether a request is addressed to the emulator itself: its own port on a loopback name. A
 * page on another host name that resolves to 127.0.0.1 (DNS rebinding) sends its own name, and
 * must not read the portal page with the demo secret, nor sign in.
 */
export function isAddressedTo(request: IncomingMessage, port: number): boolean {
	const host = request.headers.host;
	if (!host || !hostHeaderPattern.test(host)) return false;
	const url = URL.parse(`http://${host}`);
	return url !== null && ownHostNames.has(url.hostname) && Number(url.port || '80') === port;
}

/** The answer to a request for another host: 421 Misdirected Request, without content. */
export function refuseMisdirected(request: IncomingMessage, response: ServerResponse): void {
	request.resume();
	response.writeHead(421, {'Content-Length': '0', Connection: 'close'});
	response.end();
}

/** An unguessable value for codes, tokens and one-time ids. */
export function randomToken(bytes = 32): string {
	return randomBytes(bytes).toString('base64url');
}

/**
 * Parameters that must appear at most once (RFC 6749 §3.1, §3.2): a repeated one is refused
 * rather than silently picking the first or the last.
 */
export function singleValued(params: URLSearchParams): Record<string, string> {
	const result: Record<string, string> = {};
	for (const [name, value] of params) {
		if (Object.hasOwn(result, name)) {
			throw new Refusal(400, 'invalid_request', `The '${name}' parameter was repeated.`);
		}
		result[name] = value;
	}
	return result;
}

export async function readBody(request: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of request as AsyncIterable<Buffer>) {
		size += chunk.length;
		if (size > maxBodyBytes) {
			throw new Refusal(413, 'invalid_request', 'The request body is too large.');
		}
		chunks.push(chunk);
	}
	return Buffer.concat(chunks).toString('utf8');
}

/** Reads an application/x-www-form-urlencoded body; any other content type is refused. */
export async function readForm(request: IncomingMessage): Promise<Record<string, string>> {
	const mediaType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
	if (mediaType !== 'application/x-www-form-urlencoded') {
		request.resume();
		throw new Refusal(
			400,
			'invalid_request',
			'The request body must be application/x-www-form-urlencoded.',
		);
	}
	return singleValued(new URLSearchParams(await readBody(request)));
}

/** A person's answer on a page with Allow and Deny buttons (consent, device activation). */
export async function readDecisionForm(
	request: IncomingMessage,
	refusal: string,
): Promise<Record<string, string> & {decision: 'allow' | 'deny'}> {
	const form = await readForm(request);
	if (form.decision !== 'allow' && form.decision !== 'deny') {
		throw new Refusal(400, 'invalid_request', refusal);
	}
	return form as Record<string, string> & {decision: 'allow' | 'deny'};
}

export function sendJson(
	response: ServerResponse,
	status: number,
	body: unknown,
	headers: OutgoingHttpHeaders = {},
): void {
	response.writeHead(status, {
		'Content-Type': 'application/json',
		'Cache-Control': 'no-store',
		Pragma: 'no-cache',
		...headers,
	});
	response.end(JSON.stringify(body));
}

export function sendOAuthError(response: ServerResponse, refusal: Refusal): void {
	sendJson(
		response,
		refusal.status,
		refusal.body ?? {error: refusal.error, error_description: refusal.description},
		refusal.headers,
	);
}
