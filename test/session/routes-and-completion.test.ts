// The route a sign-in races, from what the preflight learnt; and what happens once the tokens
// arrive, the same for the guide and login.
import {describe, expect, test} from 'vitest';
import type {TokenSet} from '../../source/auth/types.js';
import {CcTokenError} from '../../source/errors.js';
import {type CompletionSteps, completeSignIn} from '../../source/session/complete.js';
import {chooseRoutes, type RouteChoice} from '../../source/session/routes.js';
import type {Account, Profile} from '../../source/store/index.js';

describe('chooseRoutes', () => {
	const browser = {redirectRoute: 'loopback', wantsDevice: false, noBrowserHere: false} as const;
	test.each<[string, RouteChoice, string[]]>([
		['a device app: the code only, whatever was asked', {...browser, kind: 'device'}, ['device']],
		[
			'--device asked (the preflight refuses it for other kinds)',
			{...browser, wantsDevice: true},
			['device'],
		],
		['a pkce app: the listener and a paste', {...browser, kind: 'pkce'}, ['loopback', 'paste']],
		[
			'https://localhost: a paste only',
			{...browser, kind: 'code', redirectRoute: 'paste'},
			['paste'],
		],
		[
			'no browser here and the kind unknown: the device flow races too',
			{...browser, noBrowserHere: true},
			['loopback', 'paste', 'device'],
		],
		[
			'no browser here but a known browser app: no device flow, which it would only refuse',
			{...browser, noBrowserHere: true, kind: 'pkce'},
			['loopback', 'paste'],
		],
	])('%s', (_, choice, routes) => {
		expect(chooseRoutes(choice)).toEqual(routes);
	});
});

describe('completeSignIn', () => {
	const tokens = (scopes: string[], refreshToken?: string): TokenSet => ({
		accessToken: 'access',
		tokenType: 'Bearer',
		expiresAt: 2_000_000_000_000,
		scopes,
		receivedAt: 1_000,
		...(refreshToken ? {refreshToken} : {}),
	});
	const account: Account = {name: 'Maya Okafor', email: 'maya@example.com'};

	function steps(overrides: Partial<CompletionSteps> = {}) {
		const calls: string[] = [];
		const completion: CompletionSteps = {
			async save(base, received) {
				calls.push('save');
				return {apiKey: base.apiKey, accessToken: received.accessToken} as Profile;
			},
			async fetchAccount() {
				calls.push('fetch');
				return account;
			},
			async saveAccount() {
				calls.push('save-account');
			},
			...overrides,
		};
		return {completion, calls};
	}

	test('saves first, tells the caller, then looks the account up and keeps it', async () => {
		const {completion, calls} = steps();
		const seen: string[] = [];
		const done = await completeSignIn(
			completion,
			{apiKey: 'k'},
			tokens(['account_read', 'offline_access'], 'r'),
			{
				onSaved: () => seen.push(`saved after ${calls.join(',')}`),
			},
		);
		expect(calls).toEqual(['save', 'fetch', 'save-account']);
		expect(seen).toEqual(['saved after save']);
		expect(done).toMatchObject({account, warnings: []});
	});

	test('without account_read the account is not asked for; without a refresh token it warns', async () => {
		const {completion, calls} = steps();
		const done = await completeSignIn(completion, {apiKey: 'k'}, tokens(['contact_data']));
		expect(calls).toEqual(['save']);
		expect(done.warnings).toEqual([
			expect.stringMatching(/No refresh token was issued .*24 hours/),
		]);
	});

	test('an account that cannot be read leaves the sign-in saved and says why', async () => {
		const {completion} = steps({
			async fetchAccount() {
				throw new CcTokenError('rate_limited', 'Too many requests.');
			},
		});
		const done = await completeSignIn(completion, {apiKey: 'k'}, tokens(['account_read'], 'r'));
		expect(done.saved.accessToken).toBe('access');
		expect(done.accountError?.code).toBe('rate_limited');
	});

	test('a sign-in nobody waits for any more stops after saving', async () => {
		const {completion, calls} = steps();
		await completeSignIn(completion, {apiKey: 'k'}, tokens(['account_read'], 'r'), {
			stillWanted: () => false,
		});
		expect(calls).toEqual(['save']);
	});
});
