// The signed-in profile as the guide lists it: one row per credential, and the account in a
// few words.

import {formatAccount} from '../../store/index.js';
import type {GuideState} from './guide-state.js';

export interface CredentialRow {
	label: string;
	/** How messages name it ("Copied the access token"). */
	what: string;
	value: string;
	secret: boolean;
}

export function hasTokens(state: GuideState): boolean {
	return state.credentials?.accessToken !== undefined;
}

export function credentialRows(state: GuideState): CredentialRow[] {
	const profile = state.credentials;
	if (!profile) return [];
	const rows: CredentialRow[] = [
		{label: 'API key', what: 'the API key', value: profile.apiKey, secret: false},
	];
	if (profile.accessToken) {
		rows.push({
			label: 'Access token',
			what: 'the access token',
			value: profile.accessToken,
			secret: true,
		});
	}
	if (profile.refreshToken) {
		rows.push({
			label: 'Refresh token',
			what: 'the refresh token',
			value: profile.refreshToken,
			secret: true,
		});
	}
	if (profile.accessTokenExpiresAt !== undefined) {
		rows.push({
			label: 'Expires',
			what: 'the expiry time',
			value: new Date(profile.accessTokenExpiresAt).toISOString(),
			secret: false,
		});
	}
	const account = formatAccount(profile.account);
	if (account) rows.push({label: 'Account', what: 'the account', value: account, secret: false});
	return rows;
}
