import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {parsePastedRedirect} from '../../source/auth/paste.js';
import {CcTokenError} from '../../source/errors.js';

const state = 'Qm9vLXN0YXRlLXZhbHVlLTEyMzQ1Njc4OTBhYmNkZWY';
const code = 'c0de_Abc-123.xyz~456789';
const local = {redirectUri: 'http://localhost:47325/callback', state};
const portalDefault = {redirectUri: 'https://localhost', state};

function failure(text: string, expected = local): CcTokenError {
	try {
		parsePastedRedirect(text, expected);
	} catch (error) {
		expect(error).toBeInstanceOf(CcTokenError);
		return error as CcTokenError;
	}
	throw new Error(`accepted: ${text}`);
}

describe('parsePastedRedirect', () => {
	it('takes the full address, whatever surrounds it', () => {
		const address = `http://localhost:47325/callback?code=${code}&state=${state}`;
		for (const text of [
			address,
			`  ${address}\n`,
			`"${address}"`,
			`'${address}'`,
			`<${address}>`,
			`“${address}”`,
			`localhost:47325/callback?code=${code}&state=${state}`,
			`HTTP://LOCALHOST:47325/callback?state=${state}&code=${code}`,
		]) {
			expect(parsePastedRedirect(text, local)).toEqual({code, state});
		}
	});

	it('takes the https://localhost address the portal default leads to', () => {
		expect(
			parsePastedRedirect(`https://localhost/?code=${code}&state=${state}`, portalDefault),
		).toEqual({code, state});
		expect(
			parsePastedRedirect(`https://localhost?code=${code}&state=${state}`, portalDefault),
		).toEqual({code, state});
	});

	it('takes a bare code, with no state to check', () => {
		expect(parsePastedRedirect(` ${code} `, local)).toEqual({code});
	});

	it('refuses an address that is not the redirect URI', () => {
		for (const text of [
			`http://localhost:47326/callback?code=${code}&state=${state}`,
			`https://localhost:47325/callback?code=${code}&state=${state}`,
			`http://localhost:47325/other?code=${code}&state=${state}`,
			`http://127.0.0.1:47325/callback?code=${code}&state=${state}`,
			`http://evil.example/callback?code=${code}&state=${state}`,
		]) {
			const error = failure(text);
			expect(error.code).toBe('bad_input');
			expect(error.message).toContain('http://localhost:47325/callback');
		}
	});

	it('refuses a foreign state, and says why without echoing secrets', () => {
		const error = failure(`http://localhost:47325/callback?code=${code}&state=other`);
		expect(error.code).toBe('bad_input');
		expect(error.message).toMatch(/different sign-in/);
		expect(error.toText()).not.toContain(code);
	});

	it('refuses missing, empty, duplicated and overlong values', () => {
		const address = 'http://localhost:47325/callback';
		const cases: Array<[string, RegExp]> = [
			[`${address}?code=${code}`, /no “state”/],
			[`${address}?state=${state}`, /no “code”/],
			[`${address}?code=&state=${state}`, /empty “code”/],
			[`${address}?code=${code}&code=${code}&state=${state}`, /more than one “code”/],
			[`${address}?code=${code}&state=${state}&state=${state}`, /more than one “state”/],
			[`${address}?code=${'a'.repeat(5000)}&state=${state}`, /overlong “code”/],
		];
		for (const [text, reason] of cases) {
			const error = failure(text);
			expect(error.code).toBe('bad_input');
			expect(error.message).toMatch(reason);
		}
	});

	it('turns error=access_denied with the right state into the refusal itself', () => {
		const error = failure(
			`http://localhost:47325/callback?error=access_denied&error_description=The+user+said+no%3Cscript%3E&state=${state}`,
		);
		expect(error.code).toBe('access_denied');
		expect(error.message).toContain('The user said no');
		expect(error.message).not.toContain('<script>');
		expect(failure(`http://localhost:47325/callback?error=server_error&state=${state}`).code).toBe(
			'oauth_error',
		);
	});

	it('ignores error= with a foreign state', () => {
		expect(failure('http://localhost:47325/callback?error=access_denied&state=forged').code).toBe(
			'bad_input',
		);
	});

	it('refuses text that is neither an address nor a code', () => {
		for (const text of ['', '   ', 'hello', 'not a code at all', 'ftp://localhost/x?code=1']) {
			expect(failure(text).code).toBe('bad_input');
		}
	});

	it('never fails with anything but a CcTokenError, and never echoes the paste', () => {
		fc.assert(
			fc.property(fc.string({maxLength: 300}), (text) => {
				try {
					parsePastedRedirect(`http://localhost:47325/callback?${text}`, local);
				} catch (error) {
					expect(error).toBeInstanceOf(CcTokenError);
				}
				try {
					parsePastedRedirect(text, local);
				} catch (error) {
					expect(error).toBeInstanceOf(CcTokenError);
					if (text.trim().length > 8)
						expect((error as CcTokenError).message).not.toContain(text.trim());
				}
			}),
		);
	});
});
