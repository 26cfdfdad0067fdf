// Every HTML page cc-token serves (the sign-in's result pages on loopback, the emulator's
// pages) is written here: whatever is interpolated is escaped unless it is already Html, and
// the page loads nothing and runs no script, which its headers tell the browser.

/** Markup that is already safe: written into a page as it is. */
export class Html {
	constructor(readonly text: string) {}
	toString(): string {
		return this.text;
	}
}

type Interpolation = Html | string | number | undefined | false | Interpolation[];

function escapeHtml(value: string): string {
	return value
		.replaceAll('&', '&amp;')
		.replaceAll('<', '&lt;')
		.replaceAll('>', '&gt;')
		.replaceAll('"', '&quot;')
		.replaceAll("'", '&#39;');
}

function render(value: Interpolation): string {
	if (value === undefined || value === false) return '';
	if (value instanceof Html) return value.text;
	if (Array.isArray(value)) return value.map(render).join('');
	return escapeHtml(String(value));
}

/** A template tag that escapes everything interpolated into it. */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Html {
	return new Html(strings.reduce((text, part, index) => text + render(values[index - 1]) + part));
}

/**
 * The headers of a page: no script, no other origin, no framing, no caching, no referrer
 * (addresses on these servers can hold codes). Forms may go only to `formTargets`.
 */
export function pageHeaders(formTargets: string[] = []): Record<string, string> {
	const formAction = formTargets.length > 0 ? formTargets.join(' ') : "'none'";
	return {
		'content-type': 'text/html; charset=utf-8',
		'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action ${formAction}; frame-ancestors 'none'`,
		'x-content-type-options': 'nosniff',
		'referrer-policy': 'no-referrer',
		'cache-control': 'no-store',
	};
}

export function renderPage(page: {title: string; style: string; body: Html}): string {
	return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title}</title>
<style>
${new Html(page.style)}
</style>
</head>
<body>
${page.body}
</body>
</html>
`.text;
}
