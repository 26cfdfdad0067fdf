// Which scope a V3 path needs, from Constant Contact's documentation: account reads need
// account_read and writes account_update; contacts, lists, custom fields, tags and activities
// (contact imports and exports) need contact_data; emails and reports need campaign_data.
import type {Scope} from '../provider/constant-contact.js';

const contactPrefixes = [
	'/contacts',
	'/contact_lists',
	'/contact_custom_fields',
	'/contact_tags',
	'/activities',
];

function under(path: string, prefix: string): boolean {
	return path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}?`);
}

/** The scope a request needs, or undefined where the table says nothing. */
export function scopeForPath(method: string, path: string): Scope | undefined {
	if (under(path, '/account')) {
		return method === 'GET' || method === 'HEAD' ? 'account_read' : 'account_update';
	}
	if (contactPrefixes.some((prefix) => under(path, prefix))) return 'contact_data';
	if (under(path, '/emails') || under(path, '/reports')) return 'campaign_data';
	return undefined;
}
