// A sign-in finished by hand: the person copies the browser's address bar after approving
// (the only way back when the redirect URI is https://localhost or the browser runs on
// another machine) or just the code in it. The address gets the listener's checks.
import {CcTokenError} from '../errors.js';
import {readCallback} from './callback-params.js';

export interface PastedCode {
	code: string;
	/** The state that was checked; absent for a bare code, which carries none. */
	state?: string;
}

// Authorization codes are URL-safe strings; a bare paste must look like one to be tried.
const bareCode = /^[A-Za-z0-9._~-]{16,2048}$/;

function badPaste(problem: string, hint: string): CcTokenError {
	return new CcTokenError('bad_input', problem, {hint});
}

const copyWholeAddress =
	'After approving, copy the whole address from the browser’s address bar (it holds “code=” and “state=”) and paste it.';

function withoutWrapping(text: string): string {
	let result = text.trim();
	for (const [open, close] of [
		['"', '"'],
		["'", "'"],
		['`', '`'],
		['<', '>'],
		['“', '”'],
	] as const) {
		if (result.length > 1 && result.startsWith(open) && result.endsWith(close)) {
			result = result.slice(1, -1).trim();
		}
	}
	return result;
}

function sameEndpoint(pasted: URL, redirect: URL): boolean {
	return (
		pasted.protocol === redirect.protocol &&
		pasted.host === redirect.host &&
		pasted.pathname === redirect.pathname
	);
}

export function parsePastedRedirect(
	text: string,
	expected: {redirectUri: string; state: string},
): PastedCode {
	const pasted = withoutWrapping(text);
	if (pasted === '') throw badPaste('Nothing was pasted.', copyWholeAddress);
	const redirect = new URL(expected.redirectUri);
	// Some browsers hide the scheme in the address bar; put the registered one back.
	const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(pasted)
		? pasted
		: pasted.toLowerCase().startsWith(`${redirect.host}/`)
			? `${redirect.protocol}//${pasted}`
			: undefined;
	if (withScheme === undefined) {
		if (bareCode.test(pasted)) return {code: pasted};
		throw badPaste(
			'That is neither the address from the browser nor a sign-in code.',
			copyWholeAddress,
		);
	}
	let url: URL;
	try {
		url = new URL(withScheme);
	} catch {
		throw badPaste('That address is not valid.', copyWholeAddress);
	}
	if (!sameEndpoint(url, redirect)) {
		throw badPaste(
			`That address does not lead to the redirect URI ${redirect.origin}${redirect.pathname}.`,
			`${copyWholeAddress} It starts with ${redirect.origin}${redirect.pathname}.`,
		);
	}
	const outcome = readCallback(url.searchParams, expected.state);
	if (outcome.kind === 'error') throw outcome.error;
	if (outcome.kind === 'rejected') {
		throw badPaste(
			outcome.reason,
			'Paste the address from the sign-in cc-token started most recently, or start again.',
		);
	}
	return {code: outcome.code, state: expected.state};
}
