// Which proxy a request goes through: the one the environment names (HTTPS_PROXY, HTTP_PROXY,
// as curl reads them), none for NO_PROXY entries, and never one for loopback traffic (the
// emulator, a local test server), which goes straight to the machine itself. The agents that
// send through it are in proxy-agents.ts, loaded only when there is a proxy to use.
import {isIPv4} from 'node:net';
import {CcTokenError} from '../errors.js';

function bare(hostname: string): string {
	return hostname.replace(/^\[|\]$/g, '').toLowerCase();
}

export function isLoopbackHost(hostname: string): boolean {
	const host = bare(hostname).replace(/\.$/, '');
	return (
		host === 'localhost' ||
		host.endsWith('.localhost') ||
		host === '::1' ||
		(isIPv4(host) && host.startsWith('127.'))
	);
}

/** NO_PROXY as curl reads it: comma or space separated; `*`; `.example.com` or `example.com` for a
 * domain and its subdomains; `host:port` for one port only. */
function isExcluded(url: URL, noProxy: string): boolean {
	const host = bare(url.hostname);
	const port = url.port || (url.protocol === 'https:' ? '443' : '80');
	for (const entry of noProxy.split(/[\s,]+/)) {
		if (entry === '') continue;
		if (entry === '*') return true;
		const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(entry);
		if (!match) continue;
		const [, entryHost = '', entryPort] = match;
		if (entryPort && entryPort !== port) continue;
		const domain = bare(entryHost).replace(/^\*?\./, '');
		if (host === domain || host.endsWith(`.${domain}`)) return true;
	}
	return false;
}

/** The proxy address the environment gives for this URL, or undefined to connect directly. */
export function proxyFor(url: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
	const target = new URL(url);
	if (isLoopbackHost(target.hostname)) return undefined;
	const names =
		target.protocol === 'https:' ? ['https_proxy', 'HTTPS_PROXY'] : ['http_proxy', 'HTTP_PROXY'];
	const name = names.find((candidate) => env[candidate]);
	if (!name) return undefined;
	if (isExcluded(target, env.no_proxy ?? env.NO_PROXY ?? '')) return undefined;
	const value = env[name] ?? '';
	const proxy = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
	// The value may hold a password, so the messages below never repeat it.
	let parsed: URL;
	try {
		parsed = new URL(proxy);
	} catch {
		throw new CcTokenError('bad_input', `${name} is set, but not to a proxy address.`, {
			hint: `Set ${name} to an address like http://proxy.example.com:8080, or unset it.`,
		});
	}
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
		throw new CcTokenError('bad_input', `${name} names a ${parsed.protocol} proxy.`, {
			hint: `cc-token supports http:// and https:// proxies; set ${name} to one, or unset it.`,
		});
	}
	return proxy;
}
