// "Did you mean": one close name, or none.
import {expect, it} from 'vitest';
import {closestMatch, editDistance} from '../../source/text/closest-match.js';

const commands = ['login', 'logout', 'token', 'status', 'env', 'use', 'refresh'];

it.each([
	['logn', 'login'],
	['lgoin', 'login'],
	['tokne', 'token'],
	['stat', 'status'],
	['STATUS', 'status'],
	['refesh', 'refresh'],
	['ens', 'env'],
])('%s → %s', (typed, meant) => {
	expect(closestMatch(typed, commands)).toBe(meant);
});

it.each([['wibble'], ['log'], ['x']])('%s → nothing (nothing close, or two as close)', (typed) => {
	expect(closestMatch(typed, commands)).toBeUndefined();
});

it('counts a swap of neighbours as one edit', () => {
	expect(editDistance('lgoin', 'login')).toBe(1);
	expect(editDistance('--clientid', '--client-id')).toBe(1);
});
