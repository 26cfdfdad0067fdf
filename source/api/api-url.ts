// Where a request may go: only under the API's own base. A path is read relative to it
// (`/contacts`, `contacts` and `/v3/contacts` are the same), and a full URL must be on the
// API's own host. The access token never goes anywhere else, whatever a person types or a
// server's next link says.
import {CcTokenError} from '../errors.js';

function outsideApi(target: string, base: URL): CcTokenError {
	return new CcTokenError(
		'usage',
		`“${target}” is not on Constant Contact’s API (${base.origin}): cc-token sends the access token there and nowhere else.`,
		{hint: `Give a path such as /contacts, or a URL starting with ${base.origin}${base.pathname}.`},
	);
}

/** The absolute URL of `target` under `apiBase` (e.g. https://api.cc.email/v3). */
/** A full URL (`https://…`, `//host/…`), not a path under the API. */
export function isAbsoluteTarget(target: string): boolean {
	const trimmed = target.trim();
	return /^[a-z][a-z0-9+.-]*:/i.test(trimmed) || /^[/\\]{2}/.test(trimmed);
}

export function resolveApiUrl(apiBase: string, target: string): URL {
	const base = new URL(apiBase);
	const basePath = base.pathname.replace(/\/+$/, '');
	const trimmed = target.trim();
	if (trimmed === '') {
		throw new CcTokenError('usage', 'No API path was given.', {
			hint: 'Give a path such as /account/summary or /contacts.',
		});
	}
	let path: string;
	if (isAbsoluteTarget(trimmed)) {
		const url = URL.parse(trimmed, base.href);
		if (!url || url.origin !== base.origin || url.username || url.password) {
			throw outsideApi(trimmed, base);
		}
		path = `${url.pathname}${url.search}`;
	} else {
		path = `/${trimmed.replace(/^\/+/, '')}`;
	}
	if (path !== basePath && !path.startsWith(`${basePath}/`) && !path.startsWith(`${basePath}?`)) {
		path = `${basePath}${path}`;
	}
	const url = new URL(path, base.origin);
	// Dot segments or encoded tricks may not climb out of the base either.
	if (url.origin !== base.origin || !`${url.pathname}/`.startsWith(`${basePath}/`)) {
		throw outsideApi(trimmed, base);
	}
	return url;
}

/** The part of the path after the API base, e.g. /contacts/123 (for the scope table). */
export function pathUnderBase(apiBase: string, url: URL): string {
	const basePath = new URL(apiBase).pathname.replace(/\/+$/, '');
	return url.pathname.slice(basePath.length) || '/';
}
