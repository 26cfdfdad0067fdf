// How profiles sit in Redis: one hash, one field per profile holding its JSON, each checked on
// every read by the store boundary (checkProfiles), like the settings file's. A field that is
// not JSON, or not a profile, damages that profile only. Shared by the full client and the
// quick read.
import {checkProfiles, notJson, type Profile, type ProfileSet, profileIn} from '../profile.js';
import type {RedisAddress} from '../store-address.js';

export const profilesKey = 'cc-token:profiles';

export function parsedProfiles(all: Record<string, string>): ProfileSet {
	const values: Record<string, unknown> = Object.create(null);
	for (const [name, json] of Object.entries(all)) {
		try {
			values[name] = JSON.parse(json);
		} catch {
			values[name] = notJson;
		}
	}
	return checkProfiles(values);
}

/** The profile `name` from its field's JSON; a damaged one is refused by name. */
export function parsedProfile(
	address: RedisAddress,
	name: string,
	json: string,
): Profile | undefined {
	return profileIn(parsedProfiles({[name]: json}), name, address.shown);
}
