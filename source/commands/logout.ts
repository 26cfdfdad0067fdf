// `cc-token logout`: revokes what it can (best effort: Constant Contact documents no revoke
// endpoint), then deletes the stored credentials.

import {CcTokenError} from '../errors.js';
import {endpointsFrom} from '../provider/constant-contact.js';
import {openStore, type Profile} from '../store/index.js';
import {parseCommandArguments} from './arguments.js';
import {commandHelp} from './help.js';
import {print, printHelp, printJson} from './output.js';
import {profileName} from './profile-name.js';

/** The server that issued the profile's tokens, which alone may see them again. */
function issuerOf(profile: Profile) {
	return profile.server
		? endpointsFrom({
				CC_TOKEN_AUTH_URL: profile.server.authBaseUrl,
				CC_TOKEN_API_URL: profile.server.apiBaseUrl,
			})
		: endpointsFrom();
}

async function revokeAll(profile: Profile): Promise<boolean> {
	const {revokeToken} = await import('../auth/token-client.js');
	const client = {
		endpoints: issuerOf(profile),
		apiKey: profile.apiKey,
		clientSecret: profile.clientSecret,
	};
	const results = await Promise.all([
		profile.refreshToken
			? revokeToken({...client, token: profile.refreshToken, tokenTypeHint: 'refresh_token'})
			: true,
		profile.accessToken
			? revokeToken({...client, token: profile.accessToken, tokenTypeHint: 'access_token'})
			: true,
	]);
	return results.every(Boolean);
}

export async function run(argv: string[]): Promise<number> {
	const args = parseCommandArguments(argv, 'logout');
	if (args.help) return printHelp(commandHelp('logout'));
	if (args.all && args.profile) {
		throw new CcTokenError('usage', 'Use either --profile or --all, not both.');
	}
	const store = openStore(args.store);
	const profiles = await store.readProfiles();
	const names = args.all ? Object.keys(profiles) : [profileName(args)];
	const results = [];
	for (const name of names) {
		const profile = profiles[name];
		if (!profile) {
			results.push({profile: name, existed: false, revoked: false});
			continue;
		}
		// With its secrets, wherever the store keeps them (the OS keychain included).
		const revoked = await revokeAll((await store.readProfile(name)) ?? profile);
		await store.deleteProfile(name);
		results.push({profile: name, existed: true, revoked});
	}
	if (args.json) {
		printJson({
			store: {kind: store.kind, where: store.where},
			...(store.kind === 'file' ? {file: store.where} : {}),
			results,
		});
		return 0;
	}
	if (results.length === 0) print('No profiles stored; nothing to sign out of.');
	for (const result of results) {
		if (!result.existed) {
			print(`No profile “${result.profile}”; nothing to sign out of.`);
		} else {
			print(
				`Signed out of “${result.profile}”: credentials deleted${
					result.revoked
						? ' and the tokens revoked.'
						: '. Constant Contact did not confirm revoking the tokens; they stop working when they expire.'
				}`,
			);
		}
	}
	return 0;
}
