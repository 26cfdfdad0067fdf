// Every page the emulator serves goes through here, written by text/html-page.ts: interpolated
// values are escaped unless they are already Html, and every page carries a strict
// Content-Security-Policy.
import {type ServerResponse, STATUS_CODES} from 'node:http';
import {type Html, html, pageHeaders, renderPage} from '../../text/html-page.js';

export {type Html, html} from '../../text/html-page.js';

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
	const document = renderPage({
		title: page.title,
		style,
		body: html`<p class="banner">Constant Contact emulator (cc-token): a stand-in for trying things out. Nothing here is real.</p>
<h1>${page.title}</h1>
${page.body}`,
	});
	response.writeHead(page.status ?? 200, pageHeaders(["'self'", ...(page.formTargets ?? [])]));
	response.end(document);
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
