// `cc-token exec -- CMD ARGS…`: runs a program with a fresh access token and the API key in its
// environment, so neither ever appears in a command line or a shell history. The program owns
// the terminal; cc-token passes signals on and leaves with the program's own exit status.
import {spawn} from 'node:child_process';
import {constants} from 'node:os';
import {parseArgs} from 'node:util';
import {freshAccessToken} from '../api/fresh-token.js';
import {CcTokenError, reportError} from '../errors.js';
import {defaultProfileName} from '../store/index.js';
import {printHelp} from './output.js';

const usage = `
Usage: cc-token exec [--profile NAME] -- COMMAND [ARGS…]

Runs COMMAND with CC_ACCESS_TOKEN (an access token valid for at least 5 more minutes,
refreshed first when needed) and CC_API_KEY in its environment, and exits with COMMAND's exit
code (128+N when a signal N ended it). Signals sent to cc-token are passed on to COMMAND.

  cc-token exec -- node sync-contacts.js
  cc-token exec --profile work -- sh -c 'curl -H "Authorization: Bearer $CC_ACCESS_TOKEN" https://api.cc.email/v3/account/summary'

The token lives 24 hours at most: a program that runs longer should ask for a new one
(\`cc-token token\`) or use the Node library's getAccessToken.

Options:
  -p, --profile NAME  the profile to use (default: default)

Exit codes: COMMAND's own; 126 COMMAND could not be run; 127 COMMAND was not found; cc-token's
own codes (2 usage, 3 sign-in needed, 5 network) when no token could be had.`;

// Signals a person or a supervisor sends to stop or poke a program. SIGINT and SIGQUIT from the
// keyboard already reach COMMAND, which shares the terminal's process group: those are passed
// on only when they did not come from the terminal.
const forwarded: NodeJS.Signals[] = [
	'SIGTERM',
	'SIGHUP',
	'SIGINT',
	'SIGQUIT',
	'SIGUSR1',
	'SIGUSR2',
];

function parse(argv: string[]): {profile: string; command: string[]} | 'help' {
	const separator = argv.indexOf('--');
	const own = separator === -1 ? argv : argv.slice(0, separator);
	let values: {profile?: string; help?: boolean};
	try {
		({values} = parseArgs({
			args: own,
			options: {profile: {type: 'string', short: 'p'}, help: {type: 'boolean', short: 'h'}},
			strict: true,
			allowPositionals: false,
		}));
	} catch (error) {
		throw new CcTokenError('usage', `exec: ${(error as Error).message.split('\n')[0]}`, {
			hint: 'Put the command after --, e.g. cc-token exec -- node script.js',
		});
	}
	if (values.help) return 'help';
	const command = separator === -1 ? [] : argv.slice(separator + 1);
	if (command.length === 0) {
		throw new CcTokenError('usage', 'exec: no command to run.', {
			hint: 'Put the command after --, e.g. cc-token exec -- node script.js',
		});
	}
	return {profile: values.profile ?? defaultProfileName, command};
}

export async function run(argv: string[]): Promise<number> {
	const parsed = parse(argv);
	if (parsed === 'help') return printHelp(usage);
	const {accessToken, profile} = await freshAccessToken(parsed.profile);
	const [file, ...args] = parsed.command as [string, ...string[]];

	const child = spawn(file, args, {
		stdio: 'inherit',
		env: {...process.env, CC_ACCESS_TOKEN: accessToken, CC_API_KEY: profile.apiKey},
	});
	const fromTerminal = process.stdin.isTTY === true;
	const passOn = (signal: NodeJS.Signals) => {
		if (fromTerminal && (signal === 'SIGINT' || signal === 'SIGQUIT')) return;
		child.kill(signal);
	};
	for (const signal of forwarded) process.on(signal, passOn);
	try {
		const outcome = await new Promise<number | NodeJS.ErrnoException>((resolve) => {
			child.once('error', resolve);
			child.once('exit', (code, signal) => {
				resolve(signal ? 128 + (constants.signals[signal] ?? 0) : (code ?? 1));
			});
		});
		if (typeof outcome === 'number') return outcome;
		const missing = outcome.code === 'ENOENT';
		reportError(
			new CcTokenError(
				'usage',
				`exec: ${missing ? 'no such command' : 'could not run'} “${file}” (${outcome.code ?? outcome.message}).`,
				{hint: missing ? 'Check the name, or give its full path.' : 'Check that it is executable.'},
			),
		);
		return missing ? 127 : 126;
	} finally {
		for (const signal of forwarded) process.off(signal, passOn);
	}
}
