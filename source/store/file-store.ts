// The settings file as a CredentialStore: one 0600 JSON file, changed only under the
// cross-process file lock.
import type {CredentialStore} from './credential-store.js';
import {failureReason, permissionAdvice} from './file-error.js';
import {platformOf, type StoreLocation} from './location.js';
import type {Profile} from './profile.js';
import {readProfile, readProfiles} from './read-store.js';
import {withStoreLock} from './store-lock.js';
import {deleteProfile, saveProfile} from './write-store.js';

export function fileStore(location: StoreLocation): CredentialStore {
	return {
		where: location.file,
		kind: 'file',
		readProfiles: async () => readProfiles(location),
		readProfile: async (name) => readProfile(location, name),
		// One lock for the whole file: every profile is in it.
		withProfileLock: (_name, fn) => withStoreLock(location, fn),
		saveProfile: (name, update) => saveProfile(location, name, update),
		deleteProfile: (name) => deleteProfile(location, name),
		describeSaveFailure: (error) => ({
			reason: failureReason(error, platformOf(location)),
			fix: `Free some disk space or: ${permissionAdvice(location.dir, platformOf(location))}`,
		}),
		close: async () => {},
	};
}

/**
 * The settings file's profiles, read synchronously: only for the entry's fast path, which
 * answers from the file before anything else loads.
 */
export function readFileProfilesNow(location: StoreLocation): Record<string, Profile> {
	return readProfiles(location);
}
