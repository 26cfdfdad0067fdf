// A sign-in from a refresh token someone already holds (a CI secret): renewed at once, which
// proves it and yields tokens to save; Constant Contact's answer also tells whether it rotates.
import type {TokenSet} from '../auth/types.js';
import {CcTokenError, isCcTokenError} from '../errors.js';
import type {Endpoints} from '../provider/constant-contact.js';
import {isRefreshTokenText} from '../text/grammar.js';

export interface RefreshTokenSignIn {
	tokens: TokenSet;
	/** Rotating: the token given is now spent; long-lived: it came back unchanged. */
	kind: 'rotating' | 'long-lived';
}

/** The refresh token from what was read on standard input: one line, nothing else. */
export function refreshTokenFrom(text: string): string {
	const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
	const token = lines[0]?.trim() ?? '';
	if (lines.length !== 1 || !isRefreshTokenText(token) || /\s/.test(token)) {
		throw new CcTokenError(
			'bad_input',
			lines.length === 0
				? 'No refresh token came on standard input.'
				: 'What came on standard input is not one refresh token (one line of visible characters, no spaces).',
			{
				hint: 'Pipe in the token alone, e.g. cc-token login --with-refresh-token < token.txt, or printf "%s" "$CC_REFRESH_TOKEN" | cc-token login --with-refresh-token',
			},
		);
	}
	return token;
}

export async function signInWithRefreshToken(options: {
	endpoints: Endpoints;
	apiKey: string;
	clientSecret?: string;
	refreshToken: string;
}): Promise<RefreshTokenSignIn> {
	const {refreshTokens} = await import('../auth/token-client.js');
	let tokens: TokenSet;
	try {
		tokens = await refreshTokens(options);
	} catch (error) {
		if (isCcTokenError(error) && error.code === 'invalid_grant') {
			throw new CcTokenError(
				'refresh_failed',
				'Constant Contact refused this refresh token: it has been used already (a rotating token works once), it was unused for 180 days, or it belongs to another application. Nothing was saved.',
				{
					hint: 'Sign in once where a browser is at hand (cc-token login), then hand over the refresh token it saved; check that --client-id is the application that issued it.',
					cause: error,
				},
			);
		}
		throw error;
	}
	const kind =
		tokens.refreshToken === undefined || tokens.refreshToken === options.refreshToken
			? 'long-lived'
			: 'rotating';
	return {tokens: {...tokens, refreshToken: tokens.refreshToken ?? options.refreshToken}, kind};
}
