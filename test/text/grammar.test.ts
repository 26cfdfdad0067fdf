import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {isB64token, isRefreshTokenText, isUserCode, webAddress} from '../../source/text/grammar.js';
import {hostileSequences} from '../helpers/hostile-text.js';

describe('tokens', () => {
	it('accepts RFC 6750 b64tokens: JWTs, base64 and base64url with padding', () => {
		for (const token of [
			'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl',
			'abc+/def==',
			'A-b_c~d.e',
		]) {
			expect(isB64token(token)).toBe(true);
		}
	});

	it('refuses anything else, escape sequences and shell syntax included', () => {
		for (const token of [
			'',
			'a b',
			'x’; Start-Process calc; #',
			"x'; rm -rf ~; '",
			'$(id)',
			'a=b',
			'==',
			...Object.values(hostileSequences).map((sequence) => `abc${sequence}`),
		]) {
			expect(isB64token(token), JSON.stringify(token)).toBe(false);
		}
	});

	it('takes a refresh token of visible ASCII only (RFC 6749, A.17)', () => {
		expect(isRefreshTokenText('r3fr3sh-T0ken_x.y~z')).toBe(true);
		expect(isRefreshTokenText(`abc${hostileSequences.csiReport}`)).toBe(false);
		expect(isRefreshTokenText('café')).toBe(false);
	});
});

describe('user codes', () => {
	it('accepts short codes of letters and digits in groups', () => {
		for (const code of ['WDJB-MJHT', '019-450-730', 'BCDF GHJK', 'ABCDEFGH']) {
			expect(isUserCode(code)).toBe(true);
		}
	});

	it('refuses long, empty or decorated ones', () => {
		for (const code of [
			'',
			'A'.repeat(33),
			'-ABC',
			'AB--CD',
			'ABCD\nEFGH',
			`ABCD${hostileSequences.osc52Clipboard}`,
			`ABCD${hostileSequences.bidiOverride}`,
		]) {
			expect(isUserCode(code), JSON.stringify(code)).toBe(false);
		}
	});
});

describe('addresses for a browser or a link', () => {
	it('keeps https anywhere and http on loopback, in normalised form', () => {
		expect(webAddress('https://Auth.Example.COM/activate?user_code=AB-CD')).toBe(
			'https://auth.example.com/activate?user_code=AB-CD',
		);
		expect(webAddress('http://127.0.0.1:8123/activate')).toBe('http://127.0.0.1:8123/activate');
		expect(webAddress('http://localhost:8123/activate')).toBe('http://localhost:8123/activate');
		expect(webAddress('http://[::1]:8123/activate')).toBe('http://[::1]:8123/activate');
		expect(webAddress('https://exämple.com/ä b')).toBe('https://xn--exmple-cua.com/%C3%A4%20b');
	});

	it('refuses other schemes, plain http elsewhere and user names that disguise the host', () => {
		for (const address of [
			'javascript:alert(1)',
			'data:text/html,<script>',
			'file:///etc/passwd',
			'ftp://example.com/',
			'http://example.com/activate',
			'http://127.0.0.1.example.com/',
			'https://constantcontact.com@evil.example/',
			'https://user:pass@example.com/',
			'not an address',
		]) {
			expect(webAddress(address), address).toBeUndefined();
		}
	});

	it('never returns anything but visible ASCII, whatever the input', () => {
		fc.assert(
			fc.property(
				fc.string({unit: 'binary'}).map((rest) => `https://example.com/${rest}`),
				(raw) => {
					const address = webAddress(raw);
					if (address !== undefined) expect(address).toMatch(/^https:\/\/[\x21-\x7e]+$/);
				},
			),
			{numRuns: 1000},
		);
		expect(webAddress(`https://example.com/${hostileSequences.osc8Link}`)).toMatch(
			/^https:\/\/example\.com\/%1B\]8;;/,
		);
	});
});
