// The fast, lock-free read of the settings file. It runs before every API call in scripts, so it
// loads nothing but node:fs and node:path: the lock is loaded only to write.
//
// A file that cannot be used is never treated as empty: that would silently sign people out.
// A corrupt one is moved aside, bytes intact, and the error says where it went.
import {basename} from 'node:path';
import {CcTokenError, isCcTokenError} from '../errors.js';
import {errorCode, failureReason, permissionAdvice} from './file-error.js';
import {platformOf, type StoreLocation} from './location.js';
import {
	checkDocument,
	checkProfileName,
	checkProfiles,
	type Profile,
	type ProfileSet,
	parseSettings,
	type StoreDocument,
	storedProfile,
} from './profile.js';
import {readSettingsBytes} from './settings-file.js';

function unreadable(location: StoreLocation, error: unknown): CcTokenError {
	return new CcTokenError(
		'config_unwritable',
		`cc-token cannot read its settings file ${location.file} (${failureReason(error, platformOf(location))}).`,
		{
			hint: `${permissionAdvice(location.file, platformOf(location))}, or set CC_TOKEN_CONFIG_DIR to another folder.`,
			cause: error,
		},
	);
}

function asideName(location: StoreLocation): string {
	const {fs} = platformOf(location);
	const stamp = new Date().toISOString().replaceAll(':', '-');
	let candidate = `${location.file}.corrupt-${stamp}`;
	for (let copy = 2; fs.existsSync(candidate); copy++) {
		candidate = `${location.file}.corrupt-${stamp}-${copy}`;
	}
	return candidate;
}

/** Moves the corrupt file aside, bytes intact, and says where it went. */
function moveAside(location: StoreLocation, problem: string): never {
	const aside = asideName(location);
	try {
		platformOf(location).fs.renameSync(location.file, aside);
	} catch (error) {
		if (errorCode(error) === 'ENOENT') {
			throw new CcTokenError(
				'config_corrupt',
				`cc-token’s settings file ${location.file} ${problem}; another cc-token has just moved it aside (look for ${basename(location.file)}.corrupt-* next to it).`,
				{hint: 'Sign in again with `cc-token login`, or repair that file and move it back.'},
			);
		}
		throw new CcTokenError(
			'config_corrupt',
			`cc-token’s settings file ${location.file} ${problem}, and it could not be moved aside (${failureReason(error, platformOf(location))}).`,
			{hint: 'Repair or remove that file, then sign in again with `cc-token login`.', cause: error},
		);
	}
	// It may hold tokens: it is private already, as the read closed it up to 0600.
	throw new CcTokenError(
		'config_corrupt',
		`cc-token’s settings file ${location.file} ${problem}, so it was moved to ${aside}.`,
		{
			hint: `Sign in again with \`cc-token login\`, or repair that file and move it back to ${basename(location.file)}.`,
		},
	);
}

/** The whole settings document, or undefined when there is no file yet. */
export function readStoreDocument(location: StoreLocation): StoreDocument | undefined {
	let bytes: Buffer | undefined;
	try {
		bytes = readSettingsBytes(location);
	} catch (error) {
		if (isCcTokenError(error)) throw error;
		throw unreadable(location, error);
	}
	if (bytes === undefined) return undefined;
	let parsed: unknown;
	try {
		parsed = parseSettings(bytes.toString('utf8'));
	} catch {
		return moveAside(location, 'is not valid JSON');
	}
	const check = checkDocument(parsed);
	if (check.ok) return check.document;
	if (check.newerVersion !== undefined) {
		throw new CcTokenError(
			'config_corrupt',
			`cc-token’s settings file ${location.file} ${check.problem}.`,
			{
				hint: 'Update cc-token to the newest version to use it.',
			},
		);
	}
	return moveAside(location, check.problem);
}

/** Every profile, keyed by name, through the store boundary; none when there is no settings file yet. */
export function readProfiles(location: StoreLocation): ProfileSet {
	return checkProfiles(readStoreDocument(location)?.profiles ?? {});
}

/** The profile named `name` of a document already read: undefined when there is none; a
 * damaged one is refused by name. */
export function documentProfile(
	document: StoreDocument | undefined,
	name: string,
	location: StoreLocation,
): Profile | undefined {
	checkProfileName(name);
	return storedProfile(document?.profiles, name, {where: location.file});
}

export function readProfile(location: StoreLocation, name: string): Profile | undefined {
	return documentProfile(readStoreDocument(location), name, location);
}

/** The profile if it is there and sound, else undefined: what a save or a delete starts from
 * (a damaged profile is replaced, or removed, as if there were none). */
export function soundProfile(location: StoreLocation, name: string): Profile | undefined {
	checkProfileName(name);
	return storedProfile(readStoreDocument(location)?.profiles, name, 'as none');
}
