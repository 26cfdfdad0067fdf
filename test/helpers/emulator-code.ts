// Gets an authorization code from the emulator the way a browser would, without the engine:
// for tests that need a code (or tokens) to hand to the token client directly.
import {buildAuthorizeUrl} from '../../source/auth/authorize-url.js';
import {createPkce} from '../../source/auth/pkce.js';
import {createState} from '../../source/auth/state.js';
import {exchangeCode} from '../../source/auth/token-client.js';
import type {TokenSet} from '../../source/auth/types.js';
import type {Emulator, EmulatorApp} from '../../source/provider/emulator/index.js';

export interface IssuedCode {
	code: string;
	state: string;
	codeVerifier: string;
	/** The address the emulator sent the browser to, code and state included. */
	callbackUrl: string;
}

export async function codeFrom(
	emulator: Emulator,
	app: EmulatorApp,
	options: {scopes?: string[]; redirectUri?: string} = {},
): Promise<IssuedCode> {
	const pkce = createPkce();
	const state = createState();
	const redirectUri = options.redirectUri ?? app.redirectUris[0] ?? '';
	emulator.setAutoApprove('allow');
	const response = await fetch(
		buildAuthorizeUrl({
			endpoints: emulator.endpoints,
			apiKey: app.clientId,
			redirectUri,
			scopes: options.scopes ?? ['account_read', 'offline_access'],
			state,
			codeChallenge: pkce.challenge,
		}),
		{redirect: 'manual'},
	);
	const callbackUrl = response.headers.get('location') ?? '';
	const code = new URL(callbackUrl).searchParams.get('code');
	if (!code) throw new Error(`The emulator gave no code (HTTP ${response.status}): ${callbackUrl}`);
	return {code, state, codeVerifier: pkce.verifier, callbackUrl};
}

export async function tokensFrom(
	emulator: Emulator,
	app: EmulatorApp,
	scopes?: string[],
): Promise<TokenSet> {
	const issued = await codeFrom(emulator, app, scopes ? {scopes} : {});
	return exchangeCode({
		endpoints: emulator.endpoints,
		apiKey: app.clientId,
		...(app.clientSecret ? {clientSecret: app.clientSecret} : {}),
		code: issued.code,
		redirectUri: app.redirectUris[0] ?? '',
		codeVerifier: issued.codeVerifier,
	});
}
