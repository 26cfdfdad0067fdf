// The sign-in core with a confirmation: the account is asked for before anything is saved, and
// a declined sign-in saves nothing.
import {describe, expect, it} from 'vitest';
import type {TokenSet} from '../../source/auth/types.js';
import {CcTokenError} from '../../source/errors.js';
import {type CompletionSteps, completeSignIn} from '../../source/session/complete.js';
import type {Account} from '../../source/store/index.js';

const tokens: TokenSet = {
	accessToken: 'access-1',
	tokenType: 'Bearer',
	expiresAt: Date.now() + 86_400_000,
	refreshToken: 'refresh-1',
	scopes: ['account_read', 'offline_access'],
	receivedAt: Date.now(),
};
const maya: Account = {name: 'Maya Okafor', email: 'maya@example.com'};

function recordingSteps(fetch: () => Promise<Account> = async () => maya) {
	const calls: string[] = [];
	const steps: CompletionSteps = {
		async save(base) {
			calls.push('save');
			return {apiKey: base.apiKey};
		},
		async fetchAccount() {
			calls.push('fetch');
			return fetch();
		},
		async saveAccount() {
			calls.push('save account');
		},
	};
	return {steps, calls};
}

describe('completing a sign-in the person confirms', () => {
	it('asks with the account before saving, then saves it', async () => {
		const {steps, calls} = recordingSteps();
		const shown: Account[] = [];
		const done = await completeSignIn(steps, {apiKey: 'key'}, tokens, {
			confirmAccount: async (account) => {
				calls.push('confirm');
				shown.push(account);
				return true;
			},
		});
		expect(calls).toEqual(['fetch', 'confirm', 'save', 'save account']);
		expect(shown).toEqual([maya]);
		expect(done.account).toEqual(maya);
	});

	it('declined: fails with access_denied and saves nothing', async () => {
		const {steps, calls} = recordingSteps();
		const outcome = await completeSignIn(steps, {apiKey: 'key'}, tokens, {
			confirmAccount: async () => false,
		}).catch((error: unknown) => error);
		expect(outcome).toBeInstanceOf(CcTokenError);
		expect((outcome as CcTokenError).code).toBe('access_denied');
		expect((outcome as CcTokenError).message).toContain('Maya Okafor <maya@example.com>');
		expect(calls).toEqual(['fetch']);
	});

	it('saves without asking when the account cannot be known, and says why', async () => {
		const {steps, calls} = recordingSteps(async () => {
			throw new CcTokenError('server_error', 'The API is down.');
		});
		let asked = false;
		const done = await completeSignIn(steps, {apiKey: 'key'}, tokens, {
			confirmAccount: async () => {
				asked = true;
				return false;
			},
		});
		expect(asked).toBe(false);
		expect(calls).toEqual(['fetch', 'save']);
		expect(done.accountError?.message).toBe('The API is down.');

		const withoutScope = recordingSteps();
		await completeSignIn(
			withoutScope.steps,
			{apiKey: 'key'},
			{...tokens, scopes: ['contact_data']},
			{
				confirmAccount: async () => false,
			},
		);
		expect(withoutScope.calls).toEqual(['save']);
	});
});
