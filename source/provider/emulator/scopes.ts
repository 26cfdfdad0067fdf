// Scope parameters, checked as the authorization server does: space-separated known scopes.
import {isScope} from '../constant-contact.js';
import {Refusal} from './http.js';

export function parseScopes(value: string | undefined): string[] {
	const scopes = [...new Set((value ?? '').split(' ').filter((scope) => scope !== ''))];
	if (scopes.length === 0) {
		throw new Refusal(
			400,
			'invalid_scope',
			"The authorization server resource does not have any configured default scopes, 'scope' must be provided.",
		);
	}
	if (!scopes.every(isScope)) {
		const plus = scopes.some((scope) => scope.includes('+'));
		throw new Refusal(
			400,
			'invalid_scope',
			`One or more scopes are not configured for the authorization server resource.${plus ? " Scopes are separated by spaces; a literal '+' is not a separator." : ''}`,
		);
	}
	return scopes;
}
