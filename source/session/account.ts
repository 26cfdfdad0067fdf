// Whose account a token opens: asked of Constant Contact once, shown the same way everywhere.
import type {Endpoints} from '../provider/constant-contact.js';
import type {Account} from '../store/index.js';

/** "Maya Okafor <maya@example.com> (Juniper Street Bakery)", or undefined when nothing is known. */
export function formatAccount(account: Account | undefined): string | undefined {
	if (!account) return undefined;
	const text = [
		account.name,
		account.email && `<${account.email}>`,
		account.organization && `(${account.organization})`,
	]
		.filter(Boolean)
		.join(' ');
	return text === '' ? undefined : text;
}

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
