// The profile a command works on, from its --profile flag and the environment; see
// store/profile-choice.ts for the rule.
// Straight from the modules, not the store's index: reading the choice loads no writer or lock.
import {chooseProfile} from '../../store/profile-choice.js';
import type {CommandIo} from './io.js';

export function profileName(args: {profile?: string}, io: CommandIo): string {
	return chooseProfile(args.profile, io.location, io.env).name;
}
