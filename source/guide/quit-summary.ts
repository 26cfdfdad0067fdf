// The few lines left on the normal screen after a sign-in in the guide: who, which profile,
// where it is saved, and the command to use next.

import {formatAccount} from '../store/index.js';
import type {GuideSetup} from './services.js';
import type {GuideState} from './state/guide-state.js';

export function quitSummary(state: GuideState, setup: GuideSetup): string[] | undefined {
	const profile = state.credentials;
	if (!state.signedInHere || !profile?.accessToken) return undefined;
	const who = formatAccount(profile.account) ?? `API key ${profile.apiKey}`;
	const option = setup.profileName === 'default' ? '' : ` --profile ${setup.profileName}`;
	return [
		`✓ Signed in as ${who}`,
		setup.demo
			? '  Demo: the credentials were kept in a temporary folder, now removed.'
			: `  Profile “${setup.profileName}”, saved in ${setup.storeFile}`,
		...(setup.demo
			? []
			: [
					`  Next: cc-token token${option}    prints a fresh access token whenever one is needed`,
					`        eval "$(cc-token env${option})"    puts the API key and token in your shell`,
				]),
	];
}
