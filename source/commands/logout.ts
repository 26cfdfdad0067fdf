// `cc-token logout`: revokes what it can (best effort: Constant Contact documents no revoke
// endpoint), then deletes the stored credentials.

import {CcTokenError, isCcTokenError} from '../errors.js';
import {ownEndpoints} from '../provider/constant-contact.js';
import {type CredentialStore, type Profile, storedNames} from '../store/index.js';
import {parseCommandArguments} from './parse.js';
import {commandHelp} from './support/help.js';
import type {CommandIo} from './support/io.js';
import {print, printHelp, printJson} from './support/output.js';
import {commandStore} from './support/process-io.js';
import {profileName} from './support/profile-name.js';

/**
 * The profile with its secrets, wherever the store keeps them (the OS keychain included). A
 * keychain entry removed outside cc-token does not hold up a sign-out: what is missing is said.
 */
async function withSecrets(
	store: CredentialStore,
	name: string,
	profile: Profile,
): Promise<{secrets: Profile; missing?: string}> {
	try {
		return {secrets: (await store.readProfile(name)) ?? profile};
	} catch (error) {
		if (!isCcTokenError(error) || error.code !== 'keychain_entry_missing') throw error;
		return {secrets: profile, missing: error.message};
	}
}

async function revokeAll(profile: Profile): Promise<boolean> {
	const {revokeToken} = await import('../auth/token-client.js');
	const client = {
		// The server that issued the tokens, which alone may see them again.
		endpoints: ownEndpoints(profile.server),
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

export async function run(argv: string[], io: CommandIo): Promise<number> {
	const args = parseCommandArguments(argv, 'logout');
	if (args.help) return printHelp(io, commandHelp('logout'));
	if (args.all && args.profile) {
		throw new CcTokenError('usage', 'Use either --profile or --all, not both.');
	}
	const store = commandStore(io, args.store);
	const stored = await store.readProfiles();
	const {sound, damaged} = stored;
	const names = args.all ? storedNames(stored) : [profileName(args, io)];
	const results: Array<{
		profile: string;
		existed: boolean;
		revoked: boolean;
		/** What was wrong with a damaged profile, removed as it was. */
		damaged?: string;
		/** What the OS keychain no longer held. */
		missing?: string;
	}> = [];
	for (const name of names) {
		if (Object.hasOwn(damaged, name)) {
			// Nothing in it can be trusted to send anywhere: it is only removed.
			await store.deleteProfile(name);
			results.push({profile: name, existed: true, revoked: false, damaged: damaged[name]!});
			continue;
		}
		const profile = sound[name];
		if (!profile) {
			results.push({profile: name, existed: false, revoked: false});
			continue;
		}
		const {secrets, missing} = await withSecrets(store, name, profile);
		const revoked = await revokeAll(secrets);
		await store.deleteProfile(name);
		results.push({profile: name, existed: true, revoked, ...(missing ? {missing} : {})});
	}
	if (args.json) {
		printJson(io, {
			store: {kind: store.kind, where: store.where},
			...(store.kind === 'file' ? {file: store.where} : {}),
			results,
		});
		return 0;
	}
	if (results.length === 0) print(io, 'No profiles stored; nothing to sign out of.');
	for (const result of results) {
		if (!result.existed) {
			print(io, `No profile “${result.profile}”; nothing to sign out of.`);
		} else if (result.damaged) {
			print(
				io,
				`Removed profile “${result.profile}”: it was damaged (it ${result.damaged}), so nothing was revoked.`,
			);
		} else {
			print(
				io,
				`Signed out of “${result.profile}”: credentials deleted${
					result.revoked
						? ' and the tokens revoked.'
						: '. Constant Contact did not confirm revoking the tokens; they stop working when they expire.'
				}`,
			);
			if (result.missing)
				print(io, `  ${result.missing} Only what the settings file held was revoked.`);
		}
	}
	return 0;
}
