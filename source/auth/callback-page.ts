// The small pages the browser shows at the end of a sign-in. Everything interpolated is
// escaped; the pages load nothing and run no script, and the headers say so (text/html-page.ts).
import type {CcTokenError} from '../errors.js';
import {
	html,
	pageHeaders as htmlPageHeaders,
	renderPage as renderHtmlPage,
} from '../text/html-page.js';

export interface Page {
	status: number;
	title: string;
	paragraphs: string[];
	tone: 'success' | 'failure';
}

export const pageHeaders = htmlPageHeaders();

export function successPage(): Page {
	return {
		status: 200,
		title: 'Signed in to Constant Contact',
		paragraphs: [
			'cc-token now holds an access token for your account.',
			'You can close this tab and go back to the terminal.',
		],
		tone: 'success',
	};
}

export function failurePage(error: CcTokenError): Page {
	return {
		status: 200,
		title: 'Sign-in failed',
		paragraphs: [error.message, ...(error.hint ? [error.hint] : [])],
		tone: 'failure',
	};
}

/** A callback that did not count; the sign-in it does not belong to goes on waiting. */
export function rejectedPage(reason: string): Page {
	return {
		status: 400,
		title: 'This sign-in address was not accepted',
		paragraphs: [
			reason,
			'If you started a sign-in with cc-token, it is still waiting: open the address it shows and approve again.',
		],
		tone: 'failure',
	};
}

export function renderPage(page: Page): string {
	const accent = page.tone === 'success' ? '#1a7f37' : '#b42318';
	return renderHtmlPage({
		title: `${page.title} · cc-token`,
		style: `body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1f2328}
h1{font-size:1.4rem;color:${accent}}`,
		body: html`<h1>${page.title}</h1>
${page.paragraphs.map((paragraph) => html`<p>${paragraph}</p>\n`)}`,
	});
}
