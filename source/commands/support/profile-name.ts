// The profile a command works on, from its --profile flag and the environment; see
// store/profile-choice.ts for the rule.
// Straight from the modules, not the store's index: reading the choice loads no writer or lock.
import {storeLocation} from '../../store/location.js';
import {chooseProfile, type ProfileChoice} from '../../store/profile-choice.js';

export function profileChoice(args: {profile?: string}): ProfileChoice {
	return chooseProfile(args.profile, storeLocation());
}

export function profileName(args: {profile?: string}): string {
	return profileChoice(args).name;
}
