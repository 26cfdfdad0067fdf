// The fast, lock-free read of the settings file. It runs before every API call in scripts, so it
// loads nothing but node:fs and node:path: conf and the lock are loaded only to write.
//
// A file that cannot be used is never treated as empty: that would silently sign people out.
// A corrupt one is moved aside, bytes intact, and the error says where it went.
import {chmodSync, existsSync, readFileSync, renameSync} from 'node:fs';
import {basename} from 'node:path';
import {CcTokenError} from '../errors.js';
import {errorCode, failureReason} from './file-error.js';
import type {StoreLocation} from './location.js';
import {checkDocument, checkProfileName, type Profile, type StoreDocument} from './profile.js';

function unreadable(location: StoreLocation, error: unknown): CcTokenError {
	return new CcTokenError(
		'config_unwritable',
		`cc-token cannot read its settings file ${location.file} (${failureReason(error)}).`,
		{
			hint: 'Make sure it is a file you own that you can read (chmod 600 sets it right), or set CC_TOKEN_CONFIG_DIR to another folder.',
			cause: error,
		},
	);
}

function asideName(file: string): string {
	const stamp = new Date().toISOString().replaceAll(':', '-');
	let candidate = `${file}.corrupt-${stamp}`;
	for (let copy = 2; existsSync(candidate); copy++) candidate = `${file}.corrupt-${stamp}-${copy}`;
	return candidate;
}

/** Moves the corrupt file aside, bytes intact, and says where it went. */
function moveAside(location: StoreLocation, problem: string): never {
	const aside = asideName(location.file);
	try {
		renameSync(location.file, aside);
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
			`cc-token’s settings file ${location.file} ${problem}, and it could not be moved aside (${failureReason(error)}).`,
			{hint: 'Repair or remove that file, then sign in again with `cc-token login`.', cause: error},
		);
	}
	// It may hold tokens: keep it private even if it was not.
	chmodSync(aside, 0o600);
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
	let bytes: Buffer;
	try {
		bytes = readFileSync(location.file);
	} catch (error) {
		if (errorCode(error) === 'ENOENT') return undefined;
		throw unreadable(location, error);
	}
	let parsed: unknown;
	try {
		parsed = JSON.parse(bytes.toString('utf8'));
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

/** Every profile, keyed by name; {} when there is no settings file yet. */
export function readProfiles(location: StoreLocation): Record<string, Profile> {
	return readStoreDocument(location)?.profiles ?? Object.create(null);
}

export function readProfile(location: StoreLocation, name: string): Profile | undefined {
	checkProfileName(name);
	const profiles = readProfiles(location);
	return Object.hasOwn(profiles, name) ? profiles[name] : undefined;
}
