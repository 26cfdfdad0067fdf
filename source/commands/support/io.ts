// What a command reads and writes besides its arguments: handed to every command's `run`, so
// that tests run a command in-process with their own environment, streams and store, as the
// guide's services are handed in. main.ts hands in the process's own (process-io.ts); the
// entry's own answers hand in theirs (quick/io.ts), which write straight to the descriptors.
import type {CredentialStore} from '../../store/credential-store.js';
import type {StoreLocation} from '../../store/location.js';

export interface CommandIo {
	env: NodeJS.ProcessEnv;
	stdin: NodeJS.ReadableStream & {isTTY?: boolean};
	stdout: {write(text: string): unknown; isTTY?: boolean};
	stderr: {write(text: string): unknown; columns?: number; isTTY?: boolean};
	/** The settings file: where `cc-token use` keeps the profile chosen on this machine. */
	location: StoreLocation;
	/**
	 * Where profiles live (CC_TOKEN_STORE, else the settings file); `--store` replaces it. The
	 * entry's own answers hand in none: they read the settings file themselves, and leave any
	 * other store to the full command set.
	 */
	store?: CredentialStore;
}
