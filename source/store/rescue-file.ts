// Where rotated tokens go when their store cannot take them (a full or read-only disk, a Redis
// that stays down): Constant Contact has already spent the old refresh token, so the new one
// may exist nowhere else. A rescue file is private (0600, in a 0700 folder of this user's),
// kept on another path than the settings (the state folder, else the system's temporary
// folder), and adopted by the next cc-token run that uses the profile, under the store's lock.
//
// It loads only what the quick `cc-token token` path loads already: looking for a rescue file
// is a stat or two.
import {tmpdir} from 'node:os';
import {
	currentPlatform,
	hasUnixPermissions,
	type Platform,
	stateFolder,
} from '../system/platform.js';
import type {Profile} from './profile.js';

const formatVersion = 1;

export interface RescuedTokens {
	version: typeof formatVersion;
	/** The store the tokens belong in (`CredentialStore.where`) and the profile. */
	store: string;
	profile: string;
	/** SHA-256 of the refresh token these tokens replace: adopted only over that one. */
	replaces: string;
	savedAt: number;
	accessToken: string;
	accessTokenExpiresAt: number;
	refreshToken?: string;
	scopes?: string[];
}

export interface FoundRescue {
	path: string;
	tokens: RescuedTokens;
}

/** What a rescue file holds in place of this sent token: compared, never the token itself. */
export function tokenFingerprint(refreshToken: string | undefined): string {
	// Asked of Node when needed: the quick path that only looks for a rescue file never hashes.
	const {createHash} = process.getBuiltinModule('node:crypto');
	return createHash('sha256')
		.update(refreshToken ?? '')
		.digest('hex');
}

/** A short, stable name per store and profile (FNV-1a): no secret goes into it. */
function fileName(store: string, profile: string): string {
	let hash = 0x811c9dc5;
	for (const char of `${store}\0${profile}`) {
		hash ^= char.codePointAt(0) ?? 0;
		hash = Math.imul(hash, 0x01000193) >>> 0;
	}
	return `rescued-tokens-${profile}-${hash.toString(16).padStart(8, '0')}.json`;
}

/** The folders a rescue file may be in, first choice first. */
function rescueFolders(platform: Platform = currentPlatform()): string[] {
	const user = platform.uid ?? platform.env.USERNAME ?? 'user';
	return [stateFolder(platform), platform.path.join(tmpdir(), `cc-token-${user}`)];
}

function candidates(store: string, profile: string, platform: Platform): string[] {
	return rescueFolders(platform).map((folder) =>
		platform.path.join(folder, fileName(store, profile)),
	);
}

/** True when tokens for this profile are waiting in a rescue file (the quick path asks this). */
export function rescuePending(
	store: string,
	profile: string,
	platform: Platform = currentPlatform(),
): boolean {
	return candidates(store, profile, platform).some((path) => platform.fs.existsSync(path));
}

function isRescue(
	value: unknown,
	store: string | undefined,
	profile: string | undefined,
): value is RescuedTokens {
	const v = value as Partial<RescuedTokens> | null;
	return (
		typeof v === 'object' &&
		v !== null &&
		v.version === formatVersion &&
		typeof v.store === 'string' &&
		v.store === store &&
		typeof v.profile === 'string' &&
		v.profile === profile &&
		typeof v.replaces === 'string' &&
		typeof v.accessToken === 'string' &&
		Number.isFinite(v.accessTokenExpiresAt) &&
		(v.refreshToken === undefined || typeof v.refreshToken === 'string')
	);
}

/**
 * The rescued tokens at `path` when it is a regular file this user owns and holds a rescue
 * (of this store and profile, when given); undefined for anything else (another user's file,
 * a FIFO, damaged), which is left where it is and not used.
 */
function rescueAt(
	path: string,
	platform: Platform,
	of?: {store: string; profile: string},
): FoundRescue | undefined {
	const {fs} = platform;
	try {
		const stat = fs.lstatSync(path);
		if (!stat.isFile()) return undefined;
		if (hasUnixPermissions(platform) && stat.uid !== platform.uid) return undefined;
		const tokens = JSON.parse(fs.readFileSync(path, 'utf8')) as RescuedTokens | null;
		return isRescue(tokens, of?.store ?? tokens?.store, of?.profile ?? tokens?.profile)
			? {path, tokens}
			: undefined;
	} catch {
		return undefined;
	}
}

/** The rescue file for this profile, if there is one this user owns and cc-token can read. */
export function readRescue(
	store: string,
	profile: string,
	platform: Platform = currentPlatform(),
): FoundRescue | undefined {
	for (const path of candidates(store, profile, platform)) {
		const found = rescueAt(path, platform, {store, profile});
		if (found) return found;
	}
	return undefined;
}

/** Every rescue file waiting, whatever its store (for `cc-token doctor`). */
export function listRescues(platform: Platform = currentPlatform()): FoundRescue[] {
	const found: FoundRescue[] = [];
	for (const folder of rescueFolders(platform)) {
		let names: string[];
		try {
			names = platform.fs.readdirSync(folder);
		} catch {
			continue;
		}
		for (const name of names.filter((entry) => entry.startsWith('rescued-tokens-'))) {
			const rescue = rescueAt(platform.path.join(folder, name), platform);
			if (rescue) found.push(rescue);
		}
	}
	return found;
}

/**
 * Writes the tokens to the first rescue folder that takes them and returns the file's path;
 * throws only when none does. Private from the first byte: created 0600, exclusively, never
 * through a link, in a 0700 folder.
 */
export function writeRescue(
	store: string,
	profile: string,
	replaced: string | undefined,
	tokens: Profile,
	platform: Platform = currentPlatform(),
): string {
	const {fs} = platform;
	const rescue: RescuedTokens = {
		version: formatVersion,
		store,
		profile,
		replaces: tokenFingerprint(replaced),
		savedAt: Date.now(),
		accessToken: tokens.accessToken ?? '',
		accessTokenExpiresAt: tokens.accessTokenExpiresAt ?? 0,
		...(tokens.refreshToken === undefined ? {} : {refreshToken: tokens.refreshToken}),
		...(tokens.scopes === undefined ? {} : {scopes: tokens.scopes}),
	};
	const text = `${JSON.stringify(rescue, null, '\t')}\n`;
	let lastError: unknown;
	for (const path of candidates(store, profile, platform)) {
		const folder = platform.path.dirname(path);
		const temp = `${path}.${process.pid}.tmp`;
		try {
			fs.mkdirSync(folder, {recursive: true, mode: 0o700});
			if (hasUnixPermissions(platform)) {
				const stat = fs.lstatSync(folder);
				if (!stat.isDirectory() || stat.uid !== platform.uid)
					throw new Error(`${folder} is not ours`);
				if ((stat.mode & 0o077) !== 0) fs.chmodSync(folder, 0o700);
			}
			const {O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW} = fs.constants;
			const fd = fs.openSync(temp, O_WRONLY | O_CREAT | O_EXCL | (O_NOFOLLOW ?? 0), 0o600);
			try {
				fs.writeFileSync(fd, text);
				fs.fsyncSync(fd);
			} finally {
				fs.closeSync(fd);
			}
			fs.renameSync(temp, path);
			return path;
		} catch (error) {
			lastError = error;
			try {
				fs.unlinkSync(temp);
			} catch {}
		}
	}
	throw lastError;
}

/** Removes a rescue file once its tokens are in the store (or a newer sign-in replaced them). */
export function removeRescue(path: string, platform: Platform = currentPlatform()): void {
	try {
		platform.fs.unlinkSync(path);
	} catch {}
}
