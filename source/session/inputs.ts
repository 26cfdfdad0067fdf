// What a sign-in starts from, worked out the same way for the guide and for `cc-token login`:
// a flag, then a non-empty environment variable, then the stored profile, then the default.
// An empty variable (what `export CC_CLIENT_ID=` leaves) counts as not set. A stored secret,
// redirect URI or scope list belongs to the stored API key, so it is used only for that key.
import {CcTokenError} from '../errors.js';
import {
	checkApiKey,
	checkRedirectUri,
	defaultRedirectUri,
	defaultScopes,
	isScope,
} from '../provider/constant-contact.js';
import type {Profile} from '../store/index.js';

export type InputOrigin = 'flag' | 'environment' | 'profile' | 'default';

export interface InputSources {
	/** Values given on the command line; an empty string given there is kept (and refused). */
	flags?: {apiKey?: string; clientSecret?: string; redirectUri?: string; scope?: string};
	env: NodeJS.ProcessEnv;
	stored?: Profile | undefined;
}

export interface Sourced<T> {
	value: T;
	from: InputOrigin;
}

/** The values as found, unchecked: what the guide's fields start from. */
export interface FoundInputs {
	apiKey?: Sourced<string>;
	clientSecret?: Sourced<string>;
	redirectUri: Sourced<string>;
	scopes: Sourced<string[]>;
}

/** Checked values, ready for a sign-in. */
export interface SignInInputs {
	apiKey: string;
	clientSecret?: string;
	redirectUri: string;
	/** How the browser's return comes back: to cc-token's listener, or pasted by the person. */
	redirectRoute: 'loopback' | 'paste';
	scopes: string[];
	origins: {apiKey: InputOrigin; clientSecret?: InputOrigin; redirectUri: InputOrigin};
}

function variable(env: NodeJS.ProcessEnv, name: string): string | undefined {
	const value = env[name];
	return value === undefined || value.trim() === '' ? undefined : value;
}

function first<T>(...candidates: Array<Sourced<T | undefined>>): Sourced<T> | undefined {
	const found = candidates.find((candidate) => candidate.value !== undefined);
	return found as Sourced<T> | undefined;
}

function splitScopes(text: string): string[] {
	return text.split(/[\s,]+/).filter(Boolean);
}

export function findInputs({flags = {}, env, stored}: InputSources): FoundInputs {
	const apiKey = first<string>(
		{value: flags.apiKey, from: 'flag'},
		{value: variable(env, 'CC_CLIENT_ID'), from: 'environment'},
		{value: stored?.apiKey, from: 'profile'},
	);
	const key = apiKey === undefined ? undefined : checkApiKey(apiKey.value);
	const storedApp = stored !== undefined && key?.ok === true && key.apiKey === stored.apiKey;
	const mine = <T>(value: T | undefined) => (storedApp ? value : undefined);
	const clientSecret = first<string>(
		{value: flags.clientSecret, from: 'flag'},
		{value: variable(env, 'CC_CLIENT_SECRET'), from: 'environment'},
		{value: mine(stored?.clientSecret), from: 'profile'},
	);
	const redirectUri = first<string>(
		{value: flags.redirectUri, from: 'flag'},
		{value: variable(env, 'CC_REDIRECT_URI'), from: 'environment'},
		{value: mine(stored?.redirectUri), from: 'profile'},
		{value: defaultRedirectUri, from: 'default'},
	)!;
	const storedScopes = mine(stored?.scopes);
	const scopes = first<string[]>(
		{value: flags.scope === undefined ? undefined : splitScopes(flags.scope), from: 'flag'},
		{value: storedScopes?.length ? storedScopes : undefined, from: 'profile'},
		{value: [...defaultScopes], from: 'default'},
	)!;
	return {
		...(apiKey ? {apiKey: key?.ok ? {...apiKey, value: key.apiKey} : apiKey} : {}),
		...(clientSecret ? {clientSecret} : {}),
		redirectUri,
		scopes,
	};
}

const whereFrom: Record<InputOrigin, string> = {
	flag: 'given on the command line',
	environment: 'from the environment',
	profile: 'from the stored profile',
	default: 'the default',
};

/** Works out what to sign in with, checking everything before anything starts or is saved. */
export function resolveInputs(sources: InputSources): SignInInputs {
	const found = findInputs(sources);
	if (!found.apiKey) {
		throw new CcTokenError('usage', 'No API key given.', {
			hint: 'Pass --client-id KEY (or set CC_CLIENT_ID); the key is on your application’s page in the developer portal. Run `cc-token` for a guided walk-through.',
		});
	}
	const key = checkApiKey(found.apiKey.value);
	if (!key.ok) {
		throw new CcTokenError('bad_input', key.problem, {
			hint: `The API key was ${whereFrom[found.apiKey.from]}.`,
		});
	}
	const secret = found.clientSecret;
	if (secret !== undefined && secret.value.trim() === '') {
		throw new CcTokenError('bad_input', 'The client secret is empty.', {
			hint: 'Leave it out for an application created with the PKCE or Device Flow.',
		});
	}
	const redirect = checkRedirectUri(found.redirectUri.value);
	if (!redirect.ok) {
		throw new CcTokenError('bad_input', redirect.problem, {
			hint: `The redirect URI was ${whereFrom[found.redirectUri.from]}.`,
		});
	}
	const unknown = found.scopes.value.filter((scope) => !isScope(scope));
	if (found.scopes.value.length === 0 || unknown.length > 0) {
		throw new CcTokenError(
			'bad_input',
			unknown.length === 0
				? 'No scopes given.'
				: `Unknown scope${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.`,
			{hint: `Constant Contact's scopes are: ${defaultScopes.join(', ')}.`},
		);
	}
	return {
		apiKey: key.apiKey,
		...(secret ? {clientSecret: secret.value.trim()} : {}),
		redirectUri: redirect.redirectUri,
		redirectRoute: redirect.route,
		scopes: found.scopes.value,
		origins: {
			apiKey: found.apiKey.from,
			...(secret ? {clientSecret: secret.from} : {}),
			redirectUri: found.redirectUri.from,
		},
	};
}
