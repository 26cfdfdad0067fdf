// The stores this run has opened, so that the process can close them at its end. Kept apart
// from open-store.ts so that every command can close them without loading any store's code.
import type {CredentialStore} from './credential-store.js';

/** One per address, so that a program asking for many tokens keeps one connection. */
export const openStores = new Map<string, CredentialStore>();

/** Closes every store openStore() opened, so that the process can end. */
export async function closeOpenStores(): Promise<void> {
	const stores = [...openStores.values()];
	openStores.clear();
	await Promise.all(stores.map((store) => store.close().catch(() => {})));
}
