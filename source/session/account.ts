// Whose account a token opens: asked of Constant Contact once (shown by store's formatAccount).
import type {Endpoints} from '../provider/constant-contact.js';
import type {Account} from '../store/index.js';

/** The account summary's who-is-it fields, and nothing else. */
export async function readAccount(endpoints: Endpoints, accessToken: string): Promise<Account> {
	const {fetchAccountSummary} = await import('../api/account-summary.js');
	const {name, email, organization} = await fetchAccountSummary({endpoints, accessToken});
	return {
		...(name ? {name} : {}),
		...(email ? {email} : {}),
		...(organization ? {organization} : {}),
	};
}
