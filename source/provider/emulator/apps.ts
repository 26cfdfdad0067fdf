// The apps the emulator knows: the always-present demo app, the demo account every sign-in
// lands in, and the defaults that fill in a partly described app.
import {randomUUID} from 'node:crypto';
import {accessTokenLifetimeSeconds, defaultRedirectUri} from '../constant-contact.js';
import type {EmulatorApp} from './types.js';

export const demoClientId = '6f1d2c8e-3b7a-4e5f-9a0c-8d4b2e6f1a37';
// Shown on the emulator's portal page on purpose: it opens nothing real.
export const demoClientSecret = 'demo-secret-Jt4vQ9wLx2Rk7Pz3Hn8sFb';

/** The redirect URIs of the demo app, and of any app registered without its own. */
const defaultRedirectUris = [
	defaultRedirectUri,
	defaultRedirectUri.replace('//localhost:', '//127.0.0.1:'),
	// The developer portal's default: no plain-http listener can serve it, so people paste.
	'https://localhost',
];

export const demoApp: EmulatorApp = {
	name: 'Demo integration',
	clientId: demoClientId,
	clientSecret: demoClientSecret,
	redirectUris: defaultRedirectUris,
	flows: {authorizationCode: true, device: true},
	refreshTokenType: 'rotating',
	accessTokenLifetimeSeconds,
};

/** The account every sign-in lands in, as GET /v3/account/summary returns it. */
export const demoAccount = {
	encoded_account_id: 'a07e6b2c9d1f',
	first_name: 'Maya',
	last_name: 'Okafor',
	contact_email: 'maya@juniperstreetbakery.example',
	contact_phone: '503-555-0142',
	country_code: 'US',
	state_code: 'OR',
	organization_name: 'Juniper Street Bakery',
	organization_phone: '503-555-0100',
	time_zone_id: 'US/Pacific',
	website: 'https://juniperstreetbakery.example',
} as const;

export const deviceGrantType = 'urn:ietf:params:oauth:grant-type:device_code';

/** The grant types an app may use at /token, as the error messages list them. */
export function grantTypesOf(app: EmulatorApp): string[] {
	return [
		...(app.flows.authorizationCode ? ['authorization_code'] : []),
		...(app.flows.device ? [deviceGrantType] : []),
		...(app.flows.authorizationCode || app.flows.device ? ['refresh_token'] : []),
	];
}

/** Fills in what a test or caller left out. Without clientSecret the app is a public client. */
export function completeApp(partial: Partial<EmulatorApp>, registeredCount: number): EmulatorApp {
	const app: EmulatorApp = {
		name: partial.name ?? `Test integration ${registeredCount + 1}`,
		clientId: partial.clientId ?? randomUUID(),
		redirectUris: partial.redirectUris ?? [...defaultRedirectUris],
		flows: partial.flows ?? {authorizationCode: true, device: true},
		refreshTokenType: partial.refreshTokenType ?? 'rotating',
		accessTokenLifetimeSeconds: partial.accessTokenLifetimeSeconds ?? accessTokenLifetimeSeconds,
	};
	if (partial.clientSecret !== undefined) app.clientSecret = partial.clientSecret;
	for (const uri of app.redirectUris) {
		// The portal refuses fragments and anything that is not an absolute URL.
		if (!URL.canParse(uri) || uri.includes('#')) {
			throw new Error(`Redirect URI ${uri} is not an absolute URL without a fragment.`);
		}
	}
	if (!(app.accessTokenLifetimeSeconds > 0)) {
		throw new Error('accessTokenLifetimeSeconds must be positive.');
	}
	return app;
}
