// The settings file as a CredentialStore: one 0600 JSON file, changed only under the
// cross-process file lock. A profile signed in with --keychain keeps its refresh token and
// client secret in the OS keychain instead; this store puts them back into the profile on
// every read, and takes them out (into the keychain, first) on every save, so nothing above
// it knows where they live. The keychain's binding loads only for such profiles.
import {CcTokenError, isCcTokenError} from '../errors.js';
import type {CredentialStore, FencedSave, ProfileUpdate, SaveFailure} from './credential-store.js';
import {errorCode, failureReason, permissionAdvice} from './file-error.js';
import type {KeychainSecrets} from './keychain/keychain.js';
import {platformOf, type StoreLocation} from './location.js';
import {
	checkProfile,
	checkProfileName,
	damagedProfileError,
	type KeychainSecretName,
	type Profile,
} from './profile.js';
import {readProfile, readProfiles, soundProfile} from './read-store.js';
import {withStoreLock} from './store-lock.js';
import {deleteProfile, saveProfile} from './write-store.js';

const keychain = () => import('./keychain/keychain.js');

/** One entry per profile and settings file, so two settings folders never share one. */
function entryFor(location: StoreLocation, name: string) {
	return {service: 'cc-token', account: `${name} in ${location.file}`};
}

/** The profile as stored, with the secrets the keychain holds for it put back. */
async function withSecrets(
	name: string,
	profile: Profile | undefined,
	where: string,
): Promise<Profile | undefined> {
	if (!profile?.keychain) return profile;
	const {readKeychain} = await keychain();
	const secrets = (await readKeychain(profile.keychain)) ?? {};
	const missing = profile.keychain.holds.filter((secret) => secrets[secret] === undefined);
	if (missing.length > 0) {
		throw new CcTokenError(
			'keychain_entry_missing',
			`The OS keychain no longer holds the ${missing.join(' and ')} of this profile (entry “${profile.keychain.account}” of service “${profile.keychain.service}”).`,
			{hint: 'It was removed outside cc-token. Sign in again: cc-token login --keychain'},
		);
	}
	// Secrets put back pass the store boundary too: the keychain is a store.
	const check = checkProfile({...profile, ...secrets});
	if (!check.ok) throw damagedProfileError(name, check.problem, where);
	return check.profile;
}

/** Saves one profile; with `fence`, only while its stored refresh token is fence.refreshToken. */
async function saveWithSecrets(
	location: StoreLocation,
	name: string,
	update: ProfileUpdate,
	fence?: {refreshToken: string | undefined},
): Promise<FencedSave> {
	checkProfileName(name);
	return withStoreLock(location, async () => {
		const stored = soundProfile(location, name);
		const current =
			typeof update === 'function' || fence
				? await withSecrets(name, stored, location.file)
				: stored;
		if (fence && current?.refreshToken !== fence.refreshToken) return {saved: false, current};
		const next = typeof update === 'function' ? update(current) : update;
		// Remembered per profile: once in the keychain, its secrets stay there until logout.
		if (!next.keychain && !stored?.keychain) {
			return {saved: true, profile: await saveProfile(location, name, next)};
		}

		const entry = entryFor(location, name);
		const secrets: KeychainSecrets = {};
		const holds: KeychainSecretName[] = [];
		for (const field of ['refreshToken', 'clientSecret'] as const) {
			const value = next[field];
			if (value !== undefined) {
				secrets[field] = value;
				holds.push(field);
			}
		}
		// The keychain first: a rotated refresh token is safe there before the file says so, and a
		// keychain that fails leaves the file as it was, with no secret written to it.
		const {deleteKeychain, writeKeychain} = await keychain();
		if (holds.length > 0) await writeKeychain(entry, secrets);
		else await deleteKeychain(entry);
		const {refreshToken, clientSecret, ...rest} = next;
		const saved = await saveProfile(location, name, {...rest, keychain: {...entry, holds}});
		return {saved: true, profile: {...saved, ...secrets}};
	});
}

/** A failed save of the settings file in words true of it: a read-only disk needs no chmod. */
function saveFailure(location: StoreLocation, error: unknown): SaveFailure {
	const platform = platformOf(location);
	if (isCcTokenError(error) && error.code === 'keychain_unavailable') {
		return {reason: error.message, fix: error.hint ?? 'Unlock your keyring', passing: false};
	}
	const cause = isCcTokenError(error) && error.cause !== undefined ? error.cause : error;
	const code = errorCode(cause);
	if (code === 'EROFS') {
		return {
			reason: 'the disk is mounted read-only',
			fix: `Set CC_TOKEN_CONFIG_DIR to a folder on a writable disk, or remount the disk holding ${location.dir} writable`,
			passing: false,
		};
	}
	if (code === 'ENOSPC' || code === 'EDQUOT') {
		return {
			reason: failureReason(cause, platform),
			fix: `Free some space on the disk holding ${location.dir}`,
			passing: false,
		};
	}
	return {
		reason: failureReason(cause, platform),
		fix: permissionAdvice(location.dir, platform),
		passing: false,
	};
}

async function deleteWithSecrets(location: StoreLocation, name: string): Promise<boolean> {
	checkProfileName(name);
	return withStoreLock(location, async () => {
		const stored = soundProfile(location, name);
		// The keychain first: if it cannot be reached, the profile stays and says where its
		// secrets are, rather than leaving them behind unnamed.
		if (stored?.keychain) await (await keychain()).deleteKeychain(stored.keychain);
		return deleteProfile(location, name);
	});
}

export function fileStore(location: StoreLocation): CredentialStore {
	return {
		where: location.file,
		kind: 'file',
		// As stored: a list (status, logout) does not need the secrets, nor a keychain prompt.
		readProfiles: async () => readProfiles(location),
		readProfile: async (name) => withSecrets(name, readProfile(location, name), location.file),
		// One lock for the whole file: every profile is in it.
		withProfileLock: (_name, fn) => withStoreLock(location, fn),
		saveProfile: async (name, update) => {
			const result = await saveWithSecrets(location, name, update);
			// Only a fence refuses a save, and this one has none.
			if (!result.saved) throw new Error('A save without a fence was refused.');
			return result.profile;
		},
		saveProfileFenced: (name, refreshToken, next) =>
			saveWithSecrets(location, name, next, {refreshToken}),
		deleteProfile: (name) => deleteWithSecrets(location, name),
		describeSaveFailure: (error) => saveFailure(location, error),
		close: async () => {},
	};
}
