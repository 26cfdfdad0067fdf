import {describe, expect, it} from 'vitest';
import {CcTokenError} from '../../source/errors.js';
import {parseStoreAddress, passwordOptionIn} from '../../source/store/store-address.js';

function refusal(value: string): CcTokenError {
	try {
		parseStoreAddress(value);
	} catch (error) {
		expect(error).toBeInstanceOf(CcTokenError);
		return error as CcTokenError;
	}
	throw new Error(`${value} was accepted`);
}

describe('the store address', () => {
	it('is the settings file when unset or empty', () => {
		expect(parseStoreAddress(undefined)).toEqual({kind: 'file'});
		expect(parseStoreAddress('')).toEqual({kind: 'file'});
	});

	it('reads user, password, host, port and database, and shows them without the password', () => {
		expect(parseStoreAddress('rediss://app:p%40ss%2Fw0rd@redis.internal:6380/3')).toEqual({
			kind: 'redis',
			tls: true,
			host: 'redis.internal',
			port: 6380,
			db: 3,
			username: 'app',
			password: 'p@ss/w0rd',
			shown: 'rediss://app@redis.internal:6380/3',
		});
		expect(parseStoreAddress('redis://:secret@[::1]')).toMatchObject({
			host: '::1',
			port: 6379,
			db: 0,
			password: 'secret',
			shown: 'redis://[::1]:6379/0',
		});
	});

	it('refuses what it cannot use with exit 2, never repeating the address', () => {
		for (const value of [
			'localhost:6379',
			'http://:hunter2@example.com',
			'redis://:hunter2@',
			'redis://:hunter2@host/db-one',
			'redis://:hunter2@host:6379/0?tls=true',
			'redis://:%E0%A4%A@host',
		]) {
			const error = refusal(value);
			expect(error.exitCode).toBe(2);
			expect(error.toText()).not.toContain('hunter2');
			expect(error.hint).toContain('redis://[user:password@]host:port[/db]');
		}
	});
});

describe('a password on the command line', () => {
	it('is noticed in --store, --from and --to, in both spellings, and only before --', () => {
		expect(passwordOptionIn(['--store', 'redis://:pw@host'])).toBe('--store');
		expect(passwordOptionIn(['copy', '--from=rediss://u:pw@host:6380/1'])).toBe('--from');
		expect(passwordOptionIn(['copy', '--from', 'file', '--to', 'redis://:pw@h'])).toBe('--to');
		expect(passwordOptionIn(['--store', 'redis://host:6379'])).toBeUndefined();
		expect(passwordOptionIn(['--', 'sh', '--store', 'redis://:pw@host'])).toBeUndefined();
		expect(passwordOptionIn(['--store', 'not a url'])).toBeUndefined();
	});
});
