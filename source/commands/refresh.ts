// `cc-token refresh`: renews the access token now, whatever time it has left.
import {openStore} from '../store/index.js';
import {describeMoment} from '../text/time.js';
import {parseCommandArguments} from './parse.js';
import {freshAccessToken} from './support/fresh-token.js';
import {commandHelp} from './support/help.js';
import {printHelp, printJson, say} from './support/output.js';
import {profileName as chosenProfile} from './support/profile-name.js';

export async function run(argv: string[]): Promise<number> {
	const args = parseCommandArguments(argv, 'refresh');
	if (args.help) return printHelp(commandHelp('refresh'));
	const profileName = chosenProfile(args);
	const {expiresAt, profile} = await freshAccessToken(profileName, {
		force: true,
		...(args.store === undefined ? {} : {store: openStore(args.store)}),
	});
	if (args.json) {
		printJson({
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
			`Refreshed profile “${profileName}”: the access token is valid until ${describeMoment(expiresAt)}.${kind}`,
		);
	}
	return 0;
}
