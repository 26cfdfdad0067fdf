// The profile a command works on, from its --profile flag and the environment; see
// store/profile-choice.ts for the rule.
import {chooseProfile, type ProfileChoice, storeLocation} from '../store/index.js';

export function profileChoice(args: {profile?: string}): ProfileChoice {
	return chooseProfile(args.profile, storeLocation());
}

export function profileName(args: {profile?: string}): string {
	return profileChoice(args).name;
}
