// Everything after the tokens arrive, done once for the guide and `cc-token login`: save them
// at once (a crash must not lose a rotating refresh token), then ask who signed in when the
// token may (account_read), and keep that with the profile so what is shown is what is stored.
// When the person confirms the account first (an interactive `login`), it is asked for before
// saving instead: a declined sign-in leaves the profile as it was.
import type {TokenSet} from '../auth/types.js';
import {CcTokenError, toCcTokenError} from '../errors.js';
import {type Endpoints, serverOf} from '../provider/constant-contact.js';
import {
	type Account,
	type CredentialStore,
	checkSignInServer,
	formatAccount,
	type Profile,
	profileFromTokens,
} from '../store/index.js';
import {accessTokenLifetimeHours} from './timing.js';

/** What a sign-in saves besides the tokens. */
export interface SignInBase {
	apiKey: string;
	clientSecret?: string;
	/** Absent for a device app, which has none. */
	redirectUri?: string;
	/** Set to keep the secrets in the OS keychain (see Profile). */
	keychain?: Profile['keychain'];
}

/** The three things completion does to the world; the guide's tests replace them. */
export interface CompletionSteps {
	save(base: SignInBase, tokens: TokenSet): Promise<Profile>;
	fetchAccount(accessToken: string): Promise<Account>;
	saveAccount(profile: Profile, account: Account): Promise<void>;
}

export function storeCompletionSteps(
	store: CredentialStore,
	profileName: string,
	endpoints: Endpoints,
): CompletionSteps {
	return {
		// The server goes with the tokens: they are never sent to another one. Checked again
		// under the lock: a profile holding another server's sign-in is never replaced.
		save: (base, tokens) =>
			store.saveProfile(profileName, (current) => {
				const server = serverOf(endpoints);
				checkSignInServer(profileName, current, server);
				return profileFromTokens({...base, server}, tokens);
			}),
		async fetchAccount(accessToken) {
			const {readAccount} = await import('./account.js');
			return readAccount(endpoints, accessToken);
		},
		async saveAccount(profile, account) {
			await store.saveProfile(profileName, (current) => ({...(current ?? profile), account}));
		},
	};
}

export interface Completion {
	saved: Profile;
	account?: Account;
	/** Why Constant Contact did not confirm the token (the sign-in itself is saved). */
	accountError?: CcTokenError;
	warnings: string[];
}

export interface CompletionWatch {
	/** Called once the tokens are saved, before the account is asked for. */
	onSaved?: (profile: Profile) => void;
	/** False once nobody waits for the rest (a newer sign-in replaced this one). */
	stillWanted?: () => boolean;
	/**
	 * Shown the account before anything is saved; false declines the sign-in, which then fails
	 * with `access_denied` and saves nothing (as does a rejection, with its own error). Not
	 * called when the account cannot be known.
	 */
	confirmAccount?: (account: Account) => Promise<boolean>;
}

function declined(account: Account): CcTokenError {
	return new CcTokenError(
		'access_denied',
		`Nothing was saved: you declined the sign-in as ${formatAccount(account) ?? 'that account'}.`,
		{
			hint: 'To sign in as someone else, sign out of Constant Contact in the browser (or use a private window), then run `cc-token login` again.',
		},
	);
}

type AccountAnswer = {account: Account} | {error: CcTokenError};

async function askAccount(steps: CompletionSteps, tokens: TokenSet): Promise<AccountAnswer> {
	try {
		return {account: await steps.fetchAccount(tokens.accessToken)};
	} catch (error) {
		return {error: toCcTokenError(error)};
	}
}

/** Only a token granted account_read may ask who signed in; a server that lists no scopes may. */
function mayReadAccount(tokens: TokenSet): boolean {
	return tokens.scopes.length === 0 || tokens.scopes.includes('account_read');
}

export async function completeSignIn(
	steps: CompletionSteps,
	base: SignInBase,
	tokens: TokenSet,
	watch: CompletionWatch = {},
): Promise<Completion> {
	const early =
		watch.confirmAccount && mayReadAccount(tokens) ? await askAccount(steps, tokens) : undefined;
	if (early && 'account' in early && !(await watch.confirmAccount!(early.account))) {
		throw declined(early.account);
	}
	const saved = await steps.save(base, tokens);
	const warnings: string[] = [];
	if (!tokens.refreshToken) {
		warnings.push(
			`No refresh token was issued (the scopes leave out offline_access): sign in again when the access token expires in ${accessTokenLifetimeHours} hours.`,
		);
	}
	watch.onSaved?.(saved);
	const wanted = watch.stillWanted ?? (() => true);
	if (!mayReadAccount(tokens) || !wanted()) return {saved, warnings};
	const answer = early ?? (await askAccount(steps, tokens));
	if ('error' in answer) return {saved, accountError: answer.error, warnings};
	const {account} = answer;
	if (!wanted()) return {saved, account, warnings};
	try {
		await steps.saveAccount(saved, account);
	} catch (error) {
		warnings.push(
			`The account could not be saved with the profile: ${toCcTokenError(error).message}`,
		);
	}
	return {saved, account, warnings};
}
