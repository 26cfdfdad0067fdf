// What cc-token shows a person: terminal-safe, with the password of any URL hidden, and every
// CcTokenError made that way, whatever server or store text its message quotes.
import {describe, expect, it} from 'vitest';
import {CcTokenError} from '../../source/errors.js';
import {personLine, personText} from '../../source/text/person-text.js';
import {hostileSequences, hostileText, terminalAttacks} from '../helpers/hostile-text.js';

describe('personText and personLine', () => {
	it('hide the password of every URL and keep the rest of it', () => {
		expect(
			personText(
				'to http://maya:s3cret@127.0.0.1:9/oauth2 and redis://:pw@host:6379/0 and https://a:b@c@d.example/x',
			),
		).toBe(
			'to http://maya:[hidden]@127.0.0.1:9/oauth2 and redis://:[hidden]@host:6379/0 and https://a:[hidden]@d.example/x',
		);
	});

	it('leave a user name alone, and an @ that is not in the user info', () => {
		for (const text of [
			'redis://alice@127.0.0.1:6379/0',
			'https://api.cc.email/v3/contacts?email=ada@example.com',
			'write to ada@example.com: it is fine',
			'https://api.cc.email/v3/x#a:b@c',
		]) {
			expect(personText(text)).toBe(text);
		}
	});

	it('are terminal-safe: personText keeps lines, personLine makes one', () => {
		expect(terminalAttacks(Buffer.from(personText(hostileText)))).toEqual([]);
		expect(personText('one\ntwo\tthree')).toBe('one\ntwo\tthree');
		expect(personLine('one\ntwo')).toBe('one two');
		expect(personLine(`at https://u:p@h${hostileSequences.osc0Title}`)).toBe(
			'at https://u:[hidden]@h�]0;pwned�\\',
		);
	});
});

describe('CcTokenError', () => {
	it('is made with a message and a hint a person may see, whatever they quote', () => {
		const error = new CcTokenError('bad_response', `the server said ${hostileText}`, {
			hint: `try https://maya:pass@example.com/${hostileSequences.osc52Clipboard}`,
		});
		expect(terminalAttacks(Buffer.from(error.toText()))).toEqual([]);
		expect(JSON.stringify(error.toJSON())).not.toMatch(/\\u00(1b|07|9[bd])/i);
		expect(error.hint).toContain('https://maya:[hidden]@example.com/');
		expect(error.message).toContain('the server said Maya �]52;c;');
	});
});
