// `cc-token status`: what is stored for every profile, and how long it will last. Never prints
// a token or a secret.

import {CcTokenError, exitCodes, toCcTokenError} from '../errors.js';
import {refreshTokenIdleLifetimeDays} from '../provider/constant-contact.js';
import {type Profile, readProfiles, saveProfile, storeLocation} from '../store/index.js';
import {describeTimeLeft} from '../text/time-left.js';
import {
	jsonHelp,
	jsonOption,
	parseCommandArguments,
	profileHelp,
	profileOption,
} from './arguments.js';
import {freshAccessToken} from './fresh-token.js';
import {print, printHelp, printJson} from './output.js';

const spec = {
	name: 'status',
	options: {...profileOption, ...jsonOption, verify: {type: 'boolean'}},
	usage: `
Usage: cc-token status [--profile NAME] [--verify] [--json]

Shows every profile (or one): its API key, whether a secret is stored, the scopes, the time
left on the access token, the refresh token, the account, and where the file lives.

Options:
${profileHelp}
      --verify        check the token with Constant Contact (GET /account/summary)
${jsonHelp}`,
} as const;

const dayMs = 86_400_000;

type Verification = {ok: true; account: Profile['account']} | {ok: false; error: CcTokenError};

function describeProfile(name: string, profile: Profile, now: number) {
	const lastUse = profile.lastRefreshAt ?? profile.signedInAt;
	const refreshIdleExpiresAt =
		profile.refreshToken && lastUse ? lastUse + refreshTokenIdleLifetimeDays * dayMs : undefined;
	return {
		name,
		apiKey: profile.apiKey,
		secretStored: Boolean(profile.clientSecret),
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
			present: Boolean(profile.refreshToken),
			kind: profile.refreshTokenKind ?? null,
			lastRefreshAt: profile.lastRefreshAt ? new Date(profile.lastRefreshAt).toISOString() : null,
			unusedExpiresAt: refreshIdleExpiresAt ? new Date(refreshIdleExpiresAt).toISOString() : null,
		},
		account: profile.account ?? null,
	};
}

type ProfileStatus = ReturnType<typeof describeProfile>;

function printProfile(status: ProfileStatus, verification: Verification | undefined, now: number) {
	print(`Profile “${status.name}”`);
	print(`  API key        ${status.apiKey}`);
	print(`  secret         ${status.secretStored ? 'stored' : 'none (public client, PKCE)'}`);
	print(`  scopes         ${status.scopes.join(' ') || 'unknown'}`);
	const token = status.accessToken;
	print(
		`  access token   ${
			token.present && token.expiresAt
				? `${token.secondsLeft > 0 ? 'valid for ' : ''}${describeTimeLeft(Date.parse(token.expiresAt), now)}`
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
							? ` — ${idle > 0 ? `dies in ${describeTimeLeft(now + idle, now)} unless used` : 'probably expired: unused for 180 days'}`
							: ''
					}`
				: 'none: sign in again when the access token expires'
		}`,
	);
	const account = status.account;
	print(
		`  account        ${account ? [account.name, account.email && `<${account.email}>`, account.organization && `(${account.organization})`].filter(Boolean).join(' ') : 'not verified yet'}`,
	);
	if (verification) {
		print(
			`  verified       ${verification.ok ? 'yes, Constant Contact accepts the token' : `no: ${verification.error.message}`}`,
		);
	}
}

async function verify(profileName: string): Promise<Verification> {
	try {
		const {accessToken} = await freshAccessToken(profileName);
		const [{fetchAccountSummary}, {endpointsFrom}] = await Promise.all([
			import('../api/account-summary.js'),
			import('../provider/constant-contact.js'),
		]);
		const summary = await fetchAccountSummary({endpoints: endpointsFrom(), accessToken});
		const account = {
			name: summary.name,
			email: summary.email,
			organization: summary.organization,
		};
		// Keep what the service says about the account, for status without --verify.
		await saveProfile(storeLocation(), profileName, (current) => ({...current!, account}));
		return {ok: true, account};
	} catch (error) {
		return {ok: false, error: toCcTokenError(error)};
	}
}

/** The profiles to show: every stored one, or the one asked for. */
function profilesToShow(profileName: string | undefined) {
	const location = storeLocation();
	const all = readProfiles(location);
	const names = profileName ? [profileName] : Object.keys(all).sort();
	const missing = names.filter((name) => !all[name]);
	if (names.length === 0 || missing.length > 0) {
		const what = missing.length > 0 ? `No profile “${missing[0]}”` : 'No profiles yet';
		throw new CcTokenError('not_signed_in', `${what} in ${location.file}.`, {
			hint: 'Sign in with `cc-token login` (or run `cc-token` for the guide).',
		});
	}
	return {location, all, names};
}

function printStatus(
	{location, all, names}: ReturnType<typeof profilesToShow>,
	verifications: Map<string, Verification>,
	json: boolean,
): number {
	const now = Date.now();
	const statuses = names.map((name) => describeProfile(name, all[name]!, now));
	if (json) {
		printJson({
			file: location.file,
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
		print(`Credentials file: ${location.file}`);
		for (const status of statuses) {
			print('');
			printProfile(status, verifications.get(status.name), now);
		}
	}
	const failed = [...verifications.values()].find((verification) => !verification.ok);
	return failed && !failed.ok ? failed.error.exitCode : exitCodes.ok;
}

/**
 * The answer without --verify, as an exit code; undefined when `run` is needed (--verify,
 * --help). Synchronous and network-free, so that the entry point can give it without loading
 * the rest of cc-token.
 */
export function printStoredStatus(argv: string[]): number | undefined {
	const args = parseCommandArguments(argv, spec);
	if (args.help || args.verify) return undefined;
	return printStatus(profilesToShow(args.profile), new Map(), args.json === true);
}

export async function run(argv: string[]): Promise<number> {
	const args = parseCommandArguments(argv, spec);
	if (args.help) return printHelp(spec.usage);
	const shown = profilesToShow(args.profile);
	const verifications = new Map<string, Verification>();
	if (args.verify) {
		for (const name of shown.names) verifications.set(name, await verify(name));
	}
	return printStatus(shown, verifications, args.json === true);
}
