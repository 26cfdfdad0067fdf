// A value that hooks make and remove around each test (or around a file's or a describe block's
// tests), reached through a stand-in that is there at once, so a test file declares it in one
// line instead of a `let` and two hooks.
import {afterAll, afterEach, beforeAll, beforeEach} from 'vitest';

export type FixtureScope = 'each test' | 'all tests';

export interface StandIn<T> {
	/** Every property read goes to the value made for the test running now. */
	value: T;
	/** Registers the hooks that make and remove the value, in the describe block it is called in. */
	provide(scope: FixtureScope, make: () => T | Promise<T>, remove: (value: T) => unknown): void;
}

/**
 * A stand-in whose value more than one describe block may provide in turn (one emulator per
 * way Okta may answer, say), so helpers at the top of a file reach whichever is running.
 */
export function standIn<T extends object>(what: string): StandIn<T> {
	let current: T | undefined;
	return {
		value: new Proxy({} as T, {
			get(_target, key) {
				if (current === undefined) {
					throw new Error(`${what} is there only inside a test or a hook.`);
				}
				const field = Reflect.get(current, key, current);
				return typeof field === 'function' ? field.bind(current) : field;
			},
		}),
		provide(scope, make, remove) {
			const [before, after] =
				scope === 'each test' ? [beforeEach, afterEach] : [beforeAll, afterAll];
			before(async () => {
				current = await make();
			});
			after(async () => {
				const made = current;
				current = undefined;
				if (made !== undefined) await remove(made);
			});
		},
	};
}

/** A stand-in provided by hooks registered here, in the current describe block (or file). */
export function fixture<T extends object>(
	what: string,
	scope: FixtureScope,
	make: () => T | Promise<T>,
	remove: (value: T) => unknown,
): T {
	const made = standIn<T>(what);
	made.provide(scope, make, remove);
	return made.value;
}
