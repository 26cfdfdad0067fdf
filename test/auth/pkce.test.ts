import {createHash} from 'node:crypto';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {challengeFor, createPkce} from '../../source/auth/pkce.js';
import {createState, stateMatches} from '../../source/auth/state.js';

describe('PKCE', () => {
	it('makes a 43-character unreserved verifier and its S256 challenge', () => {
		const pkce = createPkce();
		expect(pkce.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(pkce.method).toBe('S256');
		const expected = createHash('sha256').update(pkce.verifier).digest('base64url');
		expect(pkce.challenge).toBe(expected);
		expect(pkce.challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
	});

	it('matches the RFC 7636 appendix B example', () => {
		expect(challengeFor('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
			'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
		);
	});

	it('never repeats a verifier', () => {
		const verifiers = new Set(Array.from({length: 200}, () => createPkce().verifier));
		expect(verifiers.size).toBe(200);
	});
});

describe('state', () => {
	it('is long, URL-safe and fresh each time', () => {
		const state = createState();
		expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(createState()).not.toBe(state);
	});

	it('matches only the identical value, whatever the lengths', () => {
		const state = createState();
		expect(stateMatches(state, state)).toBe(true);
		expect(stateMatches(state, `${state}x`)).toBe(false);
		expect(stateMatches(state, state.slice(1))).toBe(false);
		expect(stateMatches(state, '')).toBe(false);
		fc.assert(
			fc.property(fc.string(), fc.string(), (a, b) => {
				expect(stateMatches(a, b)).toBe(a === b);
			}),
		);
	});
});
