// PKCE (RFC 7636) with S256, sent on every authorization-code sign-in, also alongside a client
// secret: it binds the code to this process, so a code caught on its way back is useless.
import {createHash, randomBytes} from 'node:crypto';

export interface Pkce {
	/** 43 characters of base64url from 32 random bytes: the shortest length the RFC allows. */
	verifier: string;
	challenge: string;
	method: 'S256';
}

export function challengeFor(verifier: string): string {
	return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

export function createPkce(): Pkce {
	const verifier = randomBytes(32).toString('base64url');
	return {verifier, challenge: challengeFor(verifier), method: 'S256'};
}
