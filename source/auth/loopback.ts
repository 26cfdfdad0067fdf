// The listener the browser returns to: bound to loopback addresses only, answering one path,
// and only for requests addressed to the redirect URI's own host (a DNS-rebinding page cannot
// use it). A callback that fails a check gets an error page and changes nothing, so no local
// process can end someone's sign-in. The valid callback is held open until the code exchange
// ends, then sent (303) to a result page whose address holds no code.
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import {CcTokenError} from '../errors.js';
import {describePortHolder, portDeniedAdvice} from '../system/port-holder.js';
import {type Page, pageHeaders, rejectedPage, renderPage} from './callback-page.js';
import {type CallbackOutcome, readCallback} from './callback-params.js';
import type {RedirectTarget} from './redirect-uri.js';

export type AcceptedCallback = Exclude<CallbackOutcome, {kind: 'rejected'}>;

export interface LoopbackOptions {
	target: RedirectTarget;
	state: string;
	/** A callback for this sign-in arrived: its browser waits for `finish`. */
	onCallback: (outcome: AcceptedCallback) => void;
	onRejected: (reason: string) => void;
}

export interface Loopback {
	/** Where it listens, as `host:port`, for people to read. */
	addresses: string[];
	/**
	 * Ends the listener. With a page, a browser held on the callback is sent to it and gets a
	 * moment to load it; either way every socket is closed once the promise resolves.
	 */
	finish(page?: Page): Promise<void>;
}

/** How long a browser may take to load the result page before the listener closes anyway. */
const resultPageGraceMs = 2000;

function plain(response: ServerResponse, status: number, text: string, headers = {}): void {
	response.writeHead(status, {
		'content-type': 'text/plain; charset=utf-8',
		'x-content-type-options': 'nosniff',
		'cache-control': 'no-store',
		...headers,
	});
	response.end(`${text}\n`);
}

function sendPage(
	request: IncomingMessage,
	response: ServerResponse,
	page: Page,
	headers = {},
): void {
	const html = renderPage(page);
	response.writeHead(page.status, {
		...pageHeaders,
		'content-length': Buffer.byteLength(html),
		...headers,
	});
	response.end(request.method === 'HEAD' ? undefined : html);
}

// Host names and ports only; anything else (user info, paths) is not a Host a browser sends.
const hostHeaderPattern = /^[a-z0-9.\-[\]:]+$/i;

function isAddressedTo(request: IncomingMessage, expectedHost: string): boolean {
	const host = request.headers.host;
	if (!host || !hostHeaderPattern.test(host)) return false;
	try {
		return new URL(`http://${host}`).host === expectedHost;
	} catch {
		return false;
	}
}

function listen(server: Server, host: string, port: number): Promise<void> {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen({host, port, exclusive: true}, () => {
			server.off('error', reject);
			resolve();
		});
	});
}

function closeServer(server: Server): Promise<void> {
	return new Promise((resolve) => {
		server.close(() => resolve());
		server.closeAllConnections();
	});
}

function portProblem(
	error: NodeJS.ErrnoException,
	target: RedirectTarget,
	holder: string | undefined,
): CcTokenError {
	const port = target.port;
	const alternative = `http://${target.url.hostname}:${port === 65_535 ? port - 1 : port + 1}${target.url.pathname}`;
	const ways = `register another redirect URI with a free port (for example ${alternative}) on your application and sign in with it, or sign in with a code on another device (\`cc-token login --device\`, or \`d\` in the guide)`;
	if (error.code === 'EACCES') {
		return new CcTokenError(
			'port_in_use',
			`cc-token is not allowed to listen on port ${port}, so it cannot receive the browser’s return at ${target.url.href}.`,
			{hint: `${portDeniedAdvice(port)}. Instead, ${ways}.`, cause: error},
		);
	}
	if (error.code !== 'EADDRINUSE') {
		return new CcTokenError(
			'port_in_use',
			`cc-token could not listen on port ${port} (${error.code ?? error.message}), so it cannot receive the browser’s return at ${target.url.href}.`,
			{hint: `Try again; if it keeps failing, ${ways}.`, cause: error},
		);
	}
	return new CcTokenError(
		'port_in_use',
		`Port ${port} is already in use by ${holder ?? 'another program'}, so cc-token cannot receive the browser’s return at ${target.url.href}.`,
		{
			hint: `Close ${holder ?? `the program using port ${port}`} and try again, or ${ways}.`,
			cause: error,
		},
	);
}

// ::1 is missing on machines with IPv6 switched off; 127.0.0.1 alone then serves `localhost`.
const unavailableAddressCodes = new Set(['EADDRNOTAVAIL', 'EAFNOSUPPORT']);

export async function startLoopback(options: LoopbackOptions): Promise<Loopback> {
	const {target} = options;
	const callbackPath = target.url.pathname;
	const resultPath = `${callbackPath.replace(/\/$/, '')}/done`;
	let held: ServerResponse | undefined;
	let resultPage: Page | undefined;
	let onResultServed: (() => void) | undefined;

	const handle = (request: IncomingMessage, response: ServerResponse): void => {
		if (!isAddressedTo(request, target.url.host)) {
			plain(response, 421, 'This server only answers requests for the sign-in redirect URI.');
			return;
		}
		if (request.method !== 'GET' && request.method !== 'HEAD') {
			plain(response, 405, 'Method not allowed.', {allow: 'GET, HEAD'});
			return;
		}
		const path = request.url ?? '/';
		if (!URL.canParse(path, 'http://listener.invalid')) {
			plain(response, 400, 'Bad request.');
			return;
		}
		const url = new URL(path, 'http://listener.invalid');
		if (url.pathname === resultPath && resultPage) {
			sendPage(request, response, resultPage, {connection: 'close'});
			if (request.method === 'GET') response.once('finish', () => onResultServed?.());
			return;
		}
		if (url.pathname !== callbackPath) {
			plain(response, 404, 'Not found.');
			return;
		}
		// Only a real navigation may deliver the code; a HEAD probe learns nothing and uses nothing.
		if (request.method === 'HEAD') {
			response.writeHead(200, pageHeaders).end();
			return;
		}
		const outcome = readCallback(url.searchParams, options.state);
		if (outcome.kind === 'rejected' || held || resultPage) {
			const reason =
				outcome.kind === 'rejected'
					? outcome.reason
					: 'This sign-in has already received its answer from Constant Contact.';
			options.onRejected(reason);
			sendPage(request, response, rejectedPage(reason));
			return;
		}
		held = response;
		options.onCallback(outcome);
	};

	const servers: Server[] = [];
	const addresses: string[] = [];
	try {
		for (const host of target.listenAddresses) {
			const server = createServer(handle);
			try {
				await listen(server, host, target.port);
			} catch (error) {
				const code = (error as NodeJS.ErrnoException).code ?? '';
				if (servers.length > 0 && unavailableAddressCodes.has(code)) continue;
				throw error;
			}
			servers.push(server);
			addresses.push(host.includes(':') ? `[${host}]:${target.port}` : `${host}:${target.port}`);
		}
	} catch (error) {
		await Promise.all(servers.map(closeServer));
		const failure = error as NodeJS.ErrnoException;
		// Name the holder when the operating system tells; never touch it.
		const holder =
			failure.code === 'EADDRINUSE' ? await describePortHolder(target.port) : undefined;
		throw portProblem(failure, target, holder);
	}

	let finished: Promise<void> | undefined;
	const finish = async (page?: Page): Promise<void> => {
		if (held && page && !held.headersSent) {
			resultPage = page;
			const served = new Promise<void>((resolve) => {
				onResultServed = resolve;
			});
			held.writeHead(303, {
				location: resultPath,
				'cache-control': 'no-store',
				'referrer-policy': 'no-referrer',
				'content-length': 0,
			});
			held.end();
			let timer: NodeJS.Timeout | undefined;
			await Promise.race([
				served,
				new Promise<void>((resolve) => {
					timer = setTimeout(resolve, resultPageGraceMs);
				}),
			]);
			clearTimeout(timer);
		}
		await Promise.all(servers.map(closeServer));
	};

	return {
		addresses,
		finish(page) {
			finished ??= finish(page);
			return finished;
		},
	};
}
