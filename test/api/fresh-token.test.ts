// The API's quick read of a stored token agrees with the store's own rules.
import {expect, test} from 'vitest';
import {defaultMinValidityMs as quickDefault} from '../../source/api/fresh-token.js';
import {defaultMinValidityMs} from '../../source/store/fresh-token.js';

test('the quick path refreshes at the same time left as the store', () => {
	expect(quickDefault).toBe(defaultMinValidityMs);
});
