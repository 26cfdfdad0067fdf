// Where a request may go: every spelling of a path lands under the API base, and nothing a
// person types (or a server's next link says) takes the token to another host.
import {describe, expect, it} from 'vitest';
import {pathUnderBase, resolveApiUrl} from '../../source/api/api-url.js';
import {scopeForPath} from '../../source/api/scope-for-path.js';
import {CcTokenError} from '../../source/errors.js';

const base = 'https://api.cc.email/v3';

describe('resolveApiUrl', () => {
	it.each([
		['/contacts', 'https://api.cc.email/v3/contacts'],
		['contacts', 'https://api.cc.email/v3/contacts'],
		['/v3/contacts', 'https://api.cc.email/v3/contacts'],
		['v3/contacts?limit=5', 'https://api.cc.email/v3/contacts?limit=5'],
		['https://api.cc.email/v3/contacts?cursor=abc', 'https://api.cc.email/v3/contacts?cursor=abc'],
		['https://api.cc.email/contacts', 'https://api.cc.email/v3/contacts'],
		[
			'/v3/contacts?cursor=bGltaXQ9MSZuZXh0PTI=',
			'https://api.cc.email/v3/contacts?cursor=bGltaXQ9MSZuZXh0PTI=',
		],
		['  /account/summary ', 'https://api.cc.email/v3/account/summary'],
		['/contacts/../emails', 'https://api.cc.email/v3/emails'],
	])('%s → %s', (target, expected) => {
		expect(resolveApiUrl(base, target).href).toBe(expected);
	});

	it.each([
		'https://evil.example/v3/contacts',
		'http://api.cc.email/v3/contacts',
		'https://api.cc.email:8443/v3/contacts',
		'https://user:pass@api.cc.email/v3/contacts',
		'https://api.cc.email.evil.example/v3/contacts',
		'//evil.example/v3/contacts',
		'//contacts',
		'\\\\evil.example/v3/contacts',
		'/\\evil.example/v3/contacts',
		'javascript:alert(1)',
		'file:///etc/passwd',
		'/v3/../../etc/passwd',
		'/../contacts',
		'',
	])('refuses %j as a usage error', (target) => {
		let caught: unknown;
		try {
			resolveApiUrl(base, target);
		} catch (error) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(CcTokenError);
		expect((caught as CcTokenError).exitCode).toBe(2);
	});

	it('works under any base, such as the emulator on loopback', () => {
		const emulator = 'http://127.0.0.1:41234/v3';
		expect(resolveApiUrl(emulator, 'contacts').href).toBe('http://127.0.0.1:41234/v3/contacts');
		expect(pathUnderBase(emulator, resolveApiUrl(emulator, '/v3/contacts/42'))).toBe(
			'/contacts/42',
		);
	});
});

describe('scopeForPath', () => {
	it.each([
		['GET', '/account/summary', 'account_read'],
		['PUT', '/account/summary', 'account_update'],
		['POST', '/account/emails', 'account_update'],
		['GET', '/contacts', 'contact_data'],
		['POST', '/contact_lists', 'contact_data'],
		['GET', '/contact_custom_fields/1', 'contact_data'],
		['GET', '/contact_tags', 'contact_data'],
		['GET', '/activities/contacts_json_import', 'contact_data'],
		['GET', '/emails', 'campaign_data'],
		['GET', '/reports/summary_reports/email_campaign_summaries', 'campaign_data'],
		['GET', '/contactsx', undefined],
		['GET', '/segments', undefined],
	])('%s %s needs %s', (method, path, scope) => {
		expect(scopeForPath(method, path)).toBe(scope);
	});
});
