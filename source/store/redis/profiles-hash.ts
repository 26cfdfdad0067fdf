// How profiles sit in Redis: one hash, one field per profile holding its JSON, checked on every
// read like the settings file is. Shared by the full client and the quick read.
import {CcTokenError} from '../../errors.js';
import {type Profile, profileProblem} from '../profile.js';
import type {RedisAddress} from '../store-address.js';

export const profilesKey = 'cc-token:profiles';

export function parsedProfile(address: RedisAddress, name: string, json: string): Profile {
	let value: unknown;
	try {
		value = JSON.parse(json);
	} catch {
		value = undefined;
	}
	const problem = value === undefined ? 'is not valid JSON' : profileProblem(value);
	if (problem) {
		throw new CcTokenError(
			'config_corrupt',
			`The profile “${name}” in the Redis store ${address.shown} ${problem}.`,
			{
				hint: `Sign it in again with: cc-token login --profile ${name} (with the same store), which replaces it.`,
			},
		);
	}
	return value as Profile;
}

export function parsedProfiles(
	address: RedisAddress,
	all: Record<string, string>,
): Record<string, Profile> {
	const profiles: Record<string, Profile> = Object.create(null);
	for (const [name, json] of Object.entries(all)) {
		profiles[name] = parsedProfile(address, name, json);
	}
	return profiles;
}
