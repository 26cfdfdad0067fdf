// The API's error bodies. Constant Contact documents a JSON array of {error_key, error_message},
// but some answers (429s, a 401 for a token that has lapsed) are one object of the same shape.
// The emulator sends both, so that clients must read both.
import type {ServerResponse} from 'node:http';
import {Refusal, sendJson} from './http.js';

export interface ApiError {
	error_key: string;
	error_message: string;
}

export const queryParamKey = 'query.param.invalid';
export const validationKey = 'contacts.api.validation.error';

/** A refusal with the API's own body: several errors, or one error as a bare object. */
export class ApiRefusal extends Refusal {
	constructor(
		status: number,
		readonly errors: ApiError[],
		readonly shape: 'array' | 'object' = 'array',
	) {
		const first = errors[0] ?? {error_key: 'error', error_message: 'Error.'};
		super(status, first.error_key, first.error_message);
	}
}

export function sendApiError(
	response: ServerResponse,
	status: number,
	errorKey: string,
	message: string,
): void {
	sendJson(response, status, [{error_key: errorKey, error_message: message}]);
}

export function sendApiRefusal(response: ServerResponse, refusal: Refusal): void {
	if (refusal instanceof ApiRefusal) {
		const body = refusal.shape === 'object' ? refusal.errors[0] : refusal.errors;
		sendJson(response, refusal.status, body, refusal.headers);
	} else {
		sendJson(
			response,
			refusal.status,
			[{error_key: refusal.error, error_message: refusal.description}],
			refusal.headers,
		);
	}
}
