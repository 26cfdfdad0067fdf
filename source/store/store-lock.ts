// One lock across every cc-token process on the machine, held around each read → change →
// write of the settings file. With rotating refresh tokens two processes refreshing at once
// would leave one of them holding a dead token: the lock makes the second one wait and then
// find the first one's fresh token.
import {AsyncLocalStorage} from 'node:async_hooks';
import {randomUUID} from 'node:crypto';
import {readlinkSync} from 'node:fs';
import {hostname} from 'node:os';
import {join} from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {CcTokenError} from '../errors.js';
import type {FileSystem} from '../system/platform.js';
import {errorCode, failureReason, permissionAdvice} from './file-error.js';
import {lockPathOf, platformOf, type StoreLocation} from './location.js';
import {fileInUseWaitMs, isFileInUse, prepareFolder} from './settings-file.js';

/**
 * A lock whose holder stopped refreshing it this long ago is taken to be dead: the rule for a
 * holder on another machine (a shared settings folder), whose process cannot be looked up.
 */
const staleLockMs = 10_000;
/** The longest a waiter sleeps between looks, so that it sees a dead holder within a second. */
const longestWaitMs = 500;
const defaultLockTimeoutMs = 30_000;

/** The lock as its holder sees it: `fn` of withStoreLock asks it before acting on what it read. */
export interface HeldLock {
	/**
	 * True while this process provably still holds the lock. A holder paused past the lease
	 * (a closed laptop, `kill -STOP`, a starved runner) may have had it taken over as stale,
	 * and then must not act on what it read under it.
	 */
	stillHeld(): Promise<boolean>;
}

// Locks this async call chain already holds, by path, so that a save inside withStoreLock does
// not wait for itself.
const heldLocks = new AsyncLocalStorage<ReadonlyMap<string, HeldLock>>();

/** Who holds a lock: written into the lock folder as it is made, removed as it goes. */
interface LockOwner {
	pid: number;
	/** Where that pid means something: see processSpace. */
	host: string;
	/** Tells this holding of the lock from a later one by a process that got the same pid. */
	id: string;
}

const ownerFileName = 'owner';

/**
 * The machine, and on Linux the PID namespace too: two containers may share a host name and a
 * settings folder, yet neither can see the other's processes, so neither may judge them dead.
 */
let knownProcessSpace: string | undefined;
function processSpace(): string {
	if (knownProcessSpace === undefined) {
		try {
			knownProcessSpace = `${hostname()} ${readlinkSync('/proc/self/ns/pid')}`;
		} catch {
			knownProcessSpace = hostname();
		}
	}
	return knownProcessSpace;
}

function readOwner(file: string, fs: FileSystem): LockOwner | undefined {
	try {
		const owner = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockOwner>;
		return typeof owner.pid === 'number' && typeof owner.host === 'string' && owner.id
			? (owner as LockOwner)
			: undefined;
	} catch {
		return undefined; // gone, half-written, or left by an older cc-token: the time rule decides
	}
}

function isRunning(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: it runs, as someone else.
		return errorCode(error) === 'EPERM';
	}
}

function removeLockFolder(lockPath: string, fs: FileSystem): void {
	fs.rmSync(join(lockPath, ownerFileName), {force: true});
	fs.rmdirSync(lockPath);
}

/**
 * The file system proper-lockfile works through: the lock folder gets its owner file as it is
 * made, and loses it as it is removed (on release, on exit, or when taken over as stale). The
 * folder is looked at, never followed: lstat where the library would stat.
 */
const ownedLockFs = (fs: FileSystem, id: string) => ({
	...fs,
	stat: fs.lstat,
	mkdir(lockPath: string, callback: (error: NodeJS.ErrnoException | null) => void) {
		fs.mkdir(lockPath, (error) => {
			if (error) return callback(error);
			const owner: LockOwner = {pid: process.pid, host: processSpace(), id};
			// Best effort: a lock without an owner file falls under the time rule.
			fs.writeFile(join(lockPath, ownerFileName), JSON.stringify(owner), () => callback(null));
		});
	},
	rmdir(lockPath: string, callback: (error: NodeJS.ErrnoException | null) => void) {
		try {
			removeLockFolder(lockPath, fs);
			callback(null);
		} catch (error) {
			callback(error as NodeJS.ErrnoException);
		}
	},
	rmdirSync: (lockPath: string) => removeLockFolder(lockPath, fs),
});

/**
 * Removes the lock when its holder was a process on this machine that no longer runs (killed,
 * crashed), and says whether it did. The owner file is first moved aside under a name of our
 * own: of several waiters that saw the same dead holder only one succeeds, and one that moved
 * a newer holder's file by mistake puts it back.
 */
function takeOverFromDeadHolder(lockPath: string, fs: FileSystem): boolean {
	const ownerFile = join(lockPath, ownerFileName);
	const owner = readOwner(ownerFile, fs);
	if (!owner || owner.host !== processSpace() || isRunning(owner.pid)) return false;
	const movedAside = join(lockPath, `${ownerFileName}.taken-${randomUUID()}`);
	try {
		fs.renameSync(ownerFile, movedAside);
	} catch {
		return false;
	}
	if (readOwner(movedAside, fs)?.id !== owner.id) {
		try {
			fs.renameSync(movedAside, ownerFile);
		} catch {}
		return false;
	}
	try {
		fs.rmSync(movedAside);
		fs.rmdirSync(lockPath);
	} catch {}
	return true;
}

async function acquire(
	location: StoreLocation,
	timeoutMs: number,
): Promise<{release: () => Promise<void>; holding: HeldLock}> {
	// The default export: a bundle with code splitting gives a CommonJS module no named exports.
	const {default: lockfile} = await import('proper-lockfile');
	const lockPath = lockPathOf(location);
	const platform = platformOf(location);
	const id = randomUUID();
	const lockFs = ownedLockFs(platform.fs, id);
	let compromised = false;
	// proper-lockfile renews the lease (the folder's mtime) every 5 s while this process runs,
	// and notices a takeover only at its next renewal; the owner file tells at once.
	const holding: HeldLock = {
		stillHeld: async () =>
			!compromised && readOwner(join(lockPath, ownerFileName), platform.fs)?.id === id,
	};
	const deadline = Date.now() + timeoutMs;
	let inUseSince: number | undefined;
	let delay = 20;
	for (;;) {
		try {
			const release = await lockfile.lock(location.file, {
				lockfilePath: lockPath,
				// The settings file may not exist yet; the lock is on the folder's config.lock.
				realpath: false,
				stale: staleLockMs,
				// Taken from us as stale (a frozen machine): never thrown from a timer. The holder
				// asks stillHeld() before it acts, and a save re-takes the lock (withStoreLock).
				onCompromised: () => {
					compromised = true;
				},
				fs: lockFs,
			});
			return {release, holding};
		} catch (error) {
			// ENOTEMPTY: another waiter is taking the same stale lock over. On Windows, mkdir
			// answers EPERM while the last holder's lock folder is being deleted: waited out like
			// a held lock, unless it lasts longer than any deletion could.
			const code = errorCode(error);
			const inUse = isFileInUse(error, platform);
			if (inUse) inUseSince ??= Date.now();
			const gaveUp = inUse && Date.now() - (inUseSince ?? 0) > fileInUseWaitMs.write;
			if ((code !== 'ELOCKED' && code !== 'ENOTEMPTY' && !inUse) || gaveUp) {
				throw new CcTokenError(
					'config_unwritable',
					`cc-token cannot create its lock ${lockPath} (${failureReason(error, platform)}).`,
					{hint: `${permissionAdvice(location.dir, platform)}.`, cause: error},
				);
			}
		}
		if (takeOverFromDeadHolder(lockPath, platform.fs)) continue;
		if (Date.now() >= deadline) {
			throw new CcTokenError(
				'lock_timeout',
				`Another cc-token has held the lock ${lockPath} for over ${Math.round(timeoutMs / 1000)} seconds.`,
				{
					hint: 'That cc-token may be stuck: let it finish or stop it, then try again. A lock left by a cc-token that died is taken over at once on the same machine, and after 10 seconds from another one.',
				},
			);
		}
		// Back off with jitter so that a crowd of waiting scripts does not move in step.
		await sleep(Math.min(delay * (0.5 + Math.random()), deadline - Date.now()));
		delay = Math.min(delay * 1.5, longestWaitMs / 1.5);
	}
}

/**
 * Runs `fn` while holding the store's cross-process lock. Nested calls (a save inside `fn`)
 * reuse the lock already held, unless it was taken over meanwhile: then they wait for it
 * again, so that no write ever happens outside the lock.
 */
export async function withStoreLock<T>(
	location: StoreLocation,
	fn: (lock: HeldLock) => Promise<T>,
	options: {timeoutMs?: number} = {},
): Promise<T> {
	const lockPath = lockPathOf(location);
	const held = heldLocks.getStore();
	const outer = held?.get(lockPath);
	if (outer && (await outer.stillHeld())) return fn(outer);
	prepareFolder(location);
	const {release, holding} = await acquire(location, options.timeoutMs ?? defaultLockTimeoutMs);
	try {
		return await heldLocks.run(new Map([...(held ?? []), [lockPath, holding]]), () => fn(holding));
	} finally {
		// Fails only if the lock was already taken from us, and then there is nothing to release.
		await release().catch(() => {});
	}
}
