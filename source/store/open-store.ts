// Opens the store a run uses. The Redis client is loaded only when a Redis store is selected
// (a chunk of its own), so that a run on the settings file never pays for it.
import {statSync} from 'node:fs';
import {basename, dirname, join, resolve} from 'node:path';
import type {CredentialStore} from './credential-store.js';
import {fileStore} from './file-store.js';
import {configFileName, storeLocation} from './location.js';
import {openStores} from './open-stores.js';
import {parsedProfiles, profilesKey} from './redis/profiles-hash.js';
import {quickReadProfiles} from './redis/quick-read.js';
import {describeRedisSaveFailure} from './redis/redis-failure.js';
import {parseStoreAddress, type RedisAddress} from './store-address.js';

/** A Redis store that connects on first use. */
function lazyRedisStore(address: RedisAddress): CredentialStore {
	let opened: Promise<CredentialStore> | undefined;
	const store = () => {
		opened ??= import('./redis/redis-store.js').then(({redisStore}) => redisStore(address));
		return opened;
	};
	return {
		where: address.shown,
		kind: 'redis',
		// The common case (a token with time left) needs only this read: done over a plain
		// socket first, with the full client loaded only if that does not simply work.
		readProfiles: async () => {
			if (!opened) {
				const all = await quickReadProfiles(address, profilesKey);
				if (all) return parsedProfiles(all);
			}
			return (await store()).readProfiles();
		},
		readProfile: async (name) => (await store()).readProfile(name),
		withProfileLock: async (name, fn) => (await store()).withProfileLock(name, fn),
		saveProfile: async (name, update) => (await store()).saveProfile(name, update),
		saveProfileFenced: async (name, refreshToken, next) =>
			(await store()).saveProfileFenced(name, refreshToken, next),
		deleteProfile: async (name) => (await store()).deleteProfile(name),
		describeSaveFailure: (error) => describeRedisSaveFailure(address, error),
		close: async () => {
			if (opened) await (await opened.catch(() => undefined))?.close();
		},
	};
}

/**
 * The store named by `address` (a `--store` value), else by CC_TOKEN_STORE, else the settings
 * file. Close it when done, or call closeOpenStores().
 */
export function openStore(
	address: string | undefined = undefined,
	env: NodeJS.ProcessEnv = process.env,
): CredentialStore {
	const value = address ?? env.CC_TOKEN_STORE;
	const parsed = parseStoreAddress(value);
	if (parsed.kind === 'file') return fileStore(storeLocation(env));
	const key = value ?? '';
	const store = openStores.get(key) ?? lazyRedisStore(parsed);
	openStores.set(key, store);
	return store;
}

export {closeOpenStores} from './open-stores.js';

/**
 * A store named on the command line as either a URL (redis://, rediss://), `file` (the
 * settings file), or the path of a settings file or of the folder holding one (for
 * `cc-token store copy`).
 */
export function openStoreAt(value: string): CredentialStore {
	// “file”: this machine's own settings file, wherever the platform keeps it.
	if (value === 'file') return fileStore(storeLocation(process.env));
	if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return openStore(value, {});
	const path = resolve(value);
	let isFolder = false;
	try {
		isFolder = statSync(path).isDirectory();
	} catch {
		isFolder = !basename(path).endsWith('.json');
	}
	return fileStore(
		isFolder ? {dir: path, file: join(path, configFileName)} : {dir: dirname(path), file: path},
	);
}
