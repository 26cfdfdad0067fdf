// What `cc-token status` shows of each profile, and its answer from the settings file alone
// (printStoredStatus), which the entry point gives (see cli.ts). Never prints a token or a
// secret. It imports straight from the store's modules, and nothing loaded later (the build
// refuses that in the entry's bundles); --verify and the Redis store are status.ts's.
import {CcTokenError, exitCodes} from '../errors.js';
import {
	defaultApiBaseUrl,
	defaultAuthBaseUrl,
	refreshTokenIdleLifetimeDays,
} from '../provider/constant-contact.js';
import type {CredentialStore} from '../store/credential-store.js';
import {storeLocation} from '../store/location.js';
import {
	checkProfiles,
	damagedProfileError,
	formatAccount,
	isProfileName,
	loginCommand,
	type Profile,
	type ProfileSet,
	refreshTokenDiesAt,
	type StoreDocument,
} from '../store/profile.js';
import {chooseProfile, describeProfileSource, type ProfileChoice} from '../store/profile-choice.js';
import {readStoreDocument} from '../store/read-store.js';
import {remoteStoreRequested} from '../store/store-address.js';
import {describeMoment} from '../text/time.js';
import {print, printJson} from './output.js';
import {parseQuickArguments, stringOption} from './quick-arguments.js';

const dayMs = 86_400_000;

export type Verification =
	| {ok: true; account: Profile['account']}
	| {ok: false; error: CcTokenError};

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
	if (!server) return 'Constant Contact (not recorded: signed in before cc-token kept it)';
	if (server.authBaseUrl === defaultAuthBaseUrl && server.apiBaseUrl === defaultApiBaseUrl) {
		return 'Constant Contact';
	}
	return `${server.authBaseUrl} (API ${server.apiBaseUrl})`;
}

type ProfileStatus = ReturnType<typeof describeProfile>;

/** The lines that show one profile. */
function profileLines(
	status: ProfileStatus,
	verification: Verification | undefined,
	now: number,
	choice: ProfileChoice,
) {
	const lines: string[] = [];
	const inUse =
		choice.name === status.name ? ` (in use: ${describeProfileSource(choice.source)})` : '';
	lines.push(`Profile “${status.name}”${inUse}`);
	lines.push(`  API key        ${status.apiKey}`);
	lines.push(`  secret         ${status.secretStored ? 'stored' : 'none (public client, PKCE)'}`);
	lines.push(`  scopes         ${status.scopes.join(' ') || 'unknown'}`);
	lines.push(
		`  secrets in     ${
			status.secretsIn === 'keychain'
				? 'the OS keychain (the access token stays in the file)'
				: status.secretsIn === 'redis'
					? 'the Redis store'
					: 'the settings file'
		}`,
	);
	const token = status.accessToken;
	lines.push(
		`  access token   ${
			token.present && token.expiresAt
				? `${token.secondsLeft > 0 ? 'valid until' : 'expired'} ${describeMoment(Date.parse(token.expiresAt), {now})}`
				: 'none'
		}`,
	);
	const refresh = status.refreshToken;
	const idle = refresh.unusedExpiresAt ? Date.parse(refresh.unusedExpiresAt) - now : undefined;
	lines.push(
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
	lines.push(`  account        ${formatAccount(account ?? undefined) ?? 'not verified yet'}`);
	lines.push(`  server         ${describeServer(status.server)}`);
	if (verification) {
		lines.push(
			`  verified       ${verification.ok ? 'yes, Constant Contact accepts the token' : `no: ${verification.error.message}`}`,
		);
	}
	return lines;
}

interface StoreShown {
	kind: CredentialStore['kind'];
	where: string;
}

/** The profiles to show: every stored one, or the one asked for; damaged ones by name. */
export function profilesToShow(
	store: StoreShown,
	{sound: all, damaged}: ProfileSet,
	profileName: string | undefined,
	readDocument?: () => StoreDocument | undefined,
) {
	const choice = chooseProfile(profileName, storeLocation(), process.env, readDocument);
	if (profileName !== undefined && Object.hasOwn(damaged, profileName)) {
		throw damagedProfileError(profileName, damaged[profileName]!, store.where);
	}
	const names = profileName ? [profileName] : Object.keys(all).sort();
	const damagedNames = profileName ? [] : Object.keys(damaged).sort();
	const missing = names.filter((name) => !all[name]);
	if ((names.length === 0 && damagedNames.length === 0) || missing.length > 0) {
		const what = missing.length > 0 ? `No profile “${missing[0]}”` : 'No profiles yet';
		const others = Object.keys(all).sort();
		throw new CcTokenError(
			'not_signed_in',
			`${what} in ${store.where}.${missing.length > 0 && others.length > 0 ? ` Profiles there: ${others.join(', ')}.` : ''}`,
			{hint: 'Sign in with `cc-token login` (or run `cc-token` for the guide).'},
		);
	}
	const damages = damagedNames.map((name) => ({name, problem: damaged[name]!}));
	return {store, all, names, choice, damages};
}

/** One line for a profile that did not pass the store boundary: what is wrong, and the way out. */
function damageLine({name, problem}: {name: string; problem: string}): string {
	return isProfileName(name)
		? `Profile “${name}” is damaged: it ${problem}; sign in again: ${loginCommand(name)}`
		: `An entry “${name}” is damaged: it ${problem}; remove it from the store.`;
}

export function printStatus(
	{store, all, names, choice, damages}: ReturnType<typeof profilesToShow>,
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
			...(damages.length > 0 ? {damagedProfiles: damages} : {}),
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
		const lines = [
			store.kind === 'file'
				? `Credentials file: ${store.where}`
				: `Credentials store: ${store.where} (Redis, shared)`,
		];
		if (!names.includes(choice.name)) {
			lines.push(
				`Profile in use: “${choice.name}” (${describeProfileSource(choice.source)}), not signed in.`,
			);
		}
		for (const status of statuses) {
			lines.push('', ...profileLines(status, verifications.get(status.name), now, choice));
		}
		if (damages.length > 0) lines.push('', ...damages.map(damageLine));
		// One write: a system call per line would cost more than the rest of the answer.
		print(lines.join('\n'));
	}
	const failed = [...verifications.values()].find((verification) => !verification.ok);
	if (failed && !failed.ok) return failed.error.exitCode;
	return damages.length > 0 ? exitCodes.signInNeeded : exitCodes.ok;
}

/**
 * The answer without --verify, as an exit code; undefined when `run` is needed (--verify,
 * --help, a store other than the settings file). Synchronous and network-free, so that the
 * entry point can give it without loading the rest of cc-token.
 */
export function printStoredStatus(argv: string[]): number | undefined {
	const args = parseQuickArguments(argv, 'status');
	if (
		!args ||
		args.verify ||
		remoteStoreRequested(stringOption(args.store) ?? process.env.CC_TOKEN_STORE)
	) {
		return undefined;
	}
	const location = storeLocation();
	// One read of the settings file, for both the profiles and the one in use.
	const document = readStoreDocument(location);
	const shown = profilesToShow(
		{kind: 'file', where: location.file},
		checkProfiles(document?.profiles ?? {}),
		stringOption(args.profile),
		() => document,
	);
	return printStatus(shown, new Map(), args.json === true);
}
