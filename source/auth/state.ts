// The OAuth `state`: an unguessable value tying a callback to the sign-in that asked for it.
import {randomBytes, timingSafeEqual} from 'node:crypto';

export function createState(): string {
	return randomBytes(32).toString('base64url');
}

/** Constant-time comparison; values of different lengths simply do not match. */
export function stateMatches(expected: string, received: string): boolean {
	const a = Buffer.from(expected, 'utf8');
	const b = Buffer.from(received, 'utf8');
	return a.length === b.length && timingSafeEqual(a, b);
}
