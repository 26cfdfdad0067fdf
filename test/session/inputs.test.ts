// Where a sign-in's inputs come from, the same for the guide and `cc-token login`: a flag,
// then a non-empty variable, then the stored profile (its secret, redirect URI and scopes only
// for its own key), then the default.
import {describe, expect, test} from 'vitest';
import {defaultRedirectUri, defaultScopes} from '../../source/provider/constant-contact.js';
import {findInputs, type InputSources, resolveInputs} from '../../source/session/inputs.js';
import type {Profile} from '../../source/store/index.js';
import {failure} from '../helpers/failure.js';

const storedKey = '1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d';
const envKey = '2a9e7c41-58d3-4b6f-a1e0-93c5d7f20b84';
const flagKey = 'c4b81f06-7d2e-4a95-8e3b-16f0a9d52c7e';
const stored: Profile = {
	apiKey: storedKey,
	clientSecret: 'stored-secret',
	redirectUri: 'http://localhost:50000/callback',
	scopes: ['account_read', 'offline_access'],
};

type Row = [
	string,
	InputSources,
	{key: string; from: string; secret?: string; redirect: string; scopes: string[]},
];

const rows: Row[] = [
	[
		'the flag wins over the variable and the profile',
		{flags: {apiKey: flagKey}, env: {CC_CLIENT_ID: envKey}, stored},
		{key: flagKey, from: 'flag', redirect: defaultRedirectUri, scopes: defaultScopes},
	],
	[
		'the variable wins over the profile; the profile’s secret is not for another key',
		{env: {CC_CLIENT_ID: envKey}, stored},
		{key: envKey, from: 'environment', redirect: defaultRedirectUri, scopes: defaultScopes},
	],
	[
		'an empty variable (export CC_CLIENT_ID=) counts as not set: the profile is used',
		{env: {CC_CLIENT_ID: '', CC_CLIENT_SECRET: '', CC_REDIRECT_URI: ''}, stored},
		{
			key: storedKey,
			from: 'profile',
			secret: 'stored-secret',
			redirect: stored.redirectUri!,
			scopes: stored.scopes!,
		},
	],
	[
		'a blank variable counts as not set too',
		{env: {CC_CLIENT_ID: '  ', CC_REDIRECT_URI: ' '}, stored},
		{
			key: storedKey,
			from: 'profile',
			secret: 'stored-secret',
			redirect: stored.redirectUri!,
			scopes: stored.scopes!,
		},
	],
	[
		'the same key by variable keeps the profile’s secret, redirect URI and scopes',
		{env: {CC_CLIENT_ID: ` ${storedKey} `}, stored},
		{
			key: storedKey,
			from: 'environment',
			secret: 'stored-secret',
			redirect: stored.redirectUri!,
			scopes: stored.scopes!,
		},
	],
	[
		'variables for the secret and redirect URI win over the profile’s',
		{
			env: {CC_CLIENT_SECRET: 'env-secret', CC_REDIRECT_URI: 'https://localhost'},
			stored,
		},
		{
			key: storedKey,
			from: 'profile',
			secret: 'env-secret',
			redirect: 'https://localhost',
			scopes: stored.scopes!,
		},
	],
	[
		'flags win over every variable',
		{
			flags: {
				apiKey: storedKey,
				clientSecret: 'flag-secret',
				redirectUri: 'http://127.0.0.1:9000/cb',
				scope: 'contact_data, offline_access',
			},
			env: {CC_CLIENT_SECRET: 'env-secret', CC_REDIRECT_URI: 'https://localhost'},
			stored,
		},
		{
			key: storedKey,
			from: 'flag',
			secret: 'flag-secret',
			redirect: 'http://127.0.0.1:9000/cb',
			scopes: ['contact_data', 'offline_access'],
		},
	],
	[
		'nothing stored: the defaults',
		{env: {CC_CLIENT_ID: envKey}},
		{key: envKey, from: 'environment', redirect: defaultRedirectUri, scopes: defaultScopes},
	],
];

describe('resolveInputs', () => {
	test.each(rows)('%s', (_, sources, expected) => {
		const inputs = resolveInputs(sources);
		expect(inputs.apiKey).toBe(expected.key);
		expect(inputs.origins.apiKey).toBe(expected.from);
		expect(inputs.clientSecret).toBe(expected.secret);
		expect(inputs.redirectUri).toBe(expected.redirect);
		expect(inputs.scopes).toEqual(expected.scopes);
	});

	test('the guide’s fields start from the same values', () => {
		for (const [, sources, expected] of rows) {
			const found = findInputs(sources);
			expect(found.apiKey?.value).toBe(expected.key);
			expect(found.clientSecret?.value).toBe(expected.secret);
			expect(found.redirectUri.value).toBe(expected.redirect);
		}
	});

	test.each([
		['no key anywhere', {env: {CC_CLIENT_ID: ''}}, 'usage', /No API key given/],
		['an empty --client-id', {flags: {apiKey: ''}, env: {}, stored}, 'bad_input', /empty/],
		[
			'an empty --client-secret',
			{flags: {clientSecret: ' '}, env: {}, stored},
			'bad_input',
			/secret is empty/,
		],
		[
			'a malformed key from the variable, which the hint names',
			{env: {CC_CLIENT_ID: 'not-a-key!'}, stored},
			'bad_input',
			/not an API key/,
		],
		[
			'an unknown scope',
			{flags: {scope: 'account_read email'}, env: {}, stored},
			'bad_input',
			/Unknown scope: email/,
		],
		[
			'a redirect URI on another host',
			{env: {CC_REDIRECT_URI: 'https://example.com/cb'}, stored},
			'bad_input',
			/can only finish a sign-in/,
		],
	] as const)('refuses %s', async (_, sources, code, message) => {
		const error = await failure(Promise.resolve().then(() => resolveInputs(sources)));
		expect(error.code).toBe(code);
		expect(error.message).toMatch(message);
		if ((sources.env as NodeJS.ProcessEnv).CC_CLIENT_ID === 'not-a-key!')
			expect(error.hint).toMatch(/from the environment/);
	});

	test.each([
		['http://localhost:47325/callback', 'loopback'],
		['https://localhost', 'paste'],
		// The portal accepts it; nothing here may listen on port 80, so the person pastes.
		['http://localhost', 'paste'],
		['http://localhost/', 'paste'],
	] as const)('%s is finished by %s', (redirectUri, route) => {
		const inputs = resolveInputs({flags: {redirectUri}, env: {CC_CLIENT_ID: envKey}});
		expect(inputs.redirectRoute).toBe(route);
		expect(inputs.redirectUri).toBe(redirectUri);
	});
});
