// Flag parsing shared by the plain commands. node:util's parseArgs costs nothing at start-up,
// which matters for `cc-token token` (it runs before every API call in people's scripts).
import {parseArgs} from 'node:util';
import {CcTokenError} from '../errors.js';

type OptionSpec = {type: 'string' | 'boolean'; short?: string};
type Values<O extends Record<string, OptionSpec>> = {
	[K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string;
} & {help?: boolean};

export interface CommandSpec<O extends Record<string, OptionSpec>> {
	name: string;
	usage: string;
	options: O;
}

/** Parses argv strictly; a mistyped flag is a usage error (exit 2) naming the flag. */
export function parseCommandArguments<O extends Record<string, OptionSpec>>(
	argv: string[],
	spec: CommandSpec<O>,
): Values<O> {
	try {
		const {values} = parseArgs({
			args: argv,
			options: {...spec.options, help: {type: 'boolean', short: 'h'}},
			strict: true,
			allowPositionals: false,
		});
		return values as Values<O>;
	} catch (error) {
		const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
		throw new CcTokenError('usage', `${spec.name}: ${reason}`, {
			hint: `Run \`cc-token ${spec.name} --help\` to see its options.`,
		});
	}
}

export const profileOption = {profile: {type: 'string', short: 'p'}} as const;
export const jsonOption = {json: {type: 'boolean'}} as const;

export const profileHelp = '  -p, --profile NAME  the profile to use (default: default)';
export const jsonHelp = '      --json          print JSON for scripts';
