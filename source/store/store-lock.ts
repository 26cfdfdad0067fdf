// One lock across every cc-token process on the machine, held around each read → change →
// write of the settings file. With rotating refresh tokens two processes refreshing at once
// would leave one of them holding a dead token: the lock makes the second one wait and then
// find the first one's fresh token.
import {AsyncLocalStorage} from 'node:async_hooks';
import {chmodSync, mkdirSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {CcTokenError} from '../errors.js';
import {errorCode, failureReason} from './file-error.js';
import type {StoreLocation} from './location.js';

/** A lock whose holder stopped refreshing it this long ago is taken to be dead. */
const staleLockMs = 10_000;
const defaultLockTimeoutMs = 30_000;

// Lock paths this async call chain already holds, so that a save inside withStoreLock does
// not wait for itself.
const heldLocks = new AsyncLocalStorage<ReadonlySet<string>>();

function lockPathOf(location: StoreLocation): string {
	return join(location.dir, 'config.lock');
}

/** Creates the settings folder as 0700, and closes up one that already exists. */
function ensureStoreDirectory(location: StoreLocation): void {
	try {
		mkdirSync(location.dir, {recursive: true, mode: 0o700});
		const stat = statSync(location.dir);
		// Never narrow a shared folder such as /tmp that CC_TOKEN_CONFIG_DIR may point at; the
		// file inside is 0600 either way.
		const isShared = (stat.mode & 0o1000) !== 0 || stat.uid !== process.getuid?.();
		if (!isShared && (stat.mode & 0o777) !== 0o700) chmodSync(location.dir, 0o700);
	} catch (error) {
		throw new CcTokenError(
			'config_unwritable',
			`cc-token cannot use its settings folder ${location.dir} (${failureReason(error)}).`,
			{
				hint: 'Make sure that folder is yours and writable, or set CC_TOKEN_CONFIG_DIR to another folder.',
				cause: error,
			},
		);
	}
}

async function acquire(location: StoreLocation, timeoutMs: number): Promise<() => Promise<void>> {
	// The default export: a bundle with code splitting gives a CommonJS module no named exports.
	const {default: lockfile} = await import('proper-lockfile');
	const lockPath = lockPathOf(location);
	const deadline = Date.now() + timeoutMs;
	let delay = 20;
	for (;;) {
		try {
			return await lockfile.lock(location.file, {
				lockfilePath: lockPath,
				// The settings file may not exist yet; the lock is on the folder's config.lock.
				realpath: false,
				stale: staleLockMs,
				// If the lock is ever taken from us as stale (a frozen machine), the tokens in hand
				// are still the ones to save: carry on rather than crash mid-write.
				onCompromised: () => {},
			});
		} catch (error) {
			if (errorCode(error) !== 'ELOCKED') {
				throw new CcTokenError(
					'config_unwritable',
					`cc-token cannot create its lock ${lockPath} (${failureReason(error)}).`,
					{hint: `Make sure ${location.dir} is yours and writable.`, cause: error},
				);
			}
		}
		if (Date.now() >= deadline) {
			throw new CcTokenError(
				'lock_timeout',
				`Another cc-token has held the lock ${lockPath} for over ${Math.round(timeoutMs / 1000)} seconds.`,
				{
					hint: 'That cc-token may be stuck: let it finish or stop it, then try again. A lock whose process has died is released by itself within 10 seconds.',
				},
			);
		}
		// Back off with jitter so that a crowd of waiting scripts does not move in step.
		await sleep(Math.min(delay * (0.5 + Math.random()), deadline - Date.now()));
		delay = Math.min(delay * 1.5, 1000);
	}
}

/**
 * Runs `fn` while holding the store's cross-process lock. Nested calls (a save inside `fn`)
 * reuse the lock already held.
 */
export async function withStoreLock<T>(
	location: StoreLocation,
	fn: () => Promise<T>,
	options: {timeoutMs?: number} = {},
): Promise<T> {
	const lockPath = lockPathOf(location);
	const held = heldLocks.getStore();
	if (held?.has(lockPath)) return fn();
	ensureStoreDirectory(location);
	const release = await acquire(location, options.timeoutMs ?? defaultLockTimeoutMs);
	try {
		return await heldLocks.run(new Set([...(held ?? []), lockPath]), fn);
	} finally {
		// Fails only if the lock was already taken from us, and then there is nothing to release.
		await release().catch(() => {});
	}
}
