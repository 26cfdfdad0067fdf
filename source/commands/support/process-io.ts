// The process's own streams, environment and store, as main.ts hands them to a command. What a
// command writes passes the output boundary (system/output-boundary.ts) on its way out.
import {type CredentialStore, openStore, storeLocation} from '../../store/index.js';
import {boundaryStreams} from '../../system/output-boundary.js';
import type {CommandIo} from './io.js';

export function processIo(): CommandIo {
	let store: CredentialStore | undefined;
	return {
		env: process.env,
		stdin: process.stdin,
		...boundaryStreams(),
		location: storeLocation(process.env),
		// Opened when a command first asks: a CC_TOKEN_STORE that cannot be opened concerns only
		// the commands that use it (not --help, not `--store` given instead).
		get store() {
			store ??= openStore(undefined, process.env);
			return store;
		},
	};
}

/** The store a command works on: the one `--store` names, else the one handed in. */
export function commandStore(io: CommandIo, address: string | undefined): CredentialStore {
	if (address !== undefined) return openStore(address, io.env);
	return io.store ?? openStore(undefined, io.env);
}
