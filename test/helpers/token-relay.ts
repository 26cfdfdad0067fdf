// A token endpoint in front of the emulator's: passes each request on at once and holds the
// answer back for `holdMs`, so that concurrent callers meet while a refresh is in flight; or,
// with `swallow`, never passes anything on nor answers (a refresh that hangs, for killing its
// holder mid-way without the server having replaced the refresh token).
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';

export interface TokenRelay {
	/** What CC_TOKEN_AUTH_URL should be. */
	authUrl: string;
	/** Requests received so far. */
	received: () => number;
	/** Whether requests are swallowed from now on (see startTokenRelay). */
	swallow: boolean;
	close: () => Promise<void>;
}

export async function startTokenRelay(
	target: string,
	options: {holdMs?: number; swallow?: boolean},
): Promise<TokenRelay> {
	let received = 0;
	const relay = {swallow: options.swallow === true};
	const server: Server = createServer((request, response) => {
		received++;
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', async () => {
			if (relay.swallow) return;
			const answer = await fetch(target, {
				method: 'POST',
				headers: {'content-type': request.headers['content-type'] ?? ''},
				body: Buffer.concat(chunks),
			});
			const body = await answer.text();
			setTimeout(() => {
				response.writeHead(answer.status, {
					'content-type': answer.headers.get('content-type') ?? '',
				});
				response.end(body);
			}, options.holdMs ?? 0);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	return Object.assign(relay, {
		authUrl: `http://127.0.0.1:${port}/oauth2/default/v1`,
		received: () => received,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	});
}
