// Commands get their access token where the API client does.
import type {CredentialStore} from '../../store/index.js';

export {freshAccessToken} from '../../api/fresh-token.js';

/**
 * The store a `--store URL` names, loaded only when one is given: without it the quick path
 * reads the settings file and loads nothing more.
 */
export async function storeAt(address: string): Promise<CredentialStore> {
	const {openStore} = await import('../../store/open-store.js');
	return openStore(address);
}
