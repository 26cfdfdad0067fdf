// `cc-token status`: what is stored for every profile, and how long it will last. Never prints
// a token or a secret.

import {CcTokenError, exitCodes, toCcTokenError} from '../errors.js';
import {
	defaultApiBaseUrl,
	defaultAuthBaseUrl,
	refreshTokenIdleLifetimeDays,
} from '../provider/constant-contact.js';
import {formatAccount} from '../session/account.js';
import {
	type CredentialStore,
	chooseProfile,
	describeProfileSource,
	openStore,
	type Profile,
	type ProfileChoice,
	readFileProfilesNow,
	refreshTokenDiesAt,
	remoteStoreRequested,
	storeLocation,
} from '../store/index.js';
import {describeMoment} from '../text/time.js';
import {parseCommandArguments} from './arguments.js';
import {freshAccessToken} from './fresh-token.js';
import {commandHelp} from './help.js';
import {print, printHelp, printJson} from './output.js';

const dayMs = 86_400_000;

type Verification = {ok: true; account: Profile['account']} | {ok: false; error: CcTokenError};

function describeProfile(
	name: string,
	profile: Profile,
	now: number,
	home: CredentialStore['kind'],
) {
	const refreshIdleExpiresAt = refreshTokenDiesAt(profile);
	const inKeychain = profile.keychain?.holds ?? [];
	return {
		name,
		apiKey: profile.apiKey,
		secretStored: Boolean(profile.clientSecret) || inKeychain.includes('clientSecret'),
		/** Where the refresh token and client secret are kept. */
		secretsIn: profile.keychain ? ('keychain' as const) : home,
		redirectUri: profile.redirectUri ?? null,
		scopes: profile.scopes ?? [],
		accessToken: {
			present: Boolean(profile.accessToken),
			expiresAt: profile.accessTokenExpiresAt
				? new Date(profile.accessTokenExpiresAt).toISOString()
				: null,
			secondsLeft:
				profile.accessToken && profile.accessTokenExpiresAt
					? Math.max(0, Math.floor((profile.accessTokenExpiresAt - now) / 1000))
					: 0,
		},
		refreshToken: {
			present: Boolean(profile.refreshToken) || inKeychain.includes('refreshToken'),
			kind: profile.refreshTokenKind ?? null,
			lastRefreshAt: profile.lastRefreshAt ? new Date(profile.lastRefreshAt).toISOString() : null,
			unusedExpiresAt: refreshIdleExpiresAt ? new Date(refreshIdleExpiresAt).toISOString() : null,
		},
		account: profile.account ?? null,
		server: profile.server ?? null,
	};
}

function describeServer(server: Profile['server'] | null): string {
	if (!server) return 'not recorded (signed in before cc-token kept it)';
	if (server.authBaseUrl === defaultAuthBaseUrl && server.apiBaseUrl === defaultApiBaseUrl) {
		return 'Constant Contact';
	}
	return `${server.authBaseUrl} (API ${server.apiBaseUrl})`;
}

type ProfileStatus = ReturnType<typeof describeProfile>;

function printProfile(
	status: ProfileStatus,
	verification: Verification | undefined,
	now: number,
	choice: ProfileChoice,
) {
	const inUse =
		choice.name === status.name ? ` (in use: ${describeProfileSource(choice.source)})` : '';
	print(`Profile “${status.name}”${inUse}`);
	print(`  API key        ${status.apiKey}`);
	print(`  secret         ${status.secretStored ? 'stored' : 'none (public client, PKCE)'}`);
	print(`  scopes         ${status.scopes.join(' ') || 'unknown'}`);
	print(
		`  secrets in     ${
			status.secretsIn === 'keychain'
				? 'the OS keychain (the access token stays in the file)'
				: status.secretsIn === 'redis'
					? 'the Redis store'
					: 'the settings file'
		}`,
	);
	const token = status.accessToken;
	print(
		`  access token   ${
			token.present && token.expiresAt
				? `${token.secondsLeft > 0 ? 'valid until' : 'expired'} ${describeMoment(Date.parse(token.expiresAt), {now})}`
				: 'none'
		}`,
	);
	const refresh = status.refreshToken;
	const idle = refresh.unusedExpiresAt ? Date.parse(refresh.unusedExpiresAt) - now : undefined;
	print(
		`  refresh token  ${
			refresh.present
				? `yes${refresh.kind ? ` (${refresh.kind})` : ''}${
						idle !== undefined && idle < 30 * dayMs
							? ` — ${idle > 0 ? `dies unused ${describeMoment(now + idle, {now})}` : `probably expired: unused for ${refreshTokenIdleLifetimeDays} days`}`
							: ''
					}`
				: 'none: sign in again when the access token expires'
		}`,
	);
	const account = status.account;
	print(`  account        ${formatAccount(account ?? undefined) ?? 'not verified yet'}`);
	print(`  server         ${describeServer(status.server)}`);
	if (verification) {
		print(
			`  verified       ${verification.ok ? 'yes, Constant Contact accepts the token' : `no: ${verification.error.message}`}`,
		);
	}
}

async function verify(store: CredentialStore, profileName: string): Promise<Verification> {
	try {
		const {accessToken} = await freshAccessToken(profileName, {store});
		const [{readAccount}, {endpointsFrom}] = await Promise.all([
			import('../session/account.js'),
			import('../provider/constant-contact.js'),
		]);
		const account = await readAccount(endpointsFrom(), accessToken);
		// Keep what the service says about the account, for status without --verify.
		await store.saveProfile(profileName, (current) => ({...current!, account}));
		return {ok: true, account};
	} catch (error) {
		return {ok: false, error: toCcTokenError(error)};
	}
}

interface StoreShown {
	kind: CredentialStore['kind'];
	where: string;
}

/** The profiles to show: every stored one, or the one asked for. */
function profilesToShow(
	store: StoreShown,
	all: Record<string, Profile>,
	profileName: string | undefined,
) {
	const choice = chooseProfile(profileName, storeLocation());
	const names = profileName ? [profileName] : Object.keys(all).sort();
	const missing = names.filter((name) => !all[name]);
	if (names.length === 0 || missing.length > 0) {
		const what = missing.length > 0 ? `No profile “${missing[0]}”` : 'No profiles yet';
		const others = Object.keys(all).sort();
		throw new CcTokenError(
			'not_signed_in',
			`${what} in ${store.where}.${missing.length > 0 && others.length > 0 ? ` Profiles there: ${others.join(', ')}.` : ''}`,
			{hint: 'Sign in with `cc-token login` (or run `cc-token` for the guide).'},
		);
	}
	return {store, all, names, choice};
}

function printStatus(
	{store, all, names, choice}: ReturnType<typeof profilesToShow>,
	verifications: Map<string, Verification>,
	json: boolean,
): number {
	const now = Date.now();
	const statuses = names.map((name) => describeProfile(name, all[name]!, now, store.kind));
	if (json) {
		printJson({
			store: {kind: store.kind, where: store.where},
			...(store.kind === 'file' ? {file: store.where} : {}),
			profileInUse: choice,
			profiles: statuses.map((status) => {
				const verification = verifications.get(status.name);
				return verification
					? {
							...status,
							verified: verification.ok
								? {ok: true, account: verification.account}
								: {ok: false, error: verification.error.toJSON()},
						}
					: status;
			}),
		});
	} else {
		print(
			store.kind === 'file'
				? `Credentials file: ${store.where}`
				: `Credentials store: ${store.where} (Redis, shared)`,
		);
		if (!names.includes(choice.name)) {
			print(
				`Profile in use: “${choice.name}” (${describeProfileSource(choice.source)}), not signed in.`,
			);
		}
		for (const status of statuses) {
			print('');
			printProfile(status, verifications.get(status.name), now, choice);
		}
	}
	const failed = [...verifications.values()].find((verification) => !verification.ok);
	return failed && !failed.ok ? failed.error.exitCode : exitCodes.ok;
}

/**
 * The answer without --verify, as an exit code; undefined when `run` is needed (--verify,
 * --help, a store other than the settings file). Synchronous and network-free, so that the
 * entry point can give it without loading the rest of cc-token.
 */
export function printStoredStatus(argv: string[]): number | undefined {
	const args = parseCommandArguments(argv, 'status');
	if (args.help || args.verify || remoteStoreRequested(args.store ?? process.env.CC_TOKEN_STORE)) {
		return undefined;
	}
	const location = storeLocation();
	const shown = profilesToShow(
		{kind: 'file', where: location.file},
		readFileProfilesNow(location),
		args.profile,
	);
	return printStatus(shown, new Map(), args.json === true);
}

export async function run(argv: string[]): Promise<number> {
	const args = parseCommandArguments(argv, 'status');
	if (args.help) return printHelp(commandHelp('status'));
	const store = openStore(args.store);
	const shown = profilesToShow(store, await store.readProfiles(), args.profile);
	const verifications = new Map<string, Verification>();
	if (args.verify) {
		for (const name of shown.names) verifications.set(name, await verify(store, name));
	}
	return printStatus(shown, verifications, args.json === true);
}
