// The shipped declarations (types/cc-token.d.ts → dist/library.d.ts) describe the library as
// built: `npm run typecheck` fails if an export is missing, extra or of another type.
import {expect, test} from 'vitest';
import * as library from '../source/library.js';
import type * as Declared from '../types/cc-token.js';

const declared: typeof Declared = library;
type Undeclared = Exclude<keyof typeof library, keyof typeof Declared>;
const nothingUndeclared: [Undeclared] extends [never] ? true : false = true;

test('every export of the library is declared, with a compatible type', () => {
	expect(nothingUndeclared).toBe(true);
	expect(Object.keys(declared).sort()).toEqual(['CcTokenError', 'createClient', 'getAccessToken']);
});
