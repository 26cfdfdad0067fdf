// The settings file's checks and its lock-free read (conf writes it: settings-writer.ts, with
// these checks around it). The file holds tokens, so whatever the environment:
// - a folder or file someone else owns (they could swap in their own tokens, or read ours) is
//   refused, and so is a link where the file should be;
// - only a regular file of sane size is read: a FIFO there would hang the read, a huge file
//   would be read whole;
// - on Windows, a file held open by another program (a reader, an antivirus scan) makes a
//   replace or a read fail for a moment with EPERM, EBUSY or EACCES: that is waited out, long
//   enough that a refresh token Constant Contact has just rotated is never lost to it.
import type {Stats} from 'node:fs';
import {setTimeout as sleep} from 'node:timers/promises';
import {CcTokenError, isCcTokenError} from '../errors.js';
import {type FileSystem, hasUnixPermissions, type Platform} from '../system/platform.js';
import {sleepSync} from '../system/sleep-sync.js';
import {errorCode, failureReason, permissionAdvice} from './file-error.js';
import {lockPathOf, platformOf, type StoreLocation} from './location.js';

/** How long "file in use" is waited out: a save carries tokens that may exist nowhere else.
 * Tests shorten these to see what happens when the wait runs out. */
export const fileInUseWaitMs = {write: 10_000, read: 5_000};

const windowsInUseCodes = new Set(['EPERM', 'EBUSY', 'EACCES']);

/** An error that means "another program has this file open right now", on this platform. */
export function isFileInUse(error: unknown, platform: Platform): boolean {
	const code = errorCode(error) ?? '';
	return platform.os === 'win32' ? windowsInUseCodes.has(code) : code === 'EBUSY';
}

/** 10, 20, 40 … 500 ms between tries, until `budgetMs` has passed. */
function nextDelay(attempt: number): number {
	return Math.min(10 * 2 ** attempt, 500);
}

/**
 * Runs `operation` once per step, trying again while the file is in use, for up to `budgetMs`:
 * each step yields the wait before the next try, and the last returns the result. The waiting
 * is the caller's, synchronous or not.
 */
function* tries<T>(platform: Platform, budgetMs: number, operation: () => T): Generator<number, T> {
	const deadline = Date.now() + budgetMs;
	for (let attempt = 0; ; attempt++) {
		try {
			return operation();
		} catch (error) {
			if (!isFileInUse(error, platform) || Date.now() >= deadline) throw error;
		}
		yield Math.min(nextDelay(attempt), Math.max(0, deadline - Date.now()));
	}
}

function retrySync<T>(platform: Platform, budgetMs: number, operation: () => T): T {
	const steps = tries(platform, budgetMs, operation);
	for (let step = steps.next(); ; step = steps.next()) {
		if (step.done) return step.value;
		sleepSync(step.value);
	}
}

export async function retry<T>(
	platform: Platform,
	budgetMs: number,
	operation: () => T,
): Promise<T> {
	const steps = tries(platform, budgetMs, operation);
	for (let step = steps.next(); ; step = steps.next()) {
		if (step.done) return step.value;
		await sleep(step.value);
	}
}

function unsafe(message: string, hint: string): CcTokenError {
	return new CcTokenError('config_unsafe', message, {hint});
}

const otherFolderHint =
	'Set CC_TOKEN_CONFIG_DIR to a folder of your own, or remove that folder so cc-token creates it afresh.';

/**
 * Refuses a folder another user could change files in. One of ours that is open to group or
 * others is closed up (to 0700) through its descriptor when `closeUp` is set.
 */
function checkFolder(
	location: StoreLocation,
	fs: FileSystem,
	platform: Platform,
	closeUp: boolean,
) {
	if (!hasUnixPermissions(platform)) return;
	const fd = fs.openSync(location.dir, fs.constants.O_RDONLY);
	try {
		const stat = fs.fstatSync(fd);
		if (!stat.isDirectory()) {
			throw unsafe(`cc-token’s settings folder ${location.dir} is not a folder.`, otherFolderHint);
		}
		if (stat.uid !== platform.uid) {
			throw unsafe(
				`cc-token will not use its settings folder ${location.dir}: it belongs to another user (uid ${stat.uid}), who could replace the settings in it.`,
				`If the folder is yours (made with sudo, say), take it back: sudo chown -R ${platform.uid} ${location.dir}. Otherwise set CC_TOKEN_CONFIG_DIR to a folder of your own.`,
			);
		}
		const openToOthers = (stat.mode & 0o022) !== 0;
		if ((stat.mode & 0o1000) !== 0 && openToOthers) {
			throw unsafe(
				`cc-token will not use its settings folder ${location.dir}: it is a shared folder (like /tmp) where other users can create files.`,
				otherFolderHint,
			);
		}
		if (!(closeUp ? (stat.mode & 0o077) !== 0 : openToOthers)) return;
		try {
			fs.fchmodSync(fd, 0o700);
		} catch (error) {
			if (!openToOthers) return;
			throw unsafe(
				`cc-token will not use its settings folder ${location.dir}: other users can write to it, and it could not be closed up (${failureReason(error, platform)}).`,
				`Run: chmod 700 ${location.dir}`,
			);
		}
	} finally {
		fs.closeSync(fd);
	}
}

function linkRefused(location: StoreLocation): CcTokenError {
	return unsafe(
		`cc-token will not use its settings file ${location.file}: it is a symbolic link, and cc-token never follows one there (it could lead to a file another user can read).`,
		`Put the file itself in its place (mv the link’s target to ${location.file}), or set CC_TOKEN_CONFIG_DIR to the folder the link points into.`,
	);
}

/**
 * The most the read takes in. cc-token writes a few kilobytes per profile (tokens, the account,
 * the server): 1 MiB holds hundreds of profiles, and reads and parses in a few milliseconds. A
 * bigger file is not one cc-token wrote, and reading it whole would only cost memory and time.
 */
export const settingsFileMaxBytes = 1024 * 1024;

function tooLarge(location: StoreLocation, bytes: number): CcTokenError {
	return new CcTokenError(
		'config_corrupt',
		`cc-token’s settings file ${location.file} is over 1 MiB (${bytes} bytes), larger than any settings file cc-token writes, so it was not read.`,
		{
			hint: `Move it out of the way (it may hold tokens: keep it private) and sign in again with \`cc-token login\`, or set CC_TOKEN_CONFIG_DIR to another folder.`,
		},
	);
}

/** Refuses anything but a regular file of sane size that the user owns. */
function checkFile(location: StoreLocation, stat: Stats, platform: Platform): void {
	if (stat.isSymbolicLink()) throw linkRefused(location);
	if (!stat.isFile()) {
		throw new CcTokenError(
			'config_unwritable',
			`cc-token cannot read its settings file ${location.file} (it is not a regular file).`,
			{hint: 'Remove what is there, or set CC_TOKEN_CONFIG_DIR to another folder.'},
		);
	}
	if (hasUnixPermissions(platform) && stat.uid !== platform.uid) {
		throw unsafe(
			`cc-token will not use its settings file ${location.file}: it belongs to another user (uid ${stat.uid}), so the tokens in it may not be yours.`,
			`If the file is yours (written with sudo, say), take it back: sudo chown ${platform.uid} ${location.file}. Otherwise remove it and sign in again.`,
		);
	}
	if (stat.size > settingsFileMaxBytes) throw tooLarge(location, stat.size);
}

/**
 * Opens the settings file for reading without following a link, and without waiting: opening a
 * FIFO waits for a writer, but with O_NONBLOCK it returns at once and the type check refuses it.
 * Undefined when absent. Windows has neither flag; there an lstat before opening refuses a link,
 * and a FIFO cannot be made where files live.
 */
function openSettings(location: StoreLocation, fs: FileSystem): number | undefined {
	const {O_RDONLY, O_NOFOLLOW, O_NONBLOCK} = fs.constants;
	try {
		if (!O_NOFOLLOW && fs.lstatSync(location.file).isSymbolicLink()) {
			throw linkRefused(location);
		}
		return fs.openSync(location.file, O_RDONLY | (O_NOFOLLOW ?? 0) | (O_NONBLOCK ?? 0));
	} catch (error) {
		if (errorCode(error) === 'ENOENT') return undefined;
		// Linux and macOS answer ELOOP to O_NOFOLLOW on a link (FreeBSD says EMLINK).
		if (errorCode(error) === 'ELOOP' || errorCode(error) === 'EMLINK') throw linkRefused(location);
		throw error;
	}
}

/**
 * The settings file's bytes, or undefined when there is none. No lock: conf's atomic write never
 * leaves a partial file to see. A file open to others is closed up to 0600 on the way. Checked
 * through its descriptor before a byte is read.
 */
export function readSettingsBytes(location: StoreLocation): Buffer | undefined {
	const platform = platformOf(location);
	const {fs} = platform;
	return retrySync(platform, fileInUseWaitMs.read, () => {
		try {
			checkFolder(location, fs, platform, false);
		} catch (error) {
			if (errorCode(error) === 'ENOENT') return undefined;
			throw error;
		}
		const fd = openSettings(location, fs);
		if (fd === undefined) return undefined;
		try {
			const stat = fs.fstatSync(fd);
			checkFile(location, stat, platform);
			if (hasUnixPermissions(platform) && (stat.mode & 0o077) !== 0) fs.fchmodSync(fd, 0o600);
			return fs.readFileSync(fd);
		} finally {
			fs.closeSync(fd);
		}
	});
}

/** The lock is a folder cc-token makes and removes; a link in its place is never followed. */
function refuseLinkedLock(location: StoreLocation, fs: FileSystem): void {
	const lockPath = lockPathOf(location);
	let linked: boolean;
	try {
		linked = fs.lstatSync(lockPath).isSymbolicLink();
	} catch (error) {
		if (errorCode(error) === 'ENOENT') return;
		throw error;
	}
	if (linked) {
		throw unsafe(
			`cc-token will not use its lock ${lockPath}: it is a symbolic link, and cc-token never follows one there.`,
			`Remove the link (it is not cc-token’s): rm ${lockPath}`,
		);
	}
}

/** Creates the settings folder as 0700, or checks and closes up the one there is. */
export function prepareFolder(location: StoreLocation): void {
	const platform = platformOf(location);
	const {fs} = platform;
	try {
		fs.mkdirSync(location.dir, {recursive: true, mode: 0o700});
		checkFolder(location, fs, platform, true);
		refuseLinkedLock(location, fs);
	} catch (error) {
		if (isCcTokenError(error)) throw error;
		throw new CcTokenError(
			'config_unwritable',
			`cc-token cannot use its settings folder ${location.dir} (${failureReason(error, platform)}).`,
			{
				hint: `${permissionAdvice(location.dir, platform)}, or set CC_TOKEN_CONFIG_DIR to another folder.`,
				cause: error,
			},
		);
	}
}

/**
 * What a write needs checked before conf touches the file: conf's writer follows a link to
 * replace what it points to, and gives the new file the old one's owner. Whether there is one.
 */
export function checkBeforeWrite(location: StoreLocation): boolean {
	const platform = platformOf(location);
	try {
		checkFile(location, platform.fs.lstatSync(location.file), platform);
		return true;
	} catch (error) {
		if (errorCode(error) === 'ENOENT') return false;
		throw error;
	}
}

/**
 * Flushes the folder entry of a rename to disk (conf flushes the file, not its folder); Windows
 * cannot open a folder, nor needs to.
 */
export function syncFolder(location: StoreLocation): void {
	const platform = platformOf(location);
	if (platform.os === 'win32') return;
	const {fs} = platform;
	const fd = fs.openSync(location.dir, fs.constants.O_RDONLY);
	try {
		fs.fsyncSync(fd);
	} finally {
		fs.closeSync(fd);
	}
}
