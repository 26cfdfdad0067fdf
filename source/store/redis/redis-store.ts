// Profiles in Redis, shared by every machine of a fleet. All profiles sit in one hash (one field
// per profile, written whole by a single HSET, so a profile is never half-written); each
// profile has its own leased lock (redis-semaphore's Mutex: an owner token and an expiry,
// renewed while held), so that a holder killed mid-refresh blocks the others only until its
// lease runs out. Nothing is written to local files.
import {AsyncLocalStorage} from 'node:async_hooks';
import {isIP} from 'node:net';
import {Redis} from 'ioredis';
import {Mutex, TimeoutError} from 'redis-semaphore';
import {CcTokenError, isCcTokenError} from '../../errors.js';
import type {CredentialStore, ProfileUpdate} from '../credential-store.js';
import {checkProfileName, type Profile, storableProfile} from '../profile.js';
import type {RedisAddress} from '../store-address.js';
import {parsedProfile, parsedProfiles, profilesKey} from './profiles-hash.js';

const lockKey = (name: string) => `cc-token:lock:${name}`;

/** A lock whose holder stopped renewing it (killed, frozen) is free again after this. */
const leaseMs = 10_000;
const leaseRenewalMs = 3_000;
const lockWaitMs = 30_000;
const connectTimeoutMs = 3_000;
const commandTimeoutMs = 5_000;

function reasonOf(error: unknown, address: RedisAddress): string {
	const text = error instanceof Error ? error.message : String(error);
	// Belt and braces: no message cc-token shows may carry the password.
	return address.password ? text.replaceAll(address.password, '***') : text;
}

function storeFailure(address: RedisAddress, error: unknown): CcTokenError {
	if (isCcTokenError(error)) return error;
	const reason = reasonOf(error, address);
	const hostPort = `${address.host}:${address.port}`;
	const refusal = /^WRONGPASS/.test(reason)
		? 'wrong user name or password'
		: /^NOAUTH/.test(reason)
			? 'it needs a password, and the store address gives none'
			: /^NOPERM/.test(reason)
				? 'this user may not run what cc-token needs'
				: undefined;
	if (refusal) {
		return new CcTokenError(
			'store_refused',
			`The Redis store at ${hostPort} refused cc-token: ${refusal}.`,
			{
				hint: 'Check the user name and password in CC_TOKEN_STORE or --store (redis://user:password@host:port/db), and that this user may read and write keys starting with cc-token: and mutex:cc-token:.',
				cause: error,
			},
		);
	}
	const tlsHint =
		/certificate|self[- ]signed|SSL|TLS|EPROTO/i.test(reason) && address.tls
			? ' If the server uses a certificate of your own, point NODE_EXTRA_CA_CERTS at its CA file.'
			: '';
	return new CcTokenError(
		'store_unreachable',
		`cc-token cannot reach its Redis store at ${hostPort} (${reason.split('\n')[0]}).`,
		{
			hint: `Check that Redis is running and reachable from here${address.tls ? ' over TLS' : ''}; cc-token works again as soon as it is.${tlsHint}`,
			cause: error,
		},
	);
}

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

export async function redisStore(address: RedisAddress): Promise<CredentialStore> {
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

	async function withProfileLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
		checkProfileName(name);
		const holding = held.getStore();
		if (holding?.has(name)) return fn();
		return working(async () => {
			const redis = await ready();
			redis.stream?.ref();
			const mutex = new Mutex(redis, lockKey(name), {
				lockTimeout: leaseMs,
				refreshInterval: leaseRenewalMs,
				acquireTimeout: lockWaitMs,
				retryInterval: 50,
				// A lease lost to a frozen machine: the tokens in hand are still the ones to save.
				onLockLost: () => {},
			});
			try {
				await mutex.acquire();
			} catch (error) {
				if (error instanceof TimeoutError) {
					throw new CcTokenError(
						'lock_timeout',
						`Another cc-token has held the lock on profile “${name}” in ${address.shown} for over ${lockWaitMs / 1000} seconds.`,
						{
							hint: `That cc-token may be stuck: let it finish or stop it. A lock whose holder has died is free again within ${leaseMs / 1000} seconds.`,
						},
					);
				}
				throw storeFailure(address, error);
			}
			try {
				return await held.run(new Set([...(holding ?? []), name]), fn);
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
				// Redis holds a profile's secrets itself: a keychain reference from a settings file
				// (`store copy`) does not come along, the secrets do.
				const {keychain, ...next} = typeof update === 'function' ? update(current) : update;
				const stored = storableProfile(next);
				await call((redis) => redis.hset(profilesKey, name, JSON.stringify(stored)));
				return stored;
			});
		},
		async deleteProfile(name: string) {
			return withProfileLock(name, async () => {
				const removed = await call((redis) => redis.hdel(profilesKey, name));
				return removed > 0;
			});
		},
		describeSaveFailure: (error) => ({
			reason: reasonOf(error, address).split('\n')[0] ?? '',
			fix: `Make sure the Redis store ${address.shown} is reachable and accepts writes`,
		}),
		async close() {
			const closing = client;
			client = undefined;
			if (closing && closing.status === 'ready') await closing.quit().catch(() => {});
			closing?.disconnect();
		},
	};
}
