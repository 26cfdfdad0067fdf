// What a command reads and writes besides its arguments: handed in, so that tests run a
// command in-process with their own environment, streams and store, as the guide's services
// are handed in. Entries pass the process's own, written through the output boundary.
import {
	type CredentialStore,
	openStore,
	type StoreLocation,
	storeLocation,
} from '../store/index.js';
import {writeForPerson} from '../system/output-boundary.js';

export interface CommandIo {
	env: NodeJS.ProcessEnv;
	stdin: NodeJS.ReadableStream & {isTTY?: boolean};
	stdout: {write(text: string): unknown};
	stderr: {write(text: string): unknown; columns?: number; isTTY?: boolean};
	/** The settings file: where `cc-token use` keeps the profile chosen on this machine. */
	location: StoreLocation;
	/** Where profiles live (CC_TOKEN_STORE, else the settings file); `--store` replaces it. */
	store: CredentialStore;
}

export function processIo(): CommandIo {
	return {
		env: process.env,
		stdin: process.stdin,
		stdout: {write: (text) => writeForPerson(1, text)},
		stderr: {
			write: (text) => writeForPerson(2, text),
			columns: process.stderr.columns,
			isTTY: process.stderr.isTTY,
		},
		location: storeLocation(process.env),
		store: openStore(undefined, process.env),
	};
}
