// A fault proxy in front of the emulator's token endpoint, for the faults a real network
// makes. Each request is planned by `plan` (by its number, from 1):
// - `holdBeforeMs`: held before it is passed on (the server has not seen it yet);
// - `holdMs`: passed on at once, the answer held back (the server has acted on it), so that
//   concurrent callers meet while a refresh is in flight;
// - `dropAnswer`: passed on, and the connection dropped once the server has answered (the
//   server rotated the token, and the caller never hears of it);
// - `swallow`: never passed on nor answered (a refresh that hangs before the server acts).
// `answered` resolves each time the server has answered a request the relay passed on.
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';

export interface RequestPlan {
	holdBeforeMs?: number;
	holdMs?: number;
	dropAnswer?: boolean;
	swallow?: boolean;
}

export interface TokenRelay {
	/** What CC_TOKEN_AUTH_URL should be. */
	authUrl: string;
	/** Requests received so far. */
	received: () => number;
	/** Requests the server has answered so far (whether or not the caller got the answer). */
	answered: () => number;
	/** Whether requests are swallowed from now on (see above). */
	swallow: boolean;
	/** Lets every answer held back go now. */
	release: () => void;
	close: () => Promise<void>;
}

export async function startTokenRelay(
	target: string,
	options: RequestPlan & {plan?: (request: number) => RequestPlan},
): Promise<TokenRelay> {
	let received = 0;
	let answered = 0;
	const held = new Set<() => void>();
	const relay = {swallow: options.swallow === true};
	const wait = (ms: number) =>
		new Promise<void>((resolve) => {
			const go = () => {
				held.delete(go);
				clearTimeout(timer);
				resolve();
			};
			const timer = setTimeout(go, ms);
			held.add(go);
		});
	const server: Server = createServer((request, response) => {
		const number = ++received;
		// Swallowing is the relay's own switch (it may be turned off), not part of the plan.
		const {swallow: _, plan: planOf, ...always} = options;
		const plan = {...always, ...planOf?.(number)};
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', async () => {
			if (relay.swallow || plan.swallow) return;
			if (plan.holdBeforeMs) await wait(plan.holdBeforeMs);
			const answer = await fetch(target, {
				method: 'POST',
				headers: {
					'content-type': request.headers['content-type'] ?? '',
					...(request.headers.authorization ? {authorization: request.headers.authorization} : {}),
				},
				body: Buffer.concat(chunks),
			});
			const body = await answer.text();
			answered++;
			if (plan.dropAnswer) {
				request.socket.destroy();
				return;
			}
			if (plan.holdMs) await wait(plan.holdMs);
			response.writeHead(answer.status, {
				'content-type': answer.headers.get('content-type') ?? '',
			});
			response.end(body);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	return Object.assign(relay, {
		authUrl: `http://127.0.0.1:${port}/oauth2/default/v1`,
		received: () => received,
		answered: () => answered,
		release: () => {
			for (const go of [...held]) go();
		},
		close: () =>
			new Promise<void>((resolve) => {
				for (const go of [...held]) go();
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	});
}
