// Values from the network that must match a grammar are refused when they do not, never cleaned:
// a cleaned token or code would be a different one. These checks say yes or no; the layer that
// receives the value decides what refusing means there.

// RFC 6750, 2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
const b64token = /^[A-Za-z0-9\-._~+/]+=*$/;

/** An access token as it may appear after `Bearer ` (and in a shell, unquoted or quoted). */
export function isB64token(value: string): boolean {
	return b64token.test(value);
}

// RFC 6749, A.17: refresh-token = 1*VSCHAR, VSCHAR = %x20-7E.
const visibleAscii = /^[\x20-\x7e]+$/;

export function isRefreshTokenText(value: string): boolean {
	return visibleAscii.test(value);
}

// RFC 8628, 6.1 asks for short codes a person types easily (its examples: “WDJB-MJHT”,
// “019-450-730”). Letters and digits, in groups split by a hyphen or a space.
const userCode = /^[A-Za-z0-9]+(?:[- ][A-Za-z0-9]+)*$/;
const userCodeMaxLength = 32;

export function isUserCode(value: string): boolean {
	return value.length <= userCodeMaxLength && userCode.test(value);
}

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isLoopbackHost(hostname: string): boolean {
	return loopbackHosts.has(hostname) || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/**
 * An address that may be shown as a link or handed to a browser, in its normalised form
 * (WHATWG URL: host lower-cased and punycoded, everything else percent-encoded, so plain
 * ASCII): https, or http on loopback only (the built-in emulator). No user name or password
 * in it (“https://constantcontact.com@elsewhere.example/” hides where it goes). Anything else
 * is undefined.
 */
export function webAddress(raw: string): string | undefined {
	if (!URL.canParse(raw)) return undefined;
	const url = new URL(raw);
	const secure = url.protocol === 'https:';
	const local = url.protocol === 'http:' && isLoopbackHost(url.hostname);
	if (!(secure || local) || url.username !== '' || url.password !== '') return undefined;
	return /^[\x21-\x7e]+$/.test(url.href) ? url.href : undefined;
}
