// The two readings of each answer a live Okta may give otherwise than documented: the
// documented one is the default, the other is what was seen or reported of live servers
// (constant-contact.md, "What a live Okta may answer differently"). A tool must cope with both.
import {CcTokenError} from '../../errors.js';
import type {OktaReadings} from './types.js';

/**
 * Every reading's possible values: the first is the documented one and the default, the second
 * what was seen or reported of live servers. `authorizePage` has a third, `bot-403`, which
 * refuses any client that is not a browser and so is chosen alone.
 */
export const oktaReadingValues: {[K in keyof OktaReadings]: ReadonlyArray<OktaReadings[K]>} = {
	authorizePage: ['redirect', 'sign-in-page', 'bot-403'],
	unknownClientBody: ['oauth', 'okta'],
	publicClientWithoutVerifier: ['invalid_grant', 'invalid_client'],
	userCodes: ['dashed', 'letters'],
	expiredDeviceCode: ['expired_token', 'invalid_grant'],
	issuer: ['authorize-host', 'identity-host'],
};

function readingsAt(index: 0 | 1): OktaReadings {
	return Object.fromEntries(
		Object.entries(oktaReadingValues).map(([name, values]) => [name, values[index]]),
	) as unknown as OktaReadings;
}

export const documentedOktaReadings = readingsAt(0);

/** Every other reading at once (for `authorizePage`, the sign-in page, not bot-403). */
export const liveOktaReadings = readingsAt(1);

/** Whether `value` is one of the readings of the answer `name`. */
export function isOktaReading(name: string, value: unknown): boolean {
	const values: readonly unknown[] | undefined = Object.hasOwn(oktaReadingValues, name)
		? oktaReadingValues[name as keyof OktaReadings]
		: undefined;
	return values?.includes(value) ?? false;
}

/** The readings as `cc-token emulator --okta` names them: `user-codes=dashed|letters, …`. */
export function oktaReadingsHelp(separator = '|'): string {
	return Object.entries(oktaReadingValues)
		.map(([name, values]) => `${kebabName(name)}=${values.join(separator)}`)
		.join(', ');
}

/** `userCodes` → `user-codes`. */
export function kebabName(camel: string): string {
	return camel.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/** The readings with the documented ones filled in; a name or value not listed is refused. */
export function oktaReadings(given: Partial<OktaReadings> = {}): OktaReadings {
	for (const [name, value] of Object.entries(given)) {
		if (!Object.hasOwn(oktaReadingValues, name)) {
			throw new CcTokenError('bad_input', `${name} is not an Okta reading.`, {
				hint: `Use one of ${Object.keys(oktaReadingValues).join(', ')}.`,
			});
		}
		if (!isOktaReading(name, value)) {
			throw new CcTokenError('bad_input', `${String(value)} is not a reading of ${name}.`, {
				hint: `Use ${oktaReadingValues[name as keyof OktaReadings].join(' or ')}.`,
			});
		}
	}
	return {...documentedOktaReadings, ...given};
}

/** Constant Contact's access-token issuer: not the host that /authorize and /token are on. */
export const identityHostIssuer =
	'https://identity.constantcontact.com/oauth2/aus1lm3ry9mF7x2Ja0h8';
