// A strict stand-in for Constant Contact's Okta-based OAuth server and the sliver of its API
// that cc-token uses, on a real loopback HTTP server. It powers `cc-token demo`,
// `cc-token emulator` and the tests: whatever the real server would refuse, it refuses too.
import {createServer, type IncomingMessage, type ServerResponse, STATUS_CODES} from 'node:http';
import type {AddressInfo, Socket} from 'node:net';
import {CcTokenError} from '../../errors.js';
import {endpointsFrom} from '../constant-contact.js';
import {createAccessTokenSigner} from './access-token.js';
import {type ApiState, createApiState, handleApi, sendApiError} from './api.js';
import {completeApp, demoApps} from './apps.js';
import {handleAuthorize, handleConsentDecision, handleSignInPage, signInPath} from './authorize.js';
import {
	decideDevice,
	handleActivateDecision,
	handleActivatePage,
	handleDeviceAuthorize,
} from './device.js';
import {sendErrorPage} from './html.js';
import {isAddressedTo, Refusal, refuseMisdirected, sendOAuthError} from './http.js';
import {oktaReadings} from './okta-readings.js';
import {handleIndex, handlePortal} from './portal.js';
import {createServerState, type ServerState} from './state.js';
import {handleRevoke, handleToken} from './token.js';
import type {Emulator, EmulatorApp, EmulatorOptions, RotationRules, TokenFault} from './types.js';

export {
	demoAccount,
	demoClientId,
	demoClientSecret,
	demoDeviceClientId,
	demoPkceClientId,
} from './apps.js';
export {documentedOktaReadings, liveOktaReadings, oktaReadingValues} from './okta-readings.js';
export type {
	ConsentMode,
	Emulator,
	EmulatorApi,
	EmulatorApiLimits,
	EmulatorApp,
	EmulatorCounts,
	EmulatorOptions,
	LeewayAnswer,
	OktaReadings,
	RotationRules,
	TokenFault,
} from './types.js';

const authPath = '/oauth2/default/v1';

/**
 * Okta's own defaults for a rotating refresh token. `rotate-again` is the default reading of
 * the leeway because it is the plain one: Okta says the used token "remains valid", and a valid
 * rotating token, when used, is answered with a new refresh token; Okta documents no memory of
 * earlier answers that `same-new-token` would need.
 */
export const defaultRotationRules: RotationRules = {
	leewaySeconds: 30,
	leewayAnswer: 'rotate-again',
};

/** The rules with defaults filled in; a leeway that is not a number of seconds is refused. */
function rotationRules(given: Partial<RotationRules> = {}): RotationRules {
	const rules = {...defaultRotationRules, ...given};
	if (!Number.isFinite(rules.leewaySeconds) || rules.leewaySeconds < 0) {
		throw new CcTokenError('bad_input', `${rules.leewaySeconds} is not a leeway in seconds.`, {
			hint: 'Use a number of seconds from 0 up (0: a used refresh token never works again).',
		});
	}
	if (rules.leewayAnswer !== 'rotate-again' && rules.leewayAnswer !== 'same-new-token') {
		throw new CcTokenError('bad_input', `${rules.leewayAnswer} is not a leeway answer.`, {
			hint: 'Use rotate-again or same-new-token.',
		});
	}
	return rules;
}

type Handler = (request: IncomingMessage, response: ServerResponse, url: URL) => unknown;

/** How a route answers a refusal: OAuth JSON, an HTML page, or the API's error array. */
type RouteKind = 'oauth' | 'page' | 'api';

interface Route {
	kind: RouteKind;
	GET?: Handler;
	POST?: Handler;
}

const captivePortalPage = `<!doctype html>
<html><head><title>Sign in to the network</title></head>
<body><h1>Sign in to continue</h1><p>Accept the terms of use to get online.</p></body></html>
`;

function misbehave(fault: TokenFault, request: IncomingMessage, response: ServerResponse): void {
	switch (fault.kind) {
		case 'hang':
			// Read the body so the client believes it was sent, then never answer.
			request.resume();
			return;
		case 'reset':
			request.socket.destroy();
			return;
		case 'status':
			response.writeHead(fault.status, {
				'Content-Type': fault.contentType ?? 'text/plain; charset=utf-8',
			});
			response.end(fault.body ?? STATUS_CODES[fault.status] ?? '');
			return;
		case 'html':
			response.writeHead(200, {'Content-Type': 'text/html; charset=utf-8'});
			response.end(captivePortalPage);
			return;
	}
}

function sendRefusal(kind: RouteKind, response: ServerResponse, refusal: Refusal): void {
	if (kind === 'oauth') sendOAuthError(response, refusal);
	else if (kind === 'api')
		sendApiError(response, refusal.status, refusal.error, refusal.description);
	else sendErrorPage(response, refusal.status, refusal.error, refusal.description);
}

type Router = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

function createRouter(
	state: ServerState,
	api: ApiState,
	takeFault: () => TokenFault | undefined,
): Router {
	const routes: Record<string, Route> = {
		'/': {kind: 'page', GET: (_request, response) => handleIndex(state, response)},
		'/pages/dma/portal/': {
			kind: 'page',
			GET: (_request, response) => handlePortal(state, response),
		},
		[`${authPath}/authorize`]: {
			kind: 'page',
			GET: (request, response, url) => handleAuthorize(state, request, response, url),
			POST: (request, response) => handleConsentDecision(state, request, response),
		},
		[signInPath]: {
			kind: 'page',
			GET: (_request, response, url) => handleSignInPage(state, response, url),
		},
		[`${authPath}/token`]: {
			kind: 'oauth',
			POST: (request, response) => {
				state.counts.tokenRequests++;
				const fault = takeFault();
				if (fault?.kind === 'delay') {
					return new Promise((resolve) => setTimeout(resolve, fault.ms)).then(() =>
						handleToken(state, request, response),
					);
				}
				return fault ? misbehave(fault, request, response) : handleToken(state, request, response);
			},
		},
		[`${authPath}/device/authorize`]: {
			kind: 'oauth',
			POST: (request, response) => handleDeviceAuthorize(state, request, response),
		},
		[`${authPath}/revoke`]: {
			kind: 'oauth',
			POST: (request, response) => handleRevoke(state, request, response),
		},
		'/activate': {
			kind: 'page',
			GET: (_request, response, url) => handleActivatePage(state, response, url),
			POST: (request, response) => handleActivateDecision(state, request, response),
		},
	};

	return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
		const url = URL.parse(request.url ?? '', state.origin);
		const route = url && Object.hasOwn(routes, url.pathname) ? routes[url.pathname] : undefined;
		const kind = route?.kind ?? (url?.pathname.startsWith('/v3/') ? 'api' : 'page');
		try {
			if (url?.pathname.startsWith('/v3/'))
				return await handleApi(state, api, request, response, url);
			if (!url || !route) throw new Refusal(404, 'not_found', 'There is nothing at this address.');
			const handler =
				request.method === 'GET' || request.method === 'POST' ? route[request.method] : undefined;
			if (!handler) {
				const allowed = (['GET', 'POST'] as const).filter((method) => route[method]).join(', ');
				throw new Refusal(405, 'invalid_request', `Use ${allowed} here.`, {Allow: allowed});
			}
			await handler(request, response, url);
		} catch (error) {
			if (response.headersSent) {
				response.destroy();
			} else if (error instanceof Refusal) {
				request.resume();
				sendRefusal(kind, response, error);
			} else {
				// A bug in the emulator, not a refusal. No request data is logged, so no secret is.
				console.error('Constant Contact emulator: unexpected failure', error);
				sendRefusal(kind, response, new Refusal(500, 'server_error', 'The emulator failed.'));
			}
		}
	};
}

async function listen(server: ReturnType<typeof createServer>, port: number): Promise<void> {
	try {
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen({port, host: '127.0.0.1'}, () => {
				server.off('error', reject);
				resolve();
			});
		});
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'EADDRINUSE') {
			throw new CcTokenError('port_in_use', `Port ${port} on 127.0.0.1 is already in use.`, {
				hint: 'Stop the program that holds it, or choose another port (0 picks any free one).',
				cause: error,
			});
		}
		if (code === 'EACCES') {
			throw new CcTokenError('usage', `Not allowed to listen on port ${port}.`, {
				hint: 'Ports below 1024 need special privileges: choose a higher port.',
				cause: error,
			});
		}
		throw error;
	}
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
	const rotation = rotationRules(options.rotation);
	const okta = oktaReadings(options.okta);
	const port = options.port ?? 0;
	if (!Number.isInteger(port) || port < 0 || port > 65_535) {
		throw new CcTokenError('bad_input', `${port} is not a port number.`, {
			hint: 'Use a whole number from 0 to 65535 (0 picks any free port).',
		});
	}
	// The handler is there before the port opens: a readiness poll may connect the moment it
	// does, and its request waits for the router rather than go unanswered.
	let routerReady: (router: Router) => void = () => {};
	const router = new Promise<Router>((resolve) => {
		routerReady = resolve;
	});
	const server = createServer((request, response) => {
		void router.then((route) => {
			if (isAddressedTo(request, (server.address() as AddressInfo).port)) {
				return route(request, response);
			}
			return refuseMisdirected(request, response);
		});
	});
	const sockets = new Set<Socket>();
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.once('close', () => sockets.delete(socket));
	});
	const close = () =>
		new Promise<void>((resolve) => {
			server.close(() => resolve());
			for (const socket of sockets) socket.destroy();
		});
	// The key pair takes a moment to make; a taken port should not wait for it.
	const signing = createAccessTokenSigner();
	signing.catch(() => {}); // awaited below; a taken port must not leave it unhandled
	await listen(server, port);
	const signer = await signing.catch(async (error: unknown) => {
		await close();
		throw error;
	});

	const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	const state = createServerState({
		origin,
		autoApprove: options.autoApprove ?? false,
		expiresInStyle: options.expiresInStyle ?? 'seconds',
		rotation,
		okta,
		signer,
	});
	const faults: Array<{fault: TokenFault; remaining: number}> = [];
	const takeFault = (): TokenFault | undefined => {
		const next = faults[0];
		if (!next) return undefined;
		next.remaining--;
		if (next.remaining <= 0) faults.shift();
		return next.fault;
	};
	const api = createApiState(options.apiLimits);
	routerReady(createRouter(state, api, takeFault));

	const registerApp = (partial: Partial<EmulatorApp>): EmulatorApp => {
		const app = completeApp(partial, state.apps.size);
		if (state.apps.has(app.clientId)) {
			throw new Error(`An app with the client id ${app.clientId} is already registered.`);
		}
		state.apps.set(app.clientId, app);
		return app;
	};
	const ownDemoApps = {
		pkce: registerApp(structuredClone(demoApps.pkce)),
		device: registerApp(structuredClone(demoApps.device)),
		code: registerApp(structuredClone(demoApps.code)),
	};
	for (const app of options.apps ?? []) registerApp(app);

	const authBaseUrl = `${origin}${authPath}`;
	const apiBaseUrl = `${origin}/v3`;
	const env = {CC_TOKEN_AUTH_URL: authBaseUrl, CC_TOKEN_API_URL: apiBaseUrl};
	return {
		origin,
		authBaseUrl,
		apiBaseUrl,
		portalUrl: `${origin}/pages/dma/portal/`,
		endpoints: endpointsFrom(env),
		env,
		demoApp: ownDemoApps.code,
		demoApps: ownDemoApps,
		registerApp,
		setAutoApprove(mode) {
			state.autoApprove = mode;
		},
		approveDevice(userCode, decision) {
			const lookup = decideDevice(state, userCode, decision);
			if (!lookup.found) {
				throw new Error(
					lookup.problem === 'answered'
						? `The device sign-in with user code ${userCode} was already answered.`
						: `No pending device sign-in has the user code ${userCode} (unknown or expired).`,
				);
			}
		},
		advanceClock(ms) {
			if (!(ms >= 0)) throw new RangeError('advanceClock only moves forward.');
			state.clockOffset += ms;
		},
		injectTokenFault(fault) {
			faults.push({fault, remaining: fault.times ?? 1});
		},
		clearTokenFaults() {
			faults.length = 0;
		},
		api: {
			setLimits(limits) {
				Object.assign(api.limits.limits, limits);
			},
			deactivate(clientId) {
				api.deactivated.add(clientId);
			},
			contactCount: () => api.contacts.length,
			requests: () => api.counts.requests,
			throttled: () => api.counts.throttled,
		},
		counts: state.counts,
		close,
	};
}
