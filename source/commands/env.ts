// `cc-token env`: lines that export the API key and a fresh access token into a shell.
import {CcTokenError} from '../errors.js';
import {defaultProfileName} from '../store/index.js';
import {parseCommandArguments, profileHelp, profileOption} from './arguments.js';
import {freshAccessToken} from './fresh-token.js';
import {print, printHelp} from './output.js';

const spec = {
	name: 'env',
	options: {...profileOption, shell: {type: 'string'}},
	usage: `
Usage: cc-token env [--profile NAME] [--shell sh|fish|powershell]

Prints lines that set CC_API_KEY and CC_ACCESS_TOKEN (refreshed first when needed):

  eval "$(cc-token env)"                         # sh, bash, zsh
  cc-token env --shell fish | source             # fish
  cc-token env --shell powershell | Invoke-Expression

Options:
${profileHelp}
      --shell NAME    sh (default), fish or powershell`,
} as const;

const singleQuoted = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;

const formats = {
	sh: (name: string, value: string) => `export ${name}=${singleQuoted(value)}`,
	fish: (name: string, value: string) =>
		`set -gx ${name} '${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`,
	powershell: (name: string, value: string) => `$env:${name} = '${value.replaceAll("'", "''")}'`,
};

export async function run(argv: string[]): Promise<number> {
	const args = parseCommandArguments(argv, spec);
	if (args.help) return printHelp(spec.usage);
	const shell = args.shell ?? 'sh';
	if (!Object.hasOwn(formats, shell)) {
		throw new CcTokenError('usage', `Unknown shell “${shell}”.`, {
			hint: 'Use --shell sh, --shell fish or --shell powershell.',
		});
	}
	const format = formats[shell as keyof typeof formats];
	const {accessToken, profile} = await freshAccessToken(args.profile ?? defaultProfileName);
	print(format('CC_API_KEY', profile.apiKey));
	print(format('CC_ACCESS_TOKEN', accessToken));
	return 0;
}
