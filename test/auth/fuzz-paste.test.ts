// Property-based pastes, beyond the fixed cases of paste.test.ts: every well-formed way a
// person may paste the genuine address is accepted, and every damaged or foreign one is
// refused with bad_input (or the OAuth error it carries), without echoing a code or state.
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {parsePastedRedirect} from '../../source/auth/paste.js';
import {CcTokenError, type ErrorCode} from '../../source/errors.js';

const urlSafe = fc.stringMatching(/^[A-Za-z0-9._~-]{16,80}$/);
const state = fc.stringMatching(/^[A-Za-z0-9_-]{43}$/);

/** A registered redirect URI: a loopback one cc-token listens on, or the portal default. */
const redirectUri = fc.oneof(
	fc
		.tuple(
			fc.constantFrom('localhost', '127.0.0.1'),
			fc.integer({min: 1024, max: 65_535}),
			fc.constantFrom('/callback', '/', '/oauth/return'),
		)
		.map(([host, port, path]) => `http://${host}:${port}${path}`),
	fc.constant('https://localhost'),
);

const extras = fc.array(
	fc.constantFrom(
		'scope=account_read%20offline_access',
		'session_state=abc123',
		'iss=https%3A%2F%2Fauthz.constantcontact.com',
		'utm_source=mail',
	),
	{maxLength: 2},
);

const wrappings: Array<[string, string]> = [
	['', ''],
	['"', '"'],
	["'", "'"],
	['`', '`'],
	['<', '>'],
	['“', '”'],
];
const whitespace = fc.constantFrom('', ' ', '  ', '\t', '\n', '\r\n', ' \n ');

/** The genuine address the browser ended on, written the way a person may paste it. */
const genuinePaste = fc
	.record({
		redirectUri,
		code: urlSafe,
		state,
		extras,
		stateFirst: fc.boolean(),
		hideScheme: fc.boolean(),
		shoutScheme: fc.boolean(),
		fragment: fc.constantFrom('', '#', '#_=_'),
		wrapping: fc.constantFrom(...wrappings),
		outside: fc.tuple(whitespace, whitespace),
		inside: fc.tuple(whitespace, whitespace),
	})
	.map((p) => {
		const base = new URL(p.redirectUri);
		// https://localhost has no path: browsers show the root as “/”.
		const address = `${base.origin}${base.pathname}`;
		const params = p.stateFirst
			? [`state=${p.state}`, `code=${p.code}`]
			: [`code=${p.code}`, `state=${p.state}`];
		let text = `${address}?${[...params, ...p.extras].join('&')}${p.fragment}`;
		if (p.hideScheme) text = text.slice(`${base.protocol}//`.length);
		else if (p.shoutScheme) text = text.replace(/^https?/, (scheme) => scheme.toUpperCase());
		const [open, close] = p.wrapping;
		return {
			...p,
			text: `${p.outside[0]}${open}${p.inside[0]}${text}${p.inside[1]}${close}${p.outside[1]}`,
		};
	});

const oauthCodes: ErrorCode[] = [
	'access_denied',
	'invalid_grant',
	'invalid_client',
	'invalid_request',
	'invalid_scope',
	'unauthorized_client',
	'expired_token',
	'oauth_error',
];

/** The error a refused paste throws, checked to be one a person can act on. */
function refusal(text: string, expected: {redirectUri: string; state: string}): CcTokenError {
	try {
		parsePastedRedirect(text, expected);
	} catch (error) {
		expect(error).toBeInstanceOf(CcTokenError);
		const failure = error as CcTokenError;
		expect(['bad_input', ...oauthCodes]).toContain(failure.code);
		expect(failure.hint).toEqual(expect.any(String));
		return failure;
	}
	throw new Error(`accepted: ${text}`);
}

describe('pasting the address from the browser', () => {
	it('accepts every well-formed way of pasting the genuine address, and returns its code and state', () => {
		fc.assert(
			fc.property(genuinePaste, (p) => {
				expect(parsePastedRedirect(p.text, {redirectUri: p.redirectUri, state: p.state})).toEqual({
					code: p.code,
					state: p.state,
				});
			}),
			{numRuns: 3000},
		);
	});

	it('refuses every damaged or foreign version with bad_input or its OAuth error, never echoing a code or state', () => {
		const damage = fc.oneof(
			// Another sign-in's state, or none.
			fc.record({kind: fc.constant('foreign-state' as const), other: state}),
			fc.constant({kind: 'no-state' as const}),
			// A parameter twice: which one is real cannot be known.
			fc.constantFrom('code', 'state').map((name) => ({kind: 'doubled' as const, name})),
			// Another port, host, scheme or path than the registered redirect URI.
			fc
				.constantFrom(
					(url: URL) => {
						const port = Number(url.port) || 443;
						url.port = String(port === 65_535 ? port - 1 : port + 1);
					},
					(url: URL) => {
						url.hostname = url.hostname === 'localhost' ? 'evil.test' : 'localhost.evil.test';
					},
					(url: URL) => {
						url.pathname = `${url.pathname}x`;
					},
				)
				.map((move) => ({kind: 'elsewhere' as const, move})),
			// A code with a space, a control or a non-ASCII character, or an empty one.
			fc
				.constantFrom('', '%20', 'a%20b', '%E2%80%AE', '%00', '%0A', 'caf%C3%A9')
				.map((junk) => ({kind: 'bad-code' as const, junk})),
			// The refusal the server sent back, with a description that repeats the secrets.
			fc
				.constantFrom('access_denied', 'invalid_scope', 'server_error', 'temporarily_unavailable')
				.map((error) => ({kind: 'oauth-error' as const, error})),
			// Random damage anywhere in the text.
			fc
				.tuple(fc.nat(), fc.string({unit: 'binary', maxLength: 6}))
				.map(([at, junk]) => ({kind: 'spliced' as const, at, junk})),
		);
		fc.assert(
			fc.property(genuinePaste, damage, (p, d) => {
				const expected = {redirectUri: p.redirectUri, state: p.state};
				const url = new URL(`${new URL(p.redirectUri).origin}${new URL(p.redirectUri).pathname}`);
				const params = url.searchParams;
				let text: string;
				switch (d.kind) {
					case 'foreign-state':
						params.set('code', p.code);
						params.set('state', d.other);
						text = url.href;
						break;
					case 'no-state':
						params.set('code', p.code);
						text = url.href;
						break;
					case 'doubled':
						params.set('code', p.code);
						params.set('state', p.state);
						params.append(d.name, d.name === 'code' ? `${p.code}x` : p.state);
						text = url.href;
						break;
					case 'elsewhere':
						d.move(url);
						params.set('code', p.code);
						params.set('state', p.state);
						text = url.href;
						break;
					case 'bad-code':
						text = `${url.href}?code=${d.junk}&state=${p.state}`;
						break;
					case 'oauth-error':
						text = `${url.href}?error=${d.error}&error_description=${encodeURIComponent(
							`code ${p.code} for state ${p.state} was refused`,
						)}&state=${p.state}&code=${p.code}`;
						break;
					case 'spliced': {
						const at = d.at % (p.text.length + 1);
						text = `${p.text.slice(0, at)}${d.junk}${p.text.slice(at)}`;
						break;
					}
				}
				if (d.kind === 'spliced') {
					// Some splices leave a genuine address (a space in the padding, say): then it
					// must still yield exactly the genuine code.
					let accepted: ReturnType<typeof parsePastedRedirect> | undefined;
					try {
						accepted = parsePastedRedirect(text, expected);
					} catch {}
					if (accepted) {
						expect(accepted.state === undefined || accepted.state === p.state).toBe(true);
						return;
					}
				}
				const failure = refusal(text, expected);
				if (d.kind === 'oauth-error') expect(failure.code).not.toBe('bad_input');
				else if (d.kind !== 'spliced') expect(failure.code).toBe('bad_input');
				expect(failure.toText()).not.toContain(p.code);
				expect(failure.toText()).not.toContain(p.state);
			}),
			{numRuns: 3000},
		);
	});
});
