// Profiles in Redis, shared by every machine of a fleet. All profiles sit in one hash (one field
// per profile, written whole by a single HSET, so a profile is never half-written); each
// profile has its own leased lock (redis-semaphore's Mutex: an owner token and an expiry,
// renewed while held), so that a holder killed mid-refresh blocks the others only until its
// lease runs out. Nothing is written to local files.
import {AsyncLocalStorage} from 'node:async_hooks';
import {isIP} from 'node:net';
import {Redis} from 'ioredis';
import {Mutex, TimeoutError} from 'redis-semaphore';
import {CcTokenError} from '../../errors.js';
import type {CredentialStore, FencedSave, HeldLock, ProfileUpdate} from '../credential-store.js';
import {checkProfileName, type Profile, storableProfile} from '../profile.js';
import type {RedisAddress} from '../store-address.js';
import {parsedProfile, parsedProfiles, profilesKey} from './profiles-hash.js';
import {describeRedisSaveFailure, storeFailure} from './redis-failure.js';

const lockKey = (name: string) => `cc-token:lock:${name}`;

/**
 * redis-semaphore's Mutex renews its lease from a timer, and an error there (Redis restarting,
 * a command timing out) would be thrown from that timer and end the process: a host program
 * that uses cc-token as a library too. Here such an error only counts as "not renewed this
 * time": the timer tries again, the lease runs out if Redis stays away, and the holder learns
 * whether it still holds the lock from stillHeld() before it acts.
 */
class GuardedMutex extends Mutex {
	protected override async _refresh(): Promise<boolean> {
		try {
			return await super._refresh();
		} catch {
			return true;
		}
	}
}

/**
 * Writes a profile only while its stored refresh token is ARGV[3] (none when ARGV[2] is '0'):
 * the fence, checked and written in one step inside Redis. Answers {1} when written, else {0}
 * and the profile's JSON as it is.
 */
const fencedSaveScript = `
local current = redis.call('hget', KEYS[1], ARGV[1])
local stored = nil
if current then
	local ok, profile = pcall(cjson.decode, current)
	if ok and type(profile) == 'table' and type(profile.refreshToken) == 'string' then
		stored = profile.refreshToken
	end
end
local expected = nil
if ARGV[2] == '1' then expected = ARGV[3] end
if stored ~= expected then return {0, current or false} end
redis.call('hset', KEYS[1], ARGV[1], ARGV[4])
return {1}
`;

/** A lock whose holder stopped renewing it (killed, frozen) is free again after this. */
const leaseMs = 10_000;
const leaseRenewalMs = 3_000;
const lockWaitMs = 30_000;
// Generous for a machine whose CPU is starved (a CI runner, a fleet node under load): a Redis
// that is down refuses the connection at once, whatever this says.
const connectTimeoutMs = 10_000;
const commandTimeoutMs = 5_000;

function connect(address: RedisAddress, onError: (error: Error) => void): Redis {
	const client = new Redis({
		host: address.host,
		port: address.port,
		db: address.db,
		...(address.username === undefined ? {} : {username: address.username}),
		...(address.password === undefined ? {} : {password: address.password}),
		// TLS checks the certificate against the host name (SNI only for names, not addresses).
		...(address.tls ? {tls: isIP(address.host) ? {} : {servername: address.host}} : {}),
		lazyConnect: true,
		connectTimeout: connectTimeoutMs,
		commandTimeout: commandTimeoutMs,
		// A command-line run fails fast and says so; the next run connects afresh.
		retryStrategy: () => null,
		maxRetriesPerRequest: 0,
		enableOfflineQueue: false,
		// cc-token only reads and writes two small keys: no need to wait for a Redis that is still
		// loading its data set (the first command says so if it is), and one round trip less.
		enableReadyCheck: false,
		// How long a closing socket may linger; the default 2 s would hold up every failed run.
		disconnectTimeout: 200,
	});
	// Errors are reported through the commands that meet them, not printed by ioredis.
	client.on('error', onError);
	return client;
}

/** A profile as Redis stores it, checked like every write of the settings file. */
function storedForm(profile: Profile): {json: string; stored: Profile} {
	// Redis holds a profile's secrets itself: a keychain reference from a settings file (`store
	// copy`) does not come along, the secrets do.
	const {keychain, ...next} = profile;
	const stored = storableProfile(next);
	return {json: JSON.stringify(stored), stored};
}

export async function redisStore(
	address: RedisAddress,
	// Tests shorten the wait for a lock another holder keeps.
	options: {lockWaitMs?: number} = {},
): Promise<CredentialStore> {
	const lockWait = options.lockWaitMs ?? lockWaitMs;
	let client: Redis | undefined;
	const held = new AsyncLocalStorage<ReadonlySet<string>>();

	// A client that ended (Redis went away) is replaced on the next call, so a long-lived
	// process works again as soon as Redis is back. Calls made while it connects share it.
	let connecting: Promise<Redis> | undefined;
	async function ready(): Promise<Redis> {
		if (client && client.status !== 'end' && client.status !== 'close') {
			return connecting ?? client;
		}
		// The connection's own error (refused, wrong password, TLS) says more than the
		// “Connection is closed” that connect() rejects with once it gives up.
		let firstError: Error | undefined;
		const fresh = connect(address, (error) => {
			firstError ??= error;
		});
		client = fresh;
		connecting = fresh.connect().then(
			() => fresh,
			(error: unknown) => {
				if (fresh.status !== 'end') fresh.disconnect();
				if (client === fresh) client = undefined;
				throw storeFailure(address, firstError ?? error);
			},
		);
		try {
			return await connecting;
		} finally {
			connecting = undefined;
		}
	}

	// An idle connection does not keep the process alive (a program that asked for one token
	// can end); one with work in flight does.
	let busy = 0;
	async function working<T>(work: () => Promise<T>): Promise<T> {
		busy++;
		client?.stream?.ref();
		try {
			return await work();
		} finally {
			busy--;
			if (busy === 0) client?.stream?.unref();
		}
	}

	async function call<T>(command: (redis: Redis) => Promise<T>): Promise<T> {
		return working(async () => {
			const redis = await ready();
			redis.stream?.ref();
			try {
				return await command(redis);
			} catch (error) {
				throw storeFailure(address, error);
			}
		});
	}

	async function readProfile(name: string): Promise<Profile | undefined> {
		checkProfileName(name);
		const json = await call((redis) => redis.hget(profilesKey, name));
		return json === null ? undefined : parsedProfile(address, name, json);
	}

	async function withProfileLock<T>(name: string, fn: (lock: HeldLock) => Promise<T>): Promise<T> {
		checkProfileName(name);
		const holding = held.getStore();
		// A save inside fn: it needs no lock of its own (saves that must not land after a lost
		// lock are fenced).
		if (holding?.has(name)) return fn({stillHeld: async () => true});
		return working(async () => {
			const redis = await ready();
			redis.stream?.ref();
			const mutex = new GuardedMutex(redis, lockKey(name), {
				lockTimeout: leaseMs,
				refreshInterval: leaseRenewalMs,
				acquireTimeout: lockWait,
				retryInterval: 50,
				// A lease lost to a frozen machine is never thrown from a timer: the holder asks
				// stillHeld() before it acts, and its saves are fenced.
				onLockLost: () => {},
			});
			try {
				await mutex.acquire();
			} catch (error) {
				if (error instanceof TimeoutError) {
					throw new CcTokenError(
						'lock_timeout',
						`Another cc-token has held the lock on profile “${name}” in ${address.shown} for over ${Math.round(lockWait / 1000)} seconds.`,
						{
							hint: `That cc-token may be stuck: let it finish or stop it. A lock whose holder has died is free again within ${leaseMs / 1000} seconds.`,
						},
					);
				}
				throw storeFailure(address, error);
			}
			const lock: HeldLock = {
				// The lease key still holds this holder's identifier; if Redis cannot say, no.
				stillHeld: () =>
					call((client) => client.get(`mutex:${lockKey(name)}`)).then(
						(owner) => owner === mutex.identifier,
						() => false,
					),
			};
			try {
				return await held.run(new Set([...(holding ?? []), name]), () => fn(lock));
			} finally {
				// Fails only if Redis went away; the lease then runs out by itself.
				await mutex.release().catch(() => {});
			}
		});
	}

	return {
		where: address.shown,
		kind: 'redis',
		async readProfiles() {
			return parsedProfiles(await call((redis) => redis.hgetall(profilesKey)));
		},
		readProfile,
		withProfileLock,
		async saveProfile(name: string, update: ProfileUpdate) {
			return withProfileLock(name, async () => {
				// A damaged profile is replaced as if there were none.
				const json =
					typeof update === 'function'
						? await call((redis) => redis.hget(profilesKey, name))
						: null;
				const current = json === null ? undefined : parsedProfiles({[name]: json}).sound[name];
				const {json: next, stored} = storedForm(
					typeof update === 'function' ? update(current) : update,
				);
				await call((redis) => redis.hset(profilesKey, name, next));
				return stored;
			});
		},
		async saveProfileFenced(name: string, refreshToken: string | undefined, next: Profile) {
			checkProfileName(name);
			const {json, stored} = storedForm(next);
			const answer = (await call((redis) =>
				redis.eval(
					fencedSaveScript,
					1,
					profilesKey,
					name,
					refreshToken === undefined ? '0' : '1',
					refreshToken ?? '',
					json,
				),
			)) as [number, string | null | undefined];
			if (answer[0] === 1) return {saved: true, profile: stored} satisfies FencedSave;
			const current =
				typeof answer[1] === 'string' ? parsedProfile(address, name, answer[1]) : undefined;
			return {saved: false, current} satisfies FencedSave;
		},
		async deleteProfile(name: string) {
			return withProfileLock(name, async () => {
				const removed = await call((redis) => redis.hdel(profilesKey, name));
				return removed > 0;
			});
		},
		describeSaveFailure: (error) => describeRedisSaveFailure(address, error),
		async close() {
			const closing = client;
			client = undefined;
			if (closing && closing.status === 'ready') await closing.quit().catch(() => {});
			closing?.disconnect();
		},
	};
}
