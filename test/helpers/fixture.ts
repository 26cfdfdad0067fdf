// A value that hooks make and remove around each test (or around a file's or a describe block's
// tests), reached through a stand-in that is there at once, so a test file declares it in one
// line instead of a `let` and two hooks.
import {afterAll, afterEach, beforeAll, beforeEach} from 'vitest';

export type FixtureScope = 'each test' | 'all tests';

/**
 * Registers the hooks in the current describe block and returns the stand-in: every property
 * read goes to the value made for the test running now. Read outside a test or a hook, it says so.
 */
export function fixture<T extends object>(
	what: string,
	scope: FixtureScope,
	make: () => T | Promise<T>,
	remove: (value: T) => unknown,
): T {
	let value: T | undefined;
	const [before, after] = scope === 'each test' ? [beforeEach, afterEach] : [beforeAll, afterAll];
	before(async () => {
		value = await make();
	});
	after(async () => {
		const made = value;
		value = undefined;
		if (made !== undefined) await remove(made);
	});
	return new Proxy({} as T, {
		get(_target, key) {
			if (value === undefined) throw new Error(`${what} is there only inside a test or a hook.`);
			const field = Reflect.get(value, key, value);
			return typeof field === 'function' ? field.bind(value) : field;
		},
	});
}
