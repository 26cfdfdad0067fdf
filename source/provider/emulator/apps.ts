// The apps the emulator knows: one always-present demo app of each kind, the demo account
// every sign-in lands in, and the defaults that fill in a partly described app.
import {randomUUID} from 'node:crypto';
import {type AppKind, accessTokenLifetimeSeconds, defaultRedirectUri} from '../constant-contact.js';
import type {EmulatorApp} from './types.js';

/** The demo `code` app's API key. */
export const demoClientId = '6f1d2c8e-3b7a-4e5f-9a0c-8d4b2e6f1a37';
// Shown on the emulator's portal page on purpose: it opens nothing real.
export const demoClientSecret = 'demo-secret-Jt4vQ9wLx2Rk7Pz3Hn8sFb';
export const demoPkceClientId = '2a9e7c41-58d3-4b6f-a1e0-93c5d7f20b84';
export const demoDeviceClientId = 'c4b81f06-7d2e-4a95-8e3b-16f0a9d52c7e';

/** The redirect URIs of the demo app, and of any app registered without its own. */
const defaultRedirectUris = [
	defaultRedirectUri,
	defaultRedirectUri.replace('//localhost:', '//127.0.0.1:'),
	// The developer portal's default: no plain-http listener can serve it, so people paste.
	'https://localhost',
];

export const demoApps: Record<AppKind, EmulatorApp> = {
	code: {
		name: 'Demo integration (Authorization Code)',
		kind: 'code',
		clientId: demoClientId,
		clientSecret: demoClientSecret,
		redirectUris: defaultRedirectUris,
		refreshTokenType: 'rotating',
		accessTokenLifetimeSeconds,
	},
	pkce: {
		name: 'Demo integration (PKCE)',
		kind: 'pkce',
		clientId: demoPkceClientId,
		redirectUris: defaultRedirectUris,
		refreshTokenType: 'rotating',
		accessTokenLifetimeSeconds,
	},
	device: {
		name: 'Demo integration (Device)',
		kind: 'device',
		clientId: demoDeviceClientId,
		redirectUris: [],
		refreshTokenType: 'rotating',
		accessTokenLifetimeSeconds,
	},
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

/** The grant types each kind may use at /token, as the error messages list them. */
const grantTypesByKind: Record<AppKind, string[]> = {
	code: ['authorization_code', 'refresh_token'],
	pkce: ['authorization_code', 'refresh_token'],
	device: [deviceGrantType, 'refresh_token'],
};

export function grantTypesOf(app: EmulatorApp): string[] {
	return grantTypesByKind[app.kind];
}

/**
 * Fills in what a test or caller left out: the kind is `code` when a secret is given, else
 * `pkce`. Refuses what the portal cannot produce: a secret on a public app, redirect URIs on a
 * device app.
 */
export function completeApp(partial: Partial<EmulatorApp>, registeredCount: number): EmulatorApp {
	const kind = partial.kind ?? (partial.clientSecret === undefined ? 'pkce' : 'code');
	const app: EmulatorApp = {
		name: partial.name ?? `Test integration ${registeredCount + 1}`,
		kind,
		clientId: partial.clientId ?? randomUUID(),
		redirectUris: partial.redirectUris ?? (kind === 'device' ? [] : [...defaultRedirectUris]),
		refreshTokenType: partial.refreshTokenType ?? 'rotating',
		accessTokenLifetimeSeconds: partial.accessTokenLifetimeSeconds ?? accessTokenLifetimeSeconds,
	};
	if (partial.clientSecret !== undefined) {
		if (kind !== 'code') {
			throw new Error(`A ${kind} app is a public client: it has no client secret.`);
		}
		app.clientSecret = partial.clientSecret;
	}
	if (kind === 'device' && app.redirectUris.length > 0) {
		throw new Error('A device app has no redirect URIs.');
	}
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
