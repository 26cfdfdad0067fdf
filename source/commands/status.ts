// `cc-token status`: what is stored for every profile, and how long it will last, from any
// store, with --verify asking Constant Contact whether each token works. What it shows is
// support/status-report.ts's. Never prints a token or a secret.
import {toCcTokenError} from '../errors.js';
import type {CredentialStore} from '../store/index.js';
import {parseCommandArguments} from './parse.js';
import {freshAccessToken} from './support/fresh-token.js';
import {commandHelp} from './support/help.js';
import type {CommandIo} from './support/io.js';
import {printHelp} from './support/output.js';
import {commandStore} from './support/process-io.js';
import {printStatus, profilesToShow, type Verification} from './support/status-report.js';

async function verify(
	io: CommandIo,
	store: CredentialStore,
	profileName: string,
): Promise<Verification> {
	try {
		const {accessToken, profile} = await freshAccessToken(profileName, {store});
		const [{readAccount}, {profileEndpoints}] = await Promise.all([
			import('../session/account.js'),
			import('../provider/constant-contact.js'),
		]);
		const account = await readAccount(
			profileEndpoints(profileName, profile.server, io.env),
			accessToken,
		);
		// Keep what the service says about the account, for status without --verify.
		await store.saveProfile(profileName, (current) => ({...current!, account}));
		return {ok: true, account};
	} catch (error) {
		return {ok: false, error: toCcTokenError(error)};
	}
}

export async function run(argv: string[], io: CommandIo): Promise<number> {
	const args = parseCommandArguments(argv, 'status');
	if (args.help) return printHelp(io, commandHelp('status'));
	const store = commandStore(io, args.store);
	const shown = profilesToShow(io, store, await store.readProfiles(), args.profile);
	const verifications = new Map<string, Verification>();
	if (args.verify) {
		for (const name of shown.names) verifications.set(name, await verify(io, store, name));
	}
	return printStatus(io, shown, verifications, args.json === true);
}
