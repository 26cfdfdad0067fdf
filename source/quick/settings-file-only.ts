// The entry's own answers that make requests (api, exec) work on the settings file only: a Redis
// store holds a connection that only the full command set closes, and its address may carry a
// password the full set warns about. Any word --store counts: when in doubt, the full set.
import {remoteStoreRequested} from '../store/store-address.js';

export function storeElsewhere(argv: string[]): boolean {
	const flag = argv.some((word) => word === '--store' || word.startsWith('--store='));
	return flag || remoteStoreRequested(process.env.CC_TOKEN_STORE);
}
