// Text as cc-token shows it to a person, wherever it came from: terminal-safe (printable.ts)
// and with the password of any URL in it hidden (`CC_TOKEN_AUTH_URL=https://user:pass@…`
// quoted in a message). The output boundary (system/output-boundary.ts) and every CcTokenError
// clean with it, so a message may quote any server's or store's text.
import {printableLine, printableText} from './printable.js';

// scheme://userinfo@ — the last @ before the host's end is where the user info stops. User
// info holds no brackets (RFC 3986), so a placeholder such as redis://[user:password@]host is
// shown as written.
const userInfo = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#[\]]*)@/gi;

/** The password in any URL of the text replaced by [hidden]; a user name alone stays. */
function withoutPasswords(text: string): string {
	if (!text.includes('@')) return text;
	return text.replace(userInfo, (whole, scheme: string, info: string) => {
		const colon = info.indexOf(':');
		return colon === -1 ? whole : `${scheme}${info.slice(0, colon)}:[hidden]@`;
	});
}

/** Text of several lines for a person: line feeds and tabs stay, nothing a terminal acts on. */
export function personText(raw: string): string {
	return withoutPasswords(printableText(raw));
}

/** One line for a person: line breaks become spaces, nothing a terminal acts on. */
export function personLine(raw: string): string {
	return withoutPasswords(printableLine(raw));
}
