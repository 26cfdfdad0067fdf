// A tiny loopback HTTP server whose answers a test writes by hand, for faults no real server
// produces on demand. It records every request it receives.
import {createServer, type IncomingHttpHeaders, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {type Endpoints, endpointsFrom} from '../../source/provider/constant-contact.js';

export interface RecordedRequest {
	method: string;
	path: string;
	headers: IncomingHttpHeaders;
	body: string;
	form: URLSearchParams;
}

export type Answer = (request: RecordedRequest, response: ServerResponse) => void;

export interface ScriptedServer {
	origin: string;
	endpoints: Endpoints;
	requests: RecordedRequest[];
	close(): Promise<void>;
}

export function json(status: number, body: unknown, headers = {}): Answer {
	return (_request, response) => {
		response.writeHead(status, {'content-type': 'application/json', ...headers});
		response.end(JSON.stringify(body));
	};
}

/** Answers the requests in turn with `answers`; the last one repeats. */
export async function startScriptedServer(...answers: Answer[]): Promise<ScriptedServer> {
	const requests: RecordedRequest[] = [];
	const server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const body = Buffer.concat(chunks).toString('utf8');
			const recorded = {
				method: request.method ?? '',
				path: request.url ?? '',
				headers: request.headers,
				body,
				form: new URLSearchParams(body),
			};
			requests.push(recorded);
			const answer = answers[Math.min(requests.length, answers.length) - 1];
			answer?.(recorded, response);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		origin,
		endpoints: endpointsFrom({
			CC_TOKEN_AUTH_URL: `${origin}/oauth2/default/v1`,
			CC_TOKEN_API_URL: `${origin}/v3`,
		}),
		requests,
		close: () =>
			new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
