import {expect} from 'vitest';
import {CcTokenError} from '../../source/errors.js';

/** The CcTokenError a promise must reject with; fails the test if it resolves or throws another. */
export async function failure(promise: Promise<unknown>): Promise<CcTokenError> {
	const error = await promise.then(
		() => new Error('expected a failure'),
		(caught: unknown) => caught,
	);
	expect(error).toBeInstanceOf(CcTokenError);
	return error as CcTokenError;
}

/** The CcTokenError a call must throw; fails the test if it returns or throws another. */
export function thrownFailure(run: () => unknown): CcTokenError {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(CcTokenError);
		return error as CcTokenError;
	}
	throw new Error('expected a failure');
}
