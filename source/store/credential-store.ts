// The one interface every home of the credentials implements: the settings file (the default),
// a Redis server shared by a fleet. Everything above store/ holds a CredentialStore and never
// asks which one it is; what differs (the lock, where a message says the profiles are) lives
// behind it.
import type {Profile, ProfileSet} from './profile.js';

export type ProfileUpdate = Profile | ((current: Profile | undefined) => Profile);

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
	 * file, a leased lock for Redis. Saves inside `fn` reuse the lock already held.
	 */
	withProfileLock<T>(name: string, fn: () => Promise<T>): Promise<T>;
	/** Saves one profile under the lock, whole (never half-written), and returns it as stored. */
	saveProfile(name: string, update: ProfileUpdate): Promise<Profile>;
	/** Removes one profile; false when there was none. */
	deleteProfile(name: string): Promise<boolean>;
	/** Why a save failed and what to do about it, in this store's terms (disk, permissions, …). */
	describeSaveFailure(error: unknown): {reason: string; fix: string};
	/** Lets go of connections; the store may not be used afterwards. */
	close(): Promise<void>;
}
