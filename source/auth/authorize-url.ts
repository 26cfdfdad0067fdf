// The address a person opens to approve the sign-in, exactly as Constant Contact expects it.
import type {Endpoints} from '../provider/constant-contact.js';

export interface AuthorizeUrlParameters {
	endpoints: Endpoints;
	apiKey: string;
	redirectUri: string;
	scopes: string[];
	state: string;
	codeChallenge: string;
}

export function buildAuthorizeUrl(p: AuthorizeUrlParameters): string {
	const query = new URLSearchParams({
		client_id: p.apiKey,
		redirect_uri: p.redirectUri,
		response_type: 'code',
		scope: p.scopes.join(' '),
		state: p.state,
		code_challenge: p.codeChallenge,
		code_challenge_method: 'S256',
	});
	// URLSearchParams writes a space as '+'; Constant Contact's server wants %20 between scopes.
	// A literal '+' in any value is already written as %2B, so every '+' here is a space.
	return `${p.endpoints.authorize}?${query.toString().replaceAll('+', '%20')}`;
}
