// The one interface every home of the credentials implements: the settings file (the default),
// a Redis server shared by a fleet. Everything above store/ holds a CredentialStore and never
// asks which one it is; what differs (the lock, where a message says the profiles are) lives
// behind it.
import type {Profile, ProfileSet} from './profile.js';
import type {HeldLock} from './store-lock.js';

export type {HeldLock};

export type ProfileUpdate = Profile | ((current: Profile | undefined) => Profile);

/**
 * The outcome of a save fenced on the refresh token: written, or refused because the stored
 * refresh token is no longer the one the caller read (another process refreshed, or signed in
 * again, meanwhile), with the profile as it is now.
 */
export type FencedSave =
	| {saved: true; profile: Profile}
	| {saved: false; current: Profile | undefined};

export interface CredentialStore {
	/** Where the profiles live, for messages: a file path or redis://host:port/db, never a password. */
	readonly where: string;
	/** “file” or “redis”, for `status`. */
	readonly kind: 'file' | 'redis';
	/** Every profile, through the store boundary: the sound ones, and what is wrong with the others. */
	readProfiles(): Promise<ProfileSet>;
	/** The profile, checked; undefined when there is none; a damaged one is refused by name. */
	readProfile(name: string): Promise<Profile | undefined>;
	/**
	 * Runs `fn` while holding the store's lock on the profile: a file lock for the settings
	 * file, a leased lock for Redis. Saves inside `fn` reuse the lock already held. Either lock
	 * can be lost to a holder paused past its lease: `fn` asks `lock.stillHeld()` before it acts
	 * on what it read.
	 */
	withProfileLock<T>(name: string, fn: (lock: HeldLock) => Promise<T>): Promise<T>;
	/** Saves one profile under the lock, whole (never half-written), and returns it as stored. */
	saveProfile(name: string, update: ProfileUpdate): Promise<Profile>;
	/**
	 * Saves `next` only while the stored profile's refresh token is `refreshToken` (undefined:
	 * none), checked and written as one step: the fence that keeps a holder whose lock was taken
	 * over from writing over the newer tokens of the process that took it.
	 */
	saveProfileFenced(
		name: string,
		refreshToken: string | undefined,
		next: Profile,
	): Promise<FencedSave>;
	/** Removes one profile; false when there was none. */
	deleteProfile(name: string): Promise<boolean>;
	/**
	 * Why a save failed and what to do about it, in this store's terms (disk, permissions, …);
	 * `passing` when waiting may help (a Redis that is restarting), not a full or read-only disk.
	 */
	describeSaveFailure(error: unknown): SaveFailure;
	/** Lets go of connections; the store may not be used afterwards. */
	close(): Promise<void>;
}

export interface SaveFailure {
	reason: string;
	fix: string;
	passing: boolean;
}
