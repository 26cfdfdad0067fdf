// Text that came from a server or a callback (error_description, an HTML page from a proxy)
// and is about to be shown to a person: one short printable line, no markup, no secrets.
import {printableLine} from './printable.js';

const defaultLength = 200;

export function serverText(
	raw: string,
	options: {maxLength?: number; secrets?: Array<string | undefined>} = {},
): string {
	let text = printableLine(
		raw.replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ').replace(/<[^>]*>/g, ' '),
	)
		.replace(/\s+/g, ' ')
		.trim();
	for (const secret of options.secrets ?? []) {
		if (secret) text = text.replaceAll(secret, '[hidden]');
	}
	const maxLength = options.maxLength ?? defaultLength;
	return text.length > maxLength ? `${text.slice(0, maxLength - 1).trimEnd()}…` : text;
}
