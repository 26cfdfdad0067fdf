// What the token endpoint sends is refused when it must match a grammar, and made printable
// when it is only shown.
import {describe, expect, it} from 'vitest';
import {tokenSetFrom} from '../../source/auth/token-response.js';
import {CcTokenError} from '../../source/errors.js';
import {hostileSequences, hostileText, terminalAttacks} from '../helpers/hostile-text.js';

const good = {access_token: 'eyJhbGciOiJSUzI1NiJ9.e30.c2ln', refresh_token: 'r-1', expires_in: 60};

describe('a token answer', () => {
	it.each([
		[
			'an access token with an escape sequence',
			{access_token: `abc${hostileSequences.osc52Clipboard}`},
		],
		['an access token that is shell code', {access_token: 'x’; Start-Process calc; #'}],
		['an access token with a space', {access_token: 'abc def'}],
		['a refresh token with a control', {refresh_token: `r${hostileSequences.csiClear}`}],
		['a refresh token beyond ASCII', {refresh_token: `r${hostileSequences.bidiOverride}`}],
	])('is refused with %s, and the message shows none of it', (_what, change) => {
		let caught: unknown;
		try {
			tokenSetFrom({...good, ...change});
		} catch (error) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(CcTokenError);
		const error = caught as CcTokenError;
		expect(error.code).toBe('bad_response');
		expect(error.message).toContain('not in the form OAuth allows');
		for (const value of Object.values(change)) expect(error.toText()).not.toContain(value);
	});

	it('keeps the granted scopes, each one printable', () => {
		const tokens = tokenSetFrom({...good, scope: `account_read ${hostileText}\toffline_access`});
		expect(tokens.scopes[0]).toBe('account_read');
		expect(tokens.scopes.at(-1)).toBe('offline_access');
		expect(terminalAttacks(Buffer.from(tokens.scopes.join(' ')))).toEqual([]);
		expect(tokens.scopes.join(' ')).toContain('�]52;c;');
	});
});
