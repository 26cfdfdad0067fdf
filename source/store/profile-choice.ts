// Which profile a command works on: --profile, else a non-empty CC_TOKEN_PROFILE, else the one
// chosen with `cc-token use`, else "default". One rule for every command and the fast path.
import {CcTokenError} from '../errors.js';
import type {StoreLocation} from './location.js';
import {defaultProfileName, isProfileName, type StoreDocument} from './profile.js';
import {readStoreDocument} from './read-store.js';

export type ProfileSource = 'flag' | 'environment' | 'use' | 'default';

export interface ProfileChoice {
	name: string;
	source: ProfileSource;
}

export const profileVariable = 'CC_TOKEN_PROFILE';

/** Says where a choice came from, for status and errors: "from CC_TOKEN_PROFILE". */
export function describeProfileSource(source: ProfileSource): string {
	switch (source) {
		case 'flag':
			return 'from --profile';
		case 'environment':
			return `from ${profileVariable}`;
		case 'use':
			return 'chosen with `cc-token use`';
		case 'default':
			return 'the default';
	}
}

/** `readDocument`: the settings document, when the caller has read it already. */
export function chooseProfile(
	flag: string | undefined,
	location: StoreLocation,
	env: NodeJS.ProcessEnv = process.env,
	readDocument: () => StoreDocument | undefined = () => readStoreDocument(location),
): ProfileChoice {
	if (flag !== undefined) return {name: flag, source: 'flag'};
	const fromEnv = env[profileVariable];
	if (fromEnv !== undefined && fromEnv !== '') {
		if (!isProfileName(fromEnv)) {
			throw new CcTokenError(
				'bad_input',
				`${profileVariable} holds “${fromEnv}”, which is not a usable profile name.`,
				{
					hint: `Use 1 to 64 letters, digits, “-” or “_”, or unset ${profileVariable} to use the default profile.`,
				},
			);
		}
		return {name: fromEnv, source: 'environment'};
	}
	const chosen = readDocument()?.defaultProfile;
	return chosen ? {name: chosen, source: 'use'} : {name: defaultProfileName, source: 'default'};
}
