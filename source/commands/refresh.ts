// `cc-token refresh`: renews the access token now, whatever time it has left.
import {describeMoment} from '../text/time.js';
import {parseCommandArguments} from './parse.js';
import {freshAccessToken} from './support/fresh-token.js';
import {commandHelp} from './support/help.js';
import type {CommandIo} from './support/io.js';
import {printHelp, printJson, say} from './support/output.js';
import {commandStore} from './support/process-io.js';
import {profileName as chosenProfile} from './support/profile-name.js';

export async function run(argv: string[], io: CommandIo): Promise<number> {
	const args = parseCommandArguments(argv, 'refresh');
	if (args.help) return printHelp(io, commandHelp('refresh'));
	const profileName = chosenProfile(args, io);
	const {expiresAt, profile} = await freshAccessToken(profileName, {
		force: true,
		store: commandStore(io, args.store),
	});
	if (args.json) {
		printJson(io, {
			profile: profileName,
			expiresAt: new Date(expiresAt).toISOString(),
			refreshTokenKind: profile.refreshTokenKind ?? null,
		});
	} else {
		const kind =
			profile.refreshTokenKind === 'rotating'
				? ' The rotating refresh token was replaced and saved.'
				: '';
		say(
			io,
			`Refreshed profile “${profileName}”: the access token is valid until ${describeMoment(expiresAt)}.${kind}`,
		);
	}
	return 0;
}
