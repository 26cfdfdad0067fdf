// `cc-token exec -- CMD ARGS…`: runs a program with a fresh access token and the API key in its
// environment, so neither ever appears in a command line or a shell history. The program owns
// the terminal; cc-token passes signals on and leaves with the program's own exit status.
import {spawn} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {constants} from 'node:os';
import {isatty} from 'node:tty';
import {freshAccessToken} from '../api/fresh-token.js';
import {CcTokenError} from '../errors.js';
import {parseStoreAddress} from '../store/store-address.js';
import {reportError} from '../system/output-boundary.js';
import {parseCommandArguments} from './parse.js';
import {storeAt} from './support/fresh-token.js';
import {commandHelp} from './support/help.js';
import type {CommandIo} from './support/io.js';
import {printHelp} from './support/output.js';
import {profileName} from './support/profile-name.js';

// Signals a person or a supervisor sends to stop or poke a program, all passed on. SIGINT and
// SIGQUIT from the keyboard already reach COMMAND, which shares the terminal's foreground
// process group: those are not passed on again (see fromKeyboard).
const forwarded: NodeJS.Signals[] = [
	'SIGTERM',
	'SIGHUP',
	'SIGINT',
	'SIGQUIT',
	'SIGUSR1',
	'SIGUSR2',
];

/**
 * Whether a SIGINT or SIGQUIT that reached cc-token may have come from the keyboard: only when
 * a terminal is on stdin and cc-token is in that terminal's foreground process group — and
 * then the program, in the same group, has had it too. Anything else came from another
 * process (a supervisor, `kill`, a job in the background) and is passed on. Node does not say
 * who sent a signal, so the group is read from /proc (Linux); elsewhere a terminal on stdin is
 * taken to mean the keyboard.
 */
function fromKeyboard(): boolean {
	if (!isatty(0)) return false;
	let stat: string;
	try {
		stat = readFileSync('/proc/self/stat', 'utf8');
	} catch {
		return true;
	}
	// After “pid (name) ”: state ppid pgrp session tty_nr tpgid (the terminal's foreground group).
	const [, , pgrp, , , foreground] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return pgrp === foreground;
}

/**
 * The environment cc-token was given, less what is cc-token's own secret: the program gets
 * the token and the API key it needs, never the client secret nor a store address that holds
 * a password.
 */
function withoutOwnSecrets(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
	const {CC_CLIENT_SECRET, CC_TOKEN_STORE, ...rest} = env;
	const store = CC_TOKEN_STORE ? parseStoreAddress(CC_TOKEN_STORE) : undefined;
	const storeHasPassword = store?.kind === 'redis' && store.password !== undefined;
	return storeHasPassword || CC_TOKEN_STORE === undefined ? rest : {...rest, CC_TOKEN_STORE};
}

const putCommandAfterSeparator = 'Put the command after --, e.g. cc-token exec -- node script.js';

function parse(
	argv: string[],
	io: CommandIo,
): {profile: string; store: string | undefined; command: string[]} | 'help' {
	const separator = argv.indexOf('--');
	const own = separator === -1 ? argv : argv.slice(0, separator);
	const values = parseCommandArguments(own, 'exec');
	if (values.help) return 'help';
	const command = separator === -1 ? [] : argv.slice(separator + 1);
	if (values.positionals.length > 0 || command.length === 0) {
		throw new CcTokenError(
			'usage',
			values.positionals.length > 0
				? `exec: “${values.positionals[0]}” must come after --.`
				: 'exec: no command to run.',
			{hint: putCommandAfterSeparator},
		);
	}
	return {profile: profileName(values, io), store: values.store, command};
}

export async function run(argv: string[], io: CommandIo): Promise<number> {
	const parsed = parse(argv, io);
	if (parsed === 'help') return printHelp(io, commandHelp('exec'));
	const {accessToken, profile} = await freshAccessToken(
		parsed.profile,
		parsed.store === undefined ? {} : {store: await storeAt(parsed.store)},
	);
	const [file, ...args] = parsed.command as [string, ...string[]];

	const child = spawn(file, args, {
		stdio: 'inherit',
		env: {
			...withoutOwnSecrets(process.env),
			CC_ACCESS_TOKEN: accessToken,
			CC_API_KEY: profile.apiKey,
		},
	});
	const passOn = (signal: NodeJS.Signals) => {
		if ((signal === 'SIGINT' || signal === 'SIGQUIT') && fromKeyboard()) return;
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
