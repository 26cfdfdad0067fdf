// Every change to the settings file: under the lock, read → change → write, written by conf
// (settings-writer.ts: 0600 temp file, fsync, rename, folder fsync).
import {CcTokenError, isCcTokenError} from '../errors.js';
import {failureReason, permissionAdvice} from './file-error.js';
import {platformOf, type StoreLocation} from './location.js';
import {
	checkDocument,
	checkProfileName,
	emptyDocument,
	type Profile,
	type StoreDocument,
	storableProfile,
	storedProfile,
} from './profile.js';
import {readStoreDocument} from './read-store.js';
import {writeSettings} from './settings-writer.js';
import {withStoreLock} from './store-lock.js';

async function write(location: StoreLocation, document: StoreDocument): Promise<void> {
	try {
		await writeSettings(location, document);
	} catch (error) {
		if (isCcTokenError(error)) throw error;
		const platform = platformOf(location);
		throw new CcTokenError(
			'config_unwritable',
			`cc-token could not save its settings to ${location.file} (${failureReason(error, platform)}).`,
			{
				hint: `Check there is free disk space. ${permissionAdvice(location.dir, platform)}, then try again.`,
				cause: error,
			},
		);
	}
}

/**
 * Loads what a save needs (the lock, conf) ahead of time, so that a save the person is waiting
 * for, right after a sign-in, does not first spend milliseconds loading modules.
 */
export async function prepareToSave(): Promise<void> {
	await Promise.all([import('proper-lockfile'), import('conf')]);
}

/**
 * Runs `change` on the current document under the lock and writes the result, if it changed.
 * A document that would not pass the read check is refused, so a bad save can never make the
 * file unreadable.
 */
async function updateStore<T>(
	location: StoreLocation,
	change: (document: StoreDocument) => T,
): Promise<T> {
	return withStoreLock(location, async () => {
		const document = readStoreDocument(location) ?? emptyDocument();
		const before = JSON.stringify(document);
		const result = change(document);
		const after = JSON.stringify(document);
		if (after === before) return result;
		const check = checkDocument(JSON.parse(after));
		if (!check.ok) {
			throw new CcTokenError(
				'bad_input',
				`cc-token refused to save settings that ${check.problem}.`,
				{
					hint: 'This is a fault in cc-token: report it with the command you ran.',
				},
			);
		}
		await write(location, check.document);
		return result;
	});
}

/** Saves one profile under the lock and returns it as stored. */
export async function saveProfile(
	location: StoreLocation,
	name: string,
	update: Profile | ((current: Profile | undefined) => Profile),
): Promise<Profile> {
	checkProfileName(name);
	return updateStore(location, (document) => {
		// A damaged profile is replaced as if there were none.
		const current = storedProfile(document.profiles, name, 'as none');
		const stored = storableProfile(typeof update === 'function' ? update(current) : update);
		document.profiles[name] = stored;
		return stored;
	});
}

/** Removes one profile; false when there was none. */
export async function deleteProfile(location: StoreLocation, name: string): Promise<boolean> {
	checkProfileName(name);
	return updateStore(location, (document) => {
		if (!Object.hasOwn(document.profiles, name)) return false;
		delete document.profiles[name];
		if (document.defaultProfile === name) delete document.defaultProfile;
		return true;
	});
}

/**
 * Makes a profile the one commands use by default (`cc-token use`), kept in the settings file
 * whichever store holds the profiles. A name not among `known` (the store's profiles) is
 * refused with the list.
 */
export async function setDefaultProfile(
	location: StoreLocation,
	name: string,
	known: {names: string[]; where: string},
): Promise<void> {
	checkProfileName(name);
	if (!known.names.includes(name)) {
		const names = [...known.names].sort();
		throw new CcTokenError('bad_input', `There is no profile “${name}” in ${known.where}.`, {
			hint:
				names.length > 0
					? `Profiles there: ${names.join(', ')}. To make a new one, sign in: cc-token login --profile ${name}`
					: `Sign it in first: cc-token login --profile ${name}`,
		});
	}
	await updateStore(location, (document) => {
		document.defaultProfile = name;
	});
}
