// Plays a person's browser with plain fetch: opens an authorize URL, answers the consent page
// (Allow or Deny), and follows redirects, to the app's loopback listener included. Tests import
// playBrowser; the built command runs this file as its BROWSER:
//   node browser-script.mjs <url>
// with CC_TEST_BROWSER_DECISION=allow|deny (default allow) and, if set, CC_TEST_BROWSER_LOG
// naming a file to which one JSON line describing the final page is appended.
// It never leaves this machine: any address that is not loopback is refused.
import {appendFileSync, realpathSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);
const maxSteps = 20;

function decodeEntities(text) {
	return text
		.replaceAll('&lt;', '<')
		.replaceAll('&gt;', '>')
		.replaceAll('&quot;', '"')
		.replaceAll('&#39;', "'")
		.replaceAll('&amp;', '&');
}

function attributesOf(tag) {
	const attributes = {};
	for (const [, name, value] of tag.matchAll(/([\w-]+)\s*=\s*"([^"]*)"/g)) {
		attributes[name.toLowerCase()] = decodeEntities(value);
	}
	return attributes;
}

/** The POST form holding a submit button whose value is the decision, as a browser would send it. */
function formFor(page, decision) {
	for (const [, formTag, inner] of page.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
		const form = attributesOf(formTag);
		if ((form.method ?? 'get').toLowerCase() !== 'post') continue;
		const button = [...inner.matchAll(/<button\b([^>]*)>/gi)]
			.map(([, tag]) => attributesOf(tag))
			.find((attributes) => attributes.name && attributes.value === decision);
		if (!button) continue;
		const fields = [...inner.matchAll(/<input\b([^>]*)>/gi)]
			.map(([, tag]) => attributesOf(tag))
			.filter((attributes) => attributes.type === 'hidden' && attributes.name)
			.map((attributes) => [attributes.name, attributes.value ?? '']);
		fields.push([button.name, button.value]);
		return {action: form.action ?? '', fields};
	}
	return undefined;
}

/** A page's title and visible text, the way a person would read it. */
export function describePage(body) {
	const title = decodeEntities(/<title>([\s\S]*?)<\/title>/i.exec(body)?.[1] ?? '').trim();
	const text = decodeEntities(
		body
			.replace(/<(style|script|title)\b[\s\S]*?<\/\1>/gi, ' ')
			.replace(/<[^>]*>/g, ' ')
			.replace(/\s+/g, ' '),
	).trim();
	return {title, text};
}

export async function playBrowser(authorizeUrl, options = {}) {
	const decision = options.decision ?? 'allow';
	let url = authorizeUrl;
	let request = {method: 'GET'};
	let answered = false;
	for (let step = 0; step < maxSteps; step++) {
		const {hostname, origin} = new URL(url);
		if (!loopbackHosts.has(hostname)) {
			throw new Error(`playBrowser only visits loopback addresses; refusing ${origin}`);
		}
		let response;
		try {
			response = await fetch(url, {...request, redirect: 'manual'});
		} catch {
			// Nothing listening (say https://localhost): the address bar still shows the URL.
			return {finalUrl: url, status: 0, body: ''};
		}
		const location = response.headers.get('location');
		if (response.status >= 300 && response.status < 400 && location) {
			await response.body?.cancel();
			url = new URL(location, url).href;
			// 307 and 308 repeat the request; every other redirect becomes a GET, as in browsers.
			if (response.status !== 307 && response.status !== 308) request = {method: 'GET'};
			continue;
		}
		const body = await response.text();
		const form = answered ? undefined : formFor(body, decision);
		if (!form) return {finalUrl: url, status: response.status, body};
		answered = true;
		url = new URL(form.action, url).href;
		request = {
			method: 'POST',
			headers: {'Content-Type': 'application/x-www-form-urlencoded'},
			body: new URLSearchParams(form.fields).toString(),
		};
	}
	throw new Error(`playBrowser gave up after ${maxSteps} steps (a redirect loop?)`);
}

async function main() {
	const url = process.argv[2];
	const decision = process.env.CC_TEST_BROWSER_DECISION ?? 'allow';
	if (!url || (decision !== 'allow' && decision !== 'deny')) {
		process.stderr.write(
			'usage: node browser-script.mjs <url>  (CC_TEST_BROWSER_DECISION=allow|deny)\n',
		);
		return 2;
	}
	const log = (entry) => {
		if (process.env.CC_TEST_BROWSER_LOG) {
			appendFileSync(process.env.CC_TEST_BROWSER_LOG, `${JSON.stringify(entry)}\n`);
		}
	};
	try {
		const {finalUrl, status, body} = await playBrowser(url, {decision});
		log({finalUrl, status, ...describePage(body)});
		return 0;
	} catch (error) {
		log({url, error: String(error?.message ?? error)});
		process.stderr.write(`browser-script: ${error?.message ?? error}\n`);
		return 1;
	}
}

function invokedDirectly() {
	try {
		return realpathSync(process.argv[1] ?? '') === realpathSync(fileURLToPath(import.meta.url));
	} catch {
		return false;
	}
}

if (invokedDirectly()) process.exitCode = await main();
