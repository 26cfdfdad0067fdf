// `cc-token refresh`: renews the access token now, whatever time it has left.
import {defaultProfileName} from '../store/index.js';
import {describeTimeLeft} from '../text/time-left.js';
import {
	jsonHelp,
	jsonOption,
	parseCommandArguments,
	profileHelp,
	profileOption,
} from './arguments.js';
import {freshAccessToken} from './fresh-token.js';
import {printHelp, printJson, say} from './output.js';

const spec = {
	name: 'refresh',
	options: {...profileOption, ...jsonOption},
	usage: `
Usage: cc-token refresh [--profile NAME] [--json]

Renews the access token now with the stored refresh token, and saves both before anything
else happens. Prints no token.

Options:
${profileHelp}
${jsonHelp}`,
} as const;

export async function run(argv: string[]): Promise<number> {
	const args = parseCommandArguments(argv, spec);
	if (args.help) return printHelp(spec.usage);
	const profileName = args.profile ?? defaultProfileName;
	const {expiresAt, profile} = await freshAccessToken(profileName, {force: true});
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
			`Refreshed profile “${profileName}”: the access token is valid for ${describeTimeLeft(expiresAt)}.${kind}`,
		);
	}
	return 0;
}
