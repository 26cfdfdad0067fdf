// `cc-token api`, all of it but a Redis store (see cli.ts). What it loads only now and then (a
// refresh, an error's explanation, a proxy) comes from the ES module build (build.mjs).
import {run} from '../commands/api.js';
import {reportError} from '../errors.js';
import {remoteStoreRequested} from '../store/store-address.js';

export function answer(argv: string[]): Promise<number> | undefined {
	// A Redis store holds a connection that only the full command set closes, and its address
	// may carry a password the full set warns about. (Any word --store counts: when in doubt,
	// the full command set.)
	const storeFlag = argv.some((word) => word === '--store' || word.startsWith('--store='));
	if (storeFlag || remoteStoreRequested(process.env.CC_TOKEN_STORE)) return undefined;
	return run(argv).catch((error: unknown) => reportError(error));
}
