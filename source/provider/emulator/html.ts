// Every page the emulator serves goes through here: interpolated values are escaped unless
// they are already Html, and every page carries a strict Content-Security-Policy.
import {type ServerResponse, STATUS_CODES} from 'node:http';

export class Html {
	constructor(readonly text: string) {}
	toString(): string {
		return this.text;
	}
}

type Interpolation = Html | string | number | undefined | false | Interpolation[];

export function escapeHtml(value: string): string {
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

const style = `body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
.banner{background:#fff4d6;border:1px solid #e6c66a;padding:.4rem .8rem;border-radius:.3rem;font-size:.9rem}
code,.value{font-family:ui-monospace,monospace;background:#f2f2f2;padding:.1rem .3rem;border-radius:.2rem;word-break:break-all}
button{font-size:1rem;padding:.5rem 1.2rem;margin-right:.6rem}
dt{font-weight:600;margin-top:.6rem}
.error{color:#a01010}`;

export interface Page {
	status?: number;
	title: string;
	body: Html;
	/** Origins a form on the page may lead to besides this one (a consent form redirects away). */
	formTargets?: string[];
}

export function sendPage(response: ServerResponse, page: Page): void {
	const formAction = ["'self'", ...(page.formTargets ?? [])].join(' ');
	const document = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title}</title>
<style>${new Html(style)}</style>
</head>
<body>
<p class="banner">Constant Contact emulator (cc-token): a stand-in for trying things out. Nothing here is real.</p>
<h1>${page.title}</h1>
${page.body}
</body>
</html>
`;
	response.writeHead(page.status ?? 200, {
		'Content-Type': 'text/html; charset=utf-8',
		'Cache-Control': 'no-store',
		'Content-Security-Policy': `default-src 'none'; style-src 'unsafe-inline'; form-action ${formAction}; frame-ancestors 'none'; base-uri 'none'`,
		'X-Content-Type-Options': 'nosniff',
		// Addresses here can hold codes; never hand them to another site.
		'Referrer-Policy': 'no-referrer',
	});
	response.end(document.text);
}

/** An error page like Okta's: shown in the browser, with no redirect back to the app. */
export function sendErrorPage(
	response: ServerResponse,
	status: number,
	errorCode: string,
	description: string,
	extra?: Html,
): void {
	sendPage(response, {
		status,
		title: `${status} ${STATUS_CODES[status] ?? 'Error'}`,
		body: html`<p>Identity Provider: Unknown</p>
<p>Error Code: <code>${errorCode}</code></p>
<p class="error">Description: ${description}</p>
${extra}`,
	});
}
