// The checks every way back from the browser shares (the loopback listener and a pasted
// address): exactly one state, matching this sign-in, then either exactly one code or an
// OAuth error. Anything that fails a check is "rejected": it does not end the sign-in.
import type {CcTokenError} from '../errors.js';
import {oauthError} from './oauth-error.js';
import {stateMatches} from './state.js';

export type CallbackOutcome =
	| {kind: 'code'; code: string}
	| {kind: 'error'; error: CcTokenError}
	| {kind: 'rejected'; reason: string};

// Codes and states are short URL-safe strings; far longer values are not from the server.
const maxValueLength = 2048;
const urlSafe = /^[\x21-\x7e]+$/;

/** The one value of `name`, or why there is not exactly one usable value. */
function single(params: URLSearchParams, name: string): {value?: string; problem?: string} {
	const values = params.getAll(name);
	if (values.length === 0) return {};
	if (values.length > 1) return {problem: `The address holds more than one “${name}”.`};
	const value = values[0] ?? '';
	if (value === '') return {problem: `The address holds an empty “${name}”.`};
	if (value.length > maxValueLength) return {problem: `The address holds an overlong “${name}”.`};
	return {value};
}

export function readCallback(params: URLSearchParams, expectedState: string): CallbackOutcome {
	const state = single(params, 'state');
	const code = single(params, 'code');
	const error = single(params, 'error');
	const description = single(params, 'error_description');
	const problem = state.problem ?? code.problem ?? error.problem ?? description.problem;
	if (problem) return {kind: 'rejected', reason: problem};
	if (state.value === undefined) {
		return {kind: 'rejected', reason: 'The address holds no “state”, so it cannot be checked.'};
	}
	if (!stateMatches(expectedState, state.value)) {
		return {
			kind: 'rejected',
			reason: 'The address belongs to a different sign-in (its “state” does not match this one).',
		};
	}
	if (error.value !== undefined) {
		// A description may repeat what the address holds; neither value is shown to anyone.
		const secrets = [code.value, state.value];
		return {kind: 'error', error: oauthError(error.value, description.value, 'authorize', secrets)};
	}
	if (code.value === undefined) return {kind: 'rejected', reason: 'The address holds no “code”.'};
	if (!urlSafe.test(code.value)) {
		return {kind: 'rejected', reason: 'The “code” in the address is malformed.'};
	}
	return {kind: 'code', code: code.value};
}
