// The sign-in engine's public shapes. The engine knows nothing of screens: the guide and the
// plain commands both drive it through these types and listen to its events.

import type {CcTokenError} from '../errors.js';
import type {Endpoints} from '../provider/constant-contact.js';

export interface TokenSet {
	accessToken: string;
	tokenType: string;
	/** Epoch milliseconds. */
	expiresAt: number;
	refreshToken?: string;
	/** Scopes the server granted (space-separated in the response). */
	scopes: string[];
	idToken?: string;
	/** Epoch milliseconds, when the token response arrived. */
	receivedAt: number;
}

export interface ClientCredentials {
	apiKey: string;
	/** Absent for a public client, which relies on PKCE alone. */
	clientSecret?: string;
}

export type SignInRoute = 'loopback' | 'paste' | 'device';

export interface DeviceCode {
	deviceCode: string;
	userCode: string;
	verificationUri: string;
	verificationUriComplete?: string;
	/** Epoch milliseconds. */
	expiresAt: number;
	/** Seconds between polls. */
	interval: number;
}

export type SignInEvent =
	| {type: 'warning'; message: string}
	| {type: 'authorize-url'; url: string}
	| {type: 'listening'; redirectUri: string; addresses: string[]}
	| {type: 'device-code'; device: Omit<DeviceCode, 'deviceCode'>}
	| {type: 'device-poll'; interval: number}
	/** A callback or paste that did not count (forged state, stray error=…). The wait goes on. */
	| {type: 'callback-rejected'; route: SignInRoute; reason: string}
	| {type: 'code-received'; route: SignInRoute}
	| {type: 'exchanging'; route: SignInRoute}
	| {type: 'signed-in'; route: SignInRoute; tokens: TokenSet}
	| {type: 'failed'; error: CcTokenError};

export interface SignInOptions extends ClientCredentials {
	redirectUri: string;
	scopes: string[];
	/** Default 5 minutes. */
	timeoutMs?: number;
	/**
	 * The authorization server confirmed beforehand that the redirect URI is registered, so a
	 * wait that runs out is not blamed on it.
	 */
	redirectUriRegistered?: boolean;
	/** Which routes to race. Default: loopback (when the redirect URI can be served) and paste. */
	routes?: SignInRoute[];
	endpoints?: Endpoints;
	signal?: AbortSignal;
	onEvent?: (event: SignInEvent) => void;
	/** How the device route waits between polls; replaceable so tests can move a fake clock. */
	sleep?: (ms: number) => Promise<void>;
}

export interface SignInSession {
	/** The address to open in a browser (absent when only the device route runs). */
	authorizeUrl?: string;
	/** Offers a pasted address-bar URL or bare code. Rejects (and the wait goes on) if invalid. */
	submitPaste(text: string): Promise<void>;
	/** Settles once: tokens, or a CcTokenError. */
	result: Promise<{route: SignInRoute; tokens: TokenSet}>;
	/** Ends the wait; result rejects with code `cancelled`. Closes the listener. */
	cancel(): void;
}
