// The two readings of each answer a live Okta may give otherwise than documented: the
// documented one is the default, the other is what was seen or reported of live servers
// (constant-contact.md, "What a live Okta may answer differently"). A tool must cope with both.
import {CcTokenError} from '../../errors.js';
import type {OktaReadings} from './types.js';

export const documentedOktaReadings: OktaReadings = {
	authorizePage: 'redirect',
	unknownClientBody: 'oauth',
	publicClientWithoutVerifier: 'invalid_grant',
	multipleCredentials: 'invalid_client',
	userCodes: 'dashed',
	expiredDeviceCode: 'expired_token',
	issuer: 'authorize-host',
};

/**
 * Every other reading at once. `authorizePage` is `sign-in-page` here: `bot-403` refuses any
 * client that is not a browser, so it is a reading of its own, chosen alone.
 */
export const liveOktaReadings: OktaReadings = {
	authorizePage: 'sign-in-page',
	unknownClientBody: 'okta',
	publicClientWithoutVerifier: 'invalid_client',
	multipleCredentials: 'invalid_request',
	userCodes: 'letters',
	expiredDeviceCode: 'invalid_grant',
	issuer: 'identity-host',
};

/** Every reading's possible values, for checking options (and for the command's help). */
export const oktaReadingValues: {[K in keyof OktaReadings]: ReadonlyArray<OktaReadings[K]>} = {
	authorizePage: ['redirect', 'sign-in-page', 'bot-403'],
	unknownClientBody: ['oauth', 'okta'],
	publicClientWithoutVerifier: ['invalid_grant', 'invalid_client'],
	multipleCredentials: ['invalid_client', 'invalid_request'],
	userCodes: ['dashed', 'letters'],
	expiredDeviceCode: ['expired_token', 'invalid_grant'],
	issuer: ['authorize-host', 'identity-host'],
};

/** The readings with the documented ones filled in; a name or value not listed is refused. */
export function oktaReadings(given: Partial<OktaReadings> = {}): OktaReadings {
	for (const [name, value] of Object.entries(given)) {
		const values: readonly string[] | undefined = Object.hasOwn(oktaReadingValues, name)
			? oktaReadingValues[name as keyof OktaReadings]
			: undefined;
		if (!values) {
			throw new CcTokenError('bad_input', `${name} is not an Okta reading.`, {
				hint: `Use one of ${Object.keys(oktaReadingValues).join(', ')}.`,
			});
		}
		if (!values.includes(value as string)) {
			throw new CcTokenError('bad_input', `${String(value)} is not a reading of ${name}.`, {
				hint: `Use ${values.join(' or ')}.`,
			});
		}
	}
	return {...documentedOktaReadings, ...given};
}

/** Constant Contact's access-token issuer: not the host that /authorize and /token are on. */
export const identityHostIssuer =
	'https://identity.constantcontact.com/oauth2/aus1lm3ry9mF7x2Ja0h8';
