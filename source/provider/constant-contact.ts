// Everything cc-token knows about Constant Contact lives here, so no other module spells a
// Constant Contact URL. The endpoints are not discoverable; they are fixed by the service and
// can be pointed elsewhere (the built-in emulator, a test server) with two variables.
import {CcTokenError} from '../errors.js';

export const defaultAuthBaseUrl = 'https://authz.constantcontact.com/oauth2/default/v1';
export const defaultApiBaseUrl = 'https://api.cc.email/v3';

/** The V3 developer portal, where applications (and their API keys) are created. */
export const portalUrl = 'https://app.constantcontact.com/pages/dma/portal/';

export interface Endpoints {
	/** The sign-in server's base, e.g. https://authz.constantcontact.com/oauth2/default/v1. */
	authBase: string;
	authorize: string;
	token: string;
	deviceAuthorize: string;
	/** Not documented by Constant Contact; the Okta-based server may have it. Best effort only. */
	revoke: string;
	apiBase: string;
	accountSummary: string;
}

/**
 * The base URL a variable points at, or the default when it is unset or empty. Anything but a
 * plain http(s) address is refused at once: used as is, it would fail only minutes later.
 */
function baseUrlFrom(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
	const value = env[name];
	if (!value) return fallback;
	const url = URL.parse(value.trim());
	const problem = !url
		? 'is not a URL'
		: url.protocol !== 'http:' && url.protocol !== 'https:'
			? `is a ${url.protocol.slice(0, -1)}: address, not http(s)`
			: url.search || url.hash || value.includes('?') || value.includes('#')
				? 'has a query or fragment, where only a base address fits'
				: undefined;
	if (problem) {
		// Quoted as JSON so that no control character reaches the terminal; never a password.
		const shown = value.includes('@') ? '' : ` (${JSON.stringify(value)})`;
		throw new CcTokenError(
			'usage',
			`${name} ${problem}${shown}: set it to a base address such as ${fallback}, or unset it to use Constant Contact.`,
		);
	}
	return withoutTrailingSlash(value.trim());
}

/** `https://host/v3/` → `https://host/v3`: base addresses compare without a trailing slash. */
export function withoutTrailingSlash(url: string): string {
	return url.replace(/\/+$/, '');
}

/** Constant Contact's endpoints, or those of the server CC_TOKEN_AUTH_URL and CC_TOKEN_API_URL name. */
export function endpointsFrom(env: NodeJS.ProcessEnv = process.env): Endpoints {
	const auth = baseUrlFrom(env, 'CC_TOKEN_AUTH_URL', defaultAuthBaseUrl);
	const api = baseUrlFrom(env, 'CC_TOKEN_API_URL', defaultApiBaseUrl);
	return {
		authBase: auth,
		authorize: `${auth}/authorize`,
		token: `${auth}/token`,
		deviceAuthorize: `${auth}/device/authorize`,
		revoke: `${auth}/revoke`,
		apiBase: api,
		accountSummary: `${api}/account/summary`,
	};
}

/**
 * The one OAuth2 flow a developer-portal application is created with (it cannot be combined):
 * `code` is "Authorization Code Flow and Implicit Flow", a confidential client whose secret the
 * token endpoint requires; `pkce` is "PKCE Flow", a public client without a secret; `device` is
 * "Device Flow", a public client without any redirect URI.
 */
export type AppKind = 'code' | 'pkce' | 'device';

export const appKinds: readonly AppKind[] = ['pkce', 'device', 'code'];

/** The portal's own words for each kind, as its flow setting shows them. */
export const appKindPortalNames: Record<AppKind, string> = {
	code: 'Authorization Code Flow and Implicit Flow',
	pkce: 'PKCE Flow',
	device: 'Device Flow',
};

/** The server a profile's tokens belong to; a refresh token is only ever sent back there. */
export interface Server {
	authBaseUrl: string;
	apiBaseUrl: string;
}

export function serverOf(endpoints: Pick<Endpoints, 'authBase' | 'apiBase'>): Server {
	return {authBaseUrl: endpoints.authBase, apiBaseUrl: endpoints.apiBase};
}

/** Constant Contact's own servers: where a profile saved before cc-token recorded its server
 * was signed in. */
export const constantContactServer: Server = {
	authBaseUrl: defaultAuthBaseUrl,
	apiBaseUrl: defaultApiBaseUrl,
};

/** The variable that points each half of a server elsewhere. */
const serverVariables = {authBaseUrl: 'CC_TOKEN_AUTH_URL', apiBaseUrl: 'CC_TOKEN_API_URL'} as const;

/** The endpoints of a profile's own server: Constant Contact's for one that recorded none. */
export function ownEndpoints(server: Server | undefined): Endpoints {
	const own = server ?? constantContactServer;
	return endpointsFrom({CC_TOKEN_AUTH_URL: own.authBaseUrl, CC_TOKEN_API_URL: own.apiBaseUrl});
}

/**
 * The endpoints a profile's tokens go to: those of the server that issued them, or Constant
 * Contact's own for a profile saved before cc-token recorded its server — never wherever the
 * environment points. With no server variable set, that is simply the profile's server (an
 * emulator profile keeps working once the emulator's variables are gone). A variable that is
 * set to another server is refused, naming it: the tokens would go to a stranger.
 */
export function profileEndpoints(
	profileName: string,
	server: Server | undefined,
	env: NodeJS.ProcessEnv = process.env,
): Endpoints {
	const own = server ?? constantContactServer;
	for (const half of ['authBaseUrl', 'apiBaseUrl'] as const) {
		const variable = serverVariables[half];
		if (!env[variable]) continue;
		const named = baseUrlFrom(env, variable, own[half]);
		if (named === withoutTrailingSlash(own[half])) continue;
		throw new CcTokenError(
			'bad_input',
			!server
				? `Profile “${profileName}” was saved before cc-token recorded its server, so it belongs to Constant Contact (${own[half]}); ${variable} points to ${named}, so nothing was sent there.`
				: half === 'authBaseUrl'
					? `Profile “${profileName}” belongs to the sign-in server ${own[half]}, but ${variable} now points to ${named}; cc-token will not send its refresh token there.`
					: `Profile “${profileName}” was signed in to the API at ${own[half]}, but ${variable} now points to ${named}; cc-token will not send its token there.`,
			{
				hint: `Unset ${variable}${server ? ` (or set it back to ${own[half]})` : ''}, or sign in to another profile for that server: cc-token login --profile NAME`,
			},
		);
	}
	return ownEndpoints(server);
}

export const scopeDescriptions = {
	account_read: 'read account details (needed to show who is signed in)',
	account_update: 'change account details',
	contact_data: 'read and change contacts and lists',
	campaign_data: 'read and change email campaigns',
	offline_access: 'get a refresh token, so the access token can be renewed without signing in',
} as const;

export type Scope = keyof typeof scopeDescriptions;

export const allScopes = Object.keys(scopeDescriptions) as Scope[];

/** What an integration asking for "an API key and access token" usually needs: everything. */
export const defaultScopes: Scope[] = [...allScopes];

export function isScope(value: string): value is Scope {
	return Object.hasOwn(scopeDescriptions, value);
}

/** Access tokens live 24 hours; refresh tokens die after 180 days unused. */
export const accessTokenLifetimeSeconds = 86_400;
export const refreshTokenIdleLifetimeDays = 180;

/**
 * The redirect URI cc-token suggests registering. The port is fixed because Constant Contact
 * matches redirect URIs exactly and allows no wildcard ports.
 */
export const defaultRedirectPort = 47_325;
export const defaultRedirectUri = `http://localhost:${defaultRedirectPort}/callback`;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Constant Contact shows UUID-shaped API keys; the server is Okta-based, whose client ids are
// 20 characters like 0oa1b2c3d4E5f6G7h8i9. Accept both rather than lock a real user out.
const oktaClientIdPattern = /^0oa[0-9A-Za-z]{17}$/;

export type ApiKeyCheck = {ok: true; apiKey: string} | {ok: false; problem: string};

/** Checks a typed or pasted API key. Blanks and surrounding quotes are forgiven. */
export function checkApiKey(input: string): ApiKeyCheck {
	// Blanks anywhere (a key copied across a line break) go. A UUID-shaped key is lower-cased,
	// as the portal shows it: the server compares client ids exactly, so an upper-case copy
	// would fail only after the browser had opened.
	const apiKey = input.replace(/\s+/g, '').replace(/^["']|["']$/g, '');
	if (apiKey === '') return {ok: false, problem: 'The API key is empty.'};
	if (uuidPattern.test(apiKey)) return {ok: true, apiKey: apiKey.toLowerCase()};
	if (oktaClientIdPattern.test(apiKey)) return {ok: true, apiKey};
	if (/^[0-9a-f-]+$/i.test(apiKey)) {
		return {
			ok: false,
			problem: `That looks like part of an API key (${apiKey.length} of 36 characters): copy the whole key.`,
		};
	}
	return {
		ok: false,
		problem:
			'That is not an API key. It looks like 1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d; find it on your application’s page in the developer portal.',
	};
}

export type RedirectUriCheck =
	| {ok: true; redirectUri: string; route: 'loopback' | 'paste'}
	| {ok: false; problem: string};

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Checks a redirect URI cc-token can finish a sign-in on: plain http on a loopback host with a
 * port (served by the loopback listener), or one no listener here can serve: https://localhost
 * (the portal's default, which needs a certificate) or http://localhost without a port. For
 * those the person pastes the address-bar URL instead.
 */
export function checkRedirectUri(input: string): RedirectUriCheck {
	let url: URL;
	try {
		url = new URL(input.trim());
	} catch {
		return {
			ok: false,
			problem: `“${input}” is not a URL. Use the redirect URI you registered, e.g. ${defaultRedirectUri}.`,
		};
	}
	const redirectUri = input.trim();
	if (url.hash || redirectUri.includes('#')) {
		return {ok: false, problem: 'A redirect URI may not contain a fragment (#…).'};
	}
	if (url.username || url.password) {
		return {ok: false, problem: 'A redirect URI may not contain a user name or password.'};
	}
	if (url.protocol === 'https:' && url.hostname === 'localhost') {
		return {ok: true, redirectUri, route: 'paste'};
	}
	if (url.protocol !== 'http:' || !loopbackHosts.has(url.hostname)) {
		return {
			ok: false,
			problem: `cc-token can only finish a sign-in on http://localhost, http://127.0.0.1 or http://[::1] (or https://localhost, by pasting the address-bar URL); “${redirectUri}” is none of them.`,
		};
	}
	// The portal accepts http://localhost without a port (port 80, which only a privileged
	// program may listen on): the browser's return fails to load and the person pastes it.
	if (!url.port) return {ok: true, redirectUri, route: 'paste'};
	return {ok: true, redirectUri, route: 'loopback'};
}
