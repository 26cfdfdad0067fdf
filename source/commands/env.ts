// `cc-token env`: lines that set the API key and a fresh access token, for a shell to run or a
// .env file to hold. What is printed is code the shell executes, so every value is checked
// before the first byte goes out, and each shell gets the quoting its own parser applies.
import {CcTokenError} from '../errors.js';
import {checkApiKey} from '../provider/constant-contact.js';
import {writeData} from '../system/output-boundary.js';
import {
	currentPlatform,
	defaultShell,
	type OperatingSystem,
	operatingSystem,
	type ShellName,
} from '../system/platform.js';
import {isB64token} from '../text/grammar.js';
import {parseCommandArguments} from './parse.js';
import {freshAccessToken, storeAt} from './support/fresh-token.js';
import {commandHelp} from './support/help.js';
import type {CommandIo} from './support/io.js';
import {printHelp} from './support/output.js';
import {profileName as chosenProfile} from './support/profile-name.js';

type Format = (name: string, value: string) => string;

/** PowerShell ends a single-quoted string at any of these four, not only at the ASCII one. */
const powerShellQuotes = /['\u2018\u2019\u201A\u201B]/g;

// A value made only of these needs no quotes in a .env file, whichever parser reads it (dotenv,
// python-dotenv, Docker's --env-file, a shell's `source`); a leading ~ would be expanded by sh.
const plainDotenvValue = /^[A-Za-z0-9\-._+/][A-Za-z0-9\-._~+/=]*$/;

// What cmd would expand or end on even inside set "…": quotes, %VAR%, !VAR! (delayed
// expansion), a line break. A valid API key or b64token never holds one.
const unsafeForCmd = /["%!\r\n]/;

const formats = {
	sh: (name, value) => `export ${name}='${value.replaceAll("'", `'\\''`)}'`,
	// In fish's single quotes only \\ and \' are escapes.
	fish: (name, value) =>
		`set -gx ${name} '${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`,
	// Doubling a quote character inside a single-quoted string makes it literal.
	powershell: (name, value) =>
		`$env:${name} = '${value.replace(powerShellQuotes, (quote) => quote + quote)}'`,
	// Inside set "NAME=value" cmd takes & | < > ^ literally; what it cannot hold is refused.
	cmd: (name, value) => {
		if (unsafeForCmd.test(value)) {
			throw new CcTokenError(
				'bad_input',
				`The value of ${name} holds a character cmd would expand or stop at (" % ! or a line break).`,
				{hint: 'Use --shell powershell instead.'},
			);
		}
		return `set "${name}=${value}"`;
	},
	// Single quotes are literal in every .env parser, with no escape for a quote inside.
	dotenv: (name, value) => {
		if (plainDotenvValue.test(value)) return `${name}=${value}`;
		if (/['\r\n]/.test(value)) {
			throw new CcTokenError(
				'bad_input',
				`The value of ${name} holds a quote or a line break, which .env files cannot hold alike in every parser.`,
			);
		}
		return `${name}='${value}'`;
	},
} satisfies Record<string, Format>;

export type EnvFormat = keyof typeof formats;

/** One line that sets NAME to exactly `value` when that shell (or .env parser) reads it. */
export function formatLine(format: EnvFormat, name: string, value: string): string {
	return formats[format](name, value);
}

const shellNames: Record<string, EnvFormat> & Record<ShellName, EnvFormat> = {
	sh: 'sh',
	bash: 'sh',
	zsh: 'sh',
	fish: 'fish',
	powershell: 'powershell',
	pwsh: 'powershell',
	cmd: 'cmd',
};

export interface EnvContext {
	platform?: OperatingSystem | NodeJS.Platform;
	env?: NodeJS.ProcessEnv;
}

/** The format asked for, else the one the person's shell most likely reads. */
export function chooseFormat(
	options: {shell?: string | undefined; dotenv?: boolean | undefined},
	{platform = currentPlatform().os, env = currentPlatform().env}: EnvContext = {},
): EnvFormat {
	if (options.dotenv) {
		if (options.shell !== undefined) {
			throw new CcTokenError('usage', '--dotenv and --shell do not go together.', {
				hint: 'Use --dotenv for a .env file, or --shell NAME for lines a shell runs.',
			});
		}
		return 'dotenv';
	}
	if (options.shell === undefined) {
		// SHELL names it; Windows has none unless a Unix-like shell (Git Bash, MSYS) set it.
		return shellNames[defaultShell({...currentPlatform(), os: operatingSystem(platform), env})];
	}
	const format = shellNames[options.shell.toLowerCase()];
	if (!format) {
		throw new CcTokenError('usage', `Unknown shell “${options.shell}”.`, {
			hint: 'Use --shell sh, fish, powershell or cmd (or --dotenv for a .env file).',
		});
	}
	return format;
}

/**
 * Every line, or the reason there are none: the API key must be an API key and the token a
 * b64token (RFC 6750), so no value can carry shell syntax whatever a server or a hand-edited
 * settings file put there.
 */
export function envLines(
	values: {apiKey: string; accessToken: string},
	format: EnvFormat,
	profileName: string,
): string[] {
	const key = checkApiKey(values.apiKey);
	if (!key.ok || key.apiKey !== values.apiKey) {
		throw new CcTokenError(
			'bad_input',
			`The API key stored in profile “${profileName}” is not an API key, so cc-token prints no lines for a shell to run.`,
			{hint: 'Sign in again with `cc-token login --client-id YOUR_API_KEY`.'},
		);
	}
	if (!isB64token(values.accessToken)) {
		throw new CcTokenError(
			'bad_response',
			`The access token stored in profile “${profileName}” is not in the form OAuth allows (RFC 6750), so cc-token prints no lines for a shell to run.`,
			{hint: 'Get a new one with `cc-token refresh`, or sign in again with `cc-token login`.'},
		);
	}
	return [
		formatLine(format, 'CC_API_KEY', values.apiKey),
		formatLine(format, 'CC_ACCESS_TOKEN', values.accessToken),
	];
}

export async function run(argv: string[], io: CommandIo): Promise<number> {
	const args = parseCommandArguments(argv, 'env');
	if (args.help) return printHelp(io, commandHelp('env'));
	const format = chooseFormat(args, {env: io.env});
	const profileName = chosenProfile(args, io);
	const {accessToken, profile} = await freshAccessToken(
		profileName,
		args.store === undefined ? {} : {store: await storeAt(args.store)},
	);
	const lines = envLines({apiKey: profile.apiKey, accessToken}, format, profileName);
	// One write: a reader sees every line or none.
	// Shell code, written as it is: its values were checked above.
	writeData(1, `${lines.join('\n')}\n`);
	return 0;
}
