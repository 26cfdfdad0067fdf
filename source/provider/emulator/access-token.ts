// Access tokens are RS256 JWTs, as Constant Contact's are, signed with a key pair made when the
// emulator starts. Only the emulator's own API checks them, so it keeps no key anywhere else.
import {generateKeyPair, type KeyObject, sign, verify} from 'node:crypto';
import {promisify} from 'node:util';
import {defaultApiBaseUrl} from '../constant-contact.js';
import {randomToken} from './http.js';

/** The audience of every real access token; the emulator keeps it so clients see the real thing. */
export const accessTokenAudience = defaultApiBaseUrl;

export interface AccessTokenClaims {
	ver: 1;
	jti: string;
	iss: string;
	aud: string;
	iat: number;
	exp: number;
	cid: string;
	uid: string;
	sub: string;
	scp: string[];
}

export interface AccessTokenSigner {
	sign(claims: AccessTokenClaims): string;
	/** The claims of a token this signer made, or undefined for anything else. Expiry is the caller's. */
	verify(token: string): AccessTokenClaims | undefined;
}

function encodeJson(value: unknown): string {
	return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export async function createAccessTokenSigner(): Promise<AccessTokenSigner> {
	const {privateKey, publicKey} = (await promisify(generateKeyPair)('rsa', {
		modulusLength: 2048,
	})) as {privateKey: KeyObject; publicKey: KeyObject};
	const header = {kid: randomToken(12), alg: 'RS256'};
	return {
		sign(claims) {
			const signingInput = `${encodeJson(header)}.${encodeJson(claims)}`;
			const signature = sign('sha256', Buffer.from(signingInput), privateKey);
			return `${signingInput}.${signature.toString('base64url')}`;
		},
		verify(token) {
			const parts = token.split('.');
			if (parts.length !== 3) return undefined;
			const [encodedHeader, encodedClaims, signature] = parts as [string, string, string];
			const signed = Buffer.from(`${encodedHeader}.${encodedClaims}`);
			if (!verify('sha256', signed, publicKey, Buffer.from(signature, 'base64url'))) {
				return undefined;
			}
			try {
				const claims = JSON.parse(Buffer.from(encodedClaims, 'base64url').toString('utf8'));
				return typeof claims === 'object' && claims !== null ? claims : undefined;
			} catch {
				return undefined;
			}
		},
	};
}
