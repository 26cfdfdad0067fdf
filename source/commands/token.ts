// `cc-token token`: prints a valid access token and nothing else, for `$(cc-token token)`.
import {reportError} from '../errors.js';
import {defaultProfileName, storedFreshToken, storeLocation} from '../store/index.js';
import {parseCommandArguments, profileHelp, profileOption} from './arguments.js';
import {freshAccessToken} from './fresh-token.js';
import {print, printHelp} from './output.js';

const spec = {
	name: 'token',
	options: {...profileOption},
	usage: `
Usage: cc-token token [--profile NAME]

Prints a valid access token and a newline, refreshing it first when less than 5 minutes
remain. On failure prints nothing on stdout and one line on stderr.

  curl -H "Authorization: Bearer $(cc-token token)" https://api.cc.email/v3/account/summary

Options:
${profileHelp}`,
} as const;

/**
 * The answer when the stored token still has 5 minutes left, as an exit code; undefined when
 * `run` is needed (a refresh, a missing profile, --help). Synchronous and network-free, so
 * that the entry point can give it without loading the rest of cc-token.
 */
export function printStoredToken(argv: string[]): number | undefined {
	try {
		const args = parseCommandArguments(argv, spec);
		if (args.help) return undefined;
		const stored = storedFreshToken(storeLocation(), args.profile ?? defaultProfileName);
		if (!stored) return undefined;
		print(stored.accessToken);
		return 0;
	} catch (error) {
		return reportError(error, {oneLine: true});
	}
}

export async function run(argv: string[]): Promise<number> {
	try {
		const args = parseCommandArguments(argv, spec);
		if (args.help) return printHelp(spec.usage);
		const {accessToken} = await freshAccessToken(args.profile ?? defaultProfileName);
		print(accessToken);
		return 0;
	} catch (error) {
		return reportError(error, {oneLine: true});
	}
}
