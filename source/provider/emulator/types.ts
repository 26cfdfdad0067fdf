// The emulator's public shapes (re-exported by index.ts), kept apart so its route modules can
// share them without importing the server itself.
import type {AppKind, Endpoints} from '../constant-contact.js';

export interface EmulatorApp {
	name: string;
	/** The API key: a UUID-shaped OAuth client id. */
	clientId: string;
	/** The one flow chosen when the app was created; it decides everything below. */
	kind: AppKind;
	/**
	 * Only a `code` app has one, and then only once "Generate Secret" was pressed: until then
	 * every token request it makes fails client authentication.
	 */
	clientSecret?: string;
	/** Matched exactly, as Constant Contact does. A `device` app has none. */
	redirectUris: string[];
	refreshTokenType: 'rotating' | 'long-lived';
	accessTokenLifetimeSeconds: number;
}

export type ConsentMode = 'allow' | 'deny' | false;

export interface EmulatorOptions {
	/** Default 0: any free port. The emulator listens on 127.0.0.1 only. */
	port?: number;
	/** Default false: show the consent page and wait for a person (or playBrowser). */
	autoApprove?: ConsentMode;
	/** How `expires_in` is written: seconds (what clients see) or an epoch timestamp (what the spec says). */
	expiresInStyle?: 'seconds' | 'epoch';
	/** Extra apps; missing fields get defaults (the kind: `code` with a secret, else `pkce`). */
	apps?: Array<Partial<EmulatorApp>>;
	/** The API's limits per API key; default 4 a second and 10,000 a day. */
	apiLimits?: Partial<EmulatorApiLimits>;
	/** Okta's rules for a rotating refresh token once it was used; defaults as Okta's own. */
	rotation?: Partial<RotationRules>;
	/** Where a live Okta may answer otherwise than documented; default: every documented reading. */
	okta?: Partial<OktaReadings>;
}

/**
 * The answers a live Okta may give otherwise than Constant Contact's and Okta's documents say
 * (constant-contact.md, "What a live Okta may answer differently"). Each is one field; the first
 * value named is the documented reading and the default, `liveOktaReadings` holds the others.
 */
export interface OktaReadings {
	/**
	 * A good /authorize request while a person must still sign in: `redirect` (302 to the
	 * sign-in page), `sign-in-page` (200 with the sign-in page itself, as Okta Identity Engine
	 * answers) or `bot-403` (a bare 403 to a client that does not look like a browser, one
	 * whose User-Agent does not begin with Mozilla/; a browser gets the `redirect` answer).
	 */
	authorizePage: 'redirect' | 'sign-in-page' | 'bot-403';
	/**
	 * An unknown client_id at /token, /device/authorize and /revoke: `oauth` ({error,
	 * error_description}) or `okta` (Okta's own {errorCode, errorSummary, errorLink, errorId,
	 * errorCauses}).
	 */
	unknownClientBody: 'oauth' | 'okta';
	/**
	 * A public app's code exchange without a code_verifier: `invalid_grant` (its PKCE check
	 * fails) or `invalid_client` (Okta's older rule: without a verifier a secret is expected).
	 */
	publicClientWithoutVerifier: 'invalid_grant' | 'invalid_client';
	/** Device user codes: `dashed` (`BCDF-GHJK`) or `letters` (`MHXTFRPK`: 8 letters, no dash). */
	userCodes: 'dashed' | 'letters';
	/** A poll with an expired device code: `expired_token` (RFC 8628) or `invalid_grant`. */
	expiredDeviceCode: 'expired_token' | 'invalid_grant';
	/**
	 * Access tokens' `iss`: `authorize-host` (this server's /oauth2/default) or `identity-host`
	 * (Constant Contact's identity.constantcontact.com issuer, another host than /authorize's).
	 */
	issuer: 'authorize-host' | 'identity-host';
}

/**
 * What Okta answers when a client presents a rotating refresh token it already used within
 * the leeway. Okta says only that the token "remains valid … to allow clients to get the new
 * token"; which token that is, it does not say, so the emulator offers both readings.
 * - `rotate-again`: the token works like any valid rotating refresh token: a new refresh token
 *   is issued, and the one issued before it is spent from now on (in its own leeway).
 * - `same-new-token`: the answer carries the newest refresh token already issued (as if the
 *   lost answer were sent again), with a new access token.
 */
export type LeewayAnswer = 'rotate-again' | 'same-new-token';

export interface RotationRules {
	/**
	 * How long a used (spent) rotating refresh token still works: Okta's `refresh_token.leeway`.
	 * Default 30 (Okta's default; Constant Contact's own value is unknown, possibly 0).
	 */
	leewaySeconds: number;
	/** Default `rotate-again` (see LeewayAnswer). */
	leewayAnswer: LeewayAnswer;
}

export interface EmulatorApiLimits {
	perSecond: number;
	perDay: number;
}

/** Knobs on the emulated V3 API. */
export interface EmulatorApi {
	/** Changes the limits from now on (a lower daily quota, say); counts so far are kept. */
	setLimits(limits: Partial<EmulatorApiLimits>): void;
	/** Constant Contact switches the app off: every API call with its tokens is 403. */
	deactivate(clientId: string): void;
	/** How many contacts the account holds now. */
	contactCount(): number;
	/** Every request under /v3/ so far, refused ones included. */
	requests(): number;
	/** Requests refused as `throttled` so far. */
	throttled(): number;
}

export type TokenFault =
	/** Never answers, until close(). */
	| {kind: 'hang'; times?: number}
	/** Answers as usual, but only after this many milliseconds (a slow network). */
	| {kind: 'delay'; ms: number; times?: number}
	/** Destroys the socket without a response. */
	| {kind: 'reset'; times?: number}
	/** Answers with this status; the body defaults to the status text as plain text. */
	| {kind: 'status'; status: number; body?: string; contentType?: string; times?: number}
	/** 200 with an HTML page, like a captive portal or a proxy's login page. */
	| {kind: 'html'; times?: number};

export interface EmulatorCounts {
	/** Every POST to /token, faulted ones included. */
	tokenRequests: number;
	/** Token requests that reached the grant logic, by grant_type (whether they succeeded or not). */
	grants: Record<string, number>;
	/** Refresh tokens successfully exchanged. */
	refreshes: number;
	/** Every request to /v3/account/summary. */
	accountSummary: number;
}

export interface Emulator {
	/** For example http://127.0.0.1:41234 */
	origin: string;
	/** origin + '/oauth2/default/v1' */
	authBaseUrl: string;
	/** origin + '/v3' */
	apiBaseUrl: string;
	/** origin + '/pages/dma/portal/' */
	portalUrl: string;
	endpoints: Endpoints;
	env: {CC_TOKEN_AUTH_URL: string; CC_TOKEN_API_URL: string};
	/** The demo `code` app (with its secret); the same as demoApps.code. */
	demoApp: EmulatorApp;
	/** One ready-made app of each kind. */
	demoApps: Record<AppKind, EmulatorApp>;
	/** Fills in defaults and returns the registered app. Throws on a duplicate client id. */
	registerApp(app: Partial<EmulatorApp>): EmulatorApp;
	setAutoApprove(mode: ConsentMode): void;
	/** What a person does at /activate. Throws if no pending device sign-in has this code. */
	approveDevice(userCode: string, decision: 'allow' | 'deny'): void;
	/** Moves the server's clock forward: codes, device codes, tokens and the leeway go by it. */
	advanceClock(ms: number): void;
	/** The next `times` (default 1) POSTs to /token misbehave; faults queue up in order. */
	injectTokenFault(fault: TokenFault): void;
	/** Drops every fault not yet used. */
	clearTokenFaults(): void;
	api: EmulatorApi;
	/** Live counters. */
	counts: EmulatorCounts;
	/** Closes the server and every open socket, hanging ones too. */
	close(): Promise<void>;
}
