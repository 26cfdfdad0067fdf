// The one table of commands and options. It feeds the parser (parse.ts) with its errors for
// mistyped input ("did you mean"), `--help` (support/help.ts) and shell completion
// (completion.ts), and tells the build (build.mjs) and the entry point (cli.ts) which commands
// the entry answers itself. Adding a command is one entry here plus its module in main.ts's
// loaders (and, for one the entry answers, its bundle in quick/); adding an option is one line.
//
// The entry point's bundles hold parts of this file, so it holds text and plain functions only.
import {defaultSignInTimeoutMs} from '../auth/sign-in-timeout.js';
import {defaultRedirectUri, defaultScopes} from '../provider/constant-contact.js';
import {oktaReadingsHelp} from '../provider/emulator/okta-readings.js';

/** What a shell may offer for a value: the stored profile names, or a fixed list. */
export type Completion = 'profiles' | readonly string[];

export interface OptionSpec {
	type: 'string' | 'boolean';
	short?: string;
	/** The value's placeholder in help, e.g. NAME. */
	value?: string;
	help: string;
	complete?: Completion;
	/** May be given more than once; the values come as a list. */
	multiple?: boolean;
}

export interface PositionalSpec {
	name: string;
	optional?: boolean;
	/** Takes every word from here on (the command has its own rules for them). */
	rest?: boolean;
	complete?: Completion;
}

export interface CommandSpec {
	/** One line for `cc-token --help`. */
	summary: string;
	/** The paragraph under the usage line of `cc-token COMMAND --help`. */
	about: string;
	/** The usage line after `cc-token `, when "COMMAND [options]" does not say enough. */
	usage?: string;
	options: Readonly<Record<string, OptionSpec>>;
	positionals?: readonly PositionalSpec[];
	/** Paragraphs after the examples: what else to know (exit codes, limits). */
	notes?: readonly string[];
	/** Command lines, each shown as is; at least one per command. */
	examples: readonly string[];
	/**
	 * Commands a person may have meant when giving this one an option it lacks: a mistaken
	 * option is looked for among theirs (`cc-token token --json`: `cc-token status --json`).
	 */
	related?: readonly string[];
	/** Left out of help and completion (machinery for the shell scripts). */
	hidden?: boolean;
	/**
	 * The command stops itself on Ctrl+C (cancels a sign-in, closes a server, passes it on to a
	 * program) and chooses its exit code; every other command ends at once with 130.
	 */
	handlesInterrupt?: boolean;
	/**
	 * The entry point (cli.ts) answers this command itself, from a CommonJS bundle of its own
	 * (source/quick/BUNDLE.ts → dist/quick/BUNDLE.js) loaded only for it, that may answer
	 * undefined to hand the command on to the full command set. The build makes one per entry
	 * and refuses one that weighs more than budgetBytes: every kilobyte is paid at each start.
	 * With readsOptions, the bundle reads argv with quick/arguments.ts, from this command's
	 * grammar, which the build writes into it.
	 */
	quick?: {bundle: string; budgetBytes: number; readsOptions?: boolean};
}

const profile = {
	profile: {
		type: 'string',
		short: 'p',
		value: 'NAME',
		help: 'the profile to use (default: $CC_TOKEN_PROFILE, else the one chosen with `cc-token use`, else “default”)',
		complete: 'profiles',
	},
} as const;
const json = {json: {type: 'boolean', help: 'print JSON for scripts'}} as const;
const store = {
	store: {
		type: 'string',
		value: 'URL',
		help: 'where profiles live: redis://[user:password@]host:port[/db], or rediss:// for TLS, shared by a fleet (default: $CC_TOKEN_STORE, else the settings file). Redis holds the secrets itself: --keychain is for the settings file only',
	},
} as const;
const noBrowser = {
	'no-browser': {type: 'boolean', help: 'do not open a browser; show the addresses only'},
} as const;

export const shells = ['bash', 'zsh', 'fish'] as const;

// Built by a call marked pure, so that a bundle using none of the table (the entry's own
// answers) leaves it out: its spreads and calls would otherwise look like side effects.
export const commandTable = /* @__PURE__ */ (() =>
	({
		guide: {
			handlesInterrupt: true,
			summary: 'the full-screen guide (the default)',
			usage: '[guide] [options]',
			about:
				'A full-screen guide from a Constant Contact account to a working API key and access token. Fields start from $CC_CLIENT_ID, $CC_CLIENT_SECRET, $CC_REDIRECT_URI and the stored profile.',
			options: {...profile, ...store, ...noBrowser},
			examples: ['cc-token', 'cc-token --profile shop'],
		},
		login: {
			handlesInterrupt: true,
			summary: 'sign in without the guide',
			about:
				'Signs in to Constant Contact in your browser and saves the tokens to a profile. Before anything opens, cc-token asks Constant Contact whether the API key is known, the redirect URI registered and the secret needed, and stops at once with the fix (exit 7) if not. While it waits you can also paste the address-bar URL your browser ended on, then Enter.',
			options: {
				'client-id': {
					type: 'string',
					value: 'KEY',
					help: 'your application’s API key (else $CC_CLIENT_ID, else the profile’s)',
				},
				'client-secret': {
					type: 'string',
					value: 'SECRET',
					help: 'its secret: required for an application created with the Authorization Code flow (else $CC_CLIENT_SECRET, else the profile’s); PKCE and Device Flow applications have none',
				},
				'redirect-uri': {
					type: 'string',
					value: 'URI',
					help: `the redirect URI registered for the application (else $CC_REDIRECT_URI, else the profile’s, else ${defaultRedirectUri})`,
				},
				scope: {
					type: 'string',
					value: '"A B"',
					help: `scopes, space-separated (else the profile’s, else ${defaultScopes.join(' ')})`,
				},
				device: {
					type: 'boolean',
					help: 'sign in with a code on another device instead of a redirect (a Device Flow application always does)',
				},
				...noBrowser,
				keychain: {
					type: 'boolean',
					help: 'keep the refresh token and client secret in the OS keychain (macOS Keychain, Windows Credential Manager, the Secret Service on Linux), not in the settings file; remembered for the profile (also CC_TOKEN_KEYCHAIN=1). Refused, with nothing saved, where no keychain answers. For the settings file only: a Redis store holds its own secrets',
				},
				timeout: {
					type: 'string',
					value: 'SECONDS',
					help: `how long to wait for the browser (default ${defaultSignInTimeoutMs / 1000})`,
				},
				'with-refresh-token': {
					type: 'boolean',
					help: 'sign in with a refresh token read from standard input (for CI: no browser); it is renewed at once to prove it',
				},
				yes: {
					type: 'boolean',
					short: 'y',
					help: 'save without asking (in a terminal, login first shows whose account was signed in and asks; scripts and --json are never asked)',
				},
				...profile,
				...store,
				json: {
					type: 'boolean',
					help: 'write JSON lines on stdout as things happen (the address, the device code, the result or the error)',
				},
			},
			examples: [
				'cc-token login --client-id 1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d',
				'cc-token login --with-refresh-token --client-id "$CC_CLIENT_ID" < refresh-token.txt',
				'CC_CLIENT_SECRET=… cc-token login --client-id … --profile shop',
				'cc-token login --device',
			],
			notes: ['An empty variable counts as not set.'],
		},
		token: {
			related: ['status', 'env', 'refresh'],
			// It holds the store boundary's one profile check and the look for a rescue file.
			quick: {bundle: 'token', budgetBytes: 22_000, readsOptions: true},
			summary: 'print a valid access token (for scripts)',
			about:
				'Prints a valid access token and a newline, refreshing it first when less than 5 minutes remain. On failure prints nothing on stdout, and on stderr what went wrong with what to do next.',
			options: {...profile, ...store},
			examples: [
				`printf 'Authorization: Bearer %s\\n' "$(cc-token token)" | curl -H @- https://api.cc.email/v3/account/summary`,
			],
		},
		status: {
			related: ['env', 'doctor', 'login'],
			quick: {bundle: 'status', budgetBytes: 24_000, readsOptions: true},
			summary: 'show the stored profiles and their tokens',
			about:
				'Shows every profile (or one): its API key, whether a secret is stored, the scopes, the time left on the access token, the refresh token, the account, the server it belongs to, and where the file lives. Never prints a token or a secret.',
			options: {
				...profile,
				...store,
				verify: {
					type: 'boolean',
					help: 'check the token with Constant Contact (GET /account/summary)',
				},
				...json,
			},
			examples: ['cc-token status', 'cc-token status --verify --json'],
		},
		doctor: {
			related: ['status', 'login'],
			summary: 'check the application and the stored sign-in, with the fix for each problem',
			about:
				'Asks Constant Contact what a sign-in would meet (is the API key known, which flow the application has, is the redirect URI registered, is the secret needed and right) and checks the stored profile (time left on the access token, a refresh token, the scopes, the account reachable). One line per check, ✓ or ✗ with the fix. Exits 0 only when every check holds, else with the exit code of the first that does not.',
			options: {...profile, ...json},
			examples: ['cc-token doctor', 'cc-token doctor --profile shop --json'],
		},
		env: {
			related: ['token', 'status'],
			summary: 'print lines exporting CC_API_KEY and CC_ACCESS_TOKEN',
			usage: 'env [--profile NAME] [--shell sh|fish|powershell|cmd] [--dotenv]',
			about:
				'Prints lines that set CC_API_KEY and CC_ACCESS_TOKEN (refreshed first when needed), for your shell to run or a .env file to hold.',
			options: {
				...profile,
				...store,
				shell: {
					type: 'string',
					value: 'NAME',
					help: 'sh (bash and zsh too), fish, powershell (pwsh) or cmd; default from SHELL (fish, pwsh, else sh), or powershell on Windows when SHELL is not set',
					complete: ['sh', 'bash', 'zsh', 'fish', 'powershell', 'pwsh', 'cmd'],
				},
				dotenv: {type: 'boolean', help: 'NAME=value lines for a .env file instead'},
			},
			examples: [
				'eval "$(cc-token env)"                  # sh, bash, zsh',
				'cc-token env --shell fish | source',
				'cc-token env --shell powershell | Invoke-Expression',
				'for /f "delims=" %i in (\'cc-token env --shell cmd\') do %i',
				'cc-token env --dotenv > .env',
			],
		},
		api: {
			quick: {bundle: 'api', budgetBytes: 64_000},
			summary: 'send a request to the V3 API with a fresh token',
			usage: 'api PATH [options]',
			about:
				'Sends one request to Constant Contact’s V3 API with a fresh access token from the profile and prints the answer’s body: indented JSON on a terminal, one line of JSON when piped. PATH is relative to the API base: /contacts, contacts and /v3/contacts are the same request.',
			options: {
				method: {
					type: 'string',
					short: 'X',
					value: 'METHOD',
					help: 'GET (default; POST with --input), POST, PUT, PATCH or DELETE',
					complete: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
				},
				input: {
					type: 'string',
					value: 'FILE',
					help: 'send FILE as the JSON body; - reads standard input',
				},
				'raw-field': {
					type: 'string',
					short: 'f',
					value: 'K=V',
					multiple: true,
					help: 'a string field: in the query string for GET, else in the JSON body',
				},
				field: {
					type: 'string',
					short: 'F',
					value: 'K=V',
					multiple: true,
					help: 'a typed field: numbers, true, false and null become JSON values, @FILE reads the value from FILE',
				},
				header: {
					type: 'string',
					short: 'H',
					value: "'N: V'",
					multiple: true,
					help: 'an extra request header (not Authorization: cc-token sends the token)',
				},
				include: {
					type: 'boolean',
					short: 'i',
					help: 'print the status line and the answer’s headers before the body',
				},
				paginate: {
					type: 'boolean',
					help: 'follow _links.next.href to the last page and print ONE JSON array: the items of each page’s list (its "contacts" array, say), joined in order',
				},
				'max-pages': {
					type: 'string',
					value: 'N',
					help: 'with --paginate, stop with an error rather than fetch more than N pages (default 1000)',
				},
				...profile,
				...store,
			},
			positionals: [{name: 'PATH'}],
			examples: [
				'cc-token api /account/summary',
				'cc-token api /contacts -f limit=500 --paginate > contacts.json',
				'cc-token api /contacts -X POST --input new-contact.json',
				'cc-token api /contacts -X POST -F email_address[address]=ada@example.com -f create_source=Contact',
			],
			notes: [
				'A full URL must be on the API’s own host (https://api.cc.email/v3/…): the token goes nowhere else. -F K[sub]=V nests objects and K[]=V adds to an array (JSON body only); with --input, fields go to the query string. --paginate leaves out _links and other page fields; an answer that holds no list is printed as it came. It stops, printing nothing, at a next link off the API, one already followed, more pages than --max-pages, or after 15 minutes.',
				'Requests are paced to Constant Contact’s 4 a second, and a “throttled” answer is waited out (up to 5 times). A 401 on a token cc-token believed good is met with one refresh and one retry.',
				'Exit codes: 0 the API answered 2xx; 6 it answered with an error (its body on stdout, its messages on stderr; a 403 names the scope the path needs if the token lacks it); 3 a new sign-in is needed; 2 bad usage; 5 network trouble.',
			],
		},
		exec: {
			related: ['env', 'token'],
			// It holds the store boundary's one profile check and the output boundary, as token
			// does, and the rules for which variables the program may see.
			quick: {bundle: 'exec', budgetBytes: 45_000},
			handlesInterrupt: true,
			summary: 'run a program with CC_ACCESS_TOKEN and CC_API_KEY set',
			usage: 'exec [--profile NAME] -- COMMAND [ARGS…]',
			about:
				'Runs COMMAND with CC_ACCESS_TOKEN (valid for at least 5 more minutes) and CC_API_KEY in its environment, and exits with COMMAND’s exit code.',
			options: {...profile, ...store},
			// Before --, a word is a mistake exec explains itself.
			positionals: [{name: 'COMMAND', optional: true, rest: true}],
			examples: [
				'cc-token exec -- node sync-contacts.js',
				'cc-token exec --profile work -- python3 sync.py --since yesterday',
			],
			notes: [
				'Signals sent to cc-token are passed on to COMMAND; it exits with COMMAND’s exit code (128+N when a signal N ended it). The token lives 24 hours at most: a program that runs longer should ask for a new one (`cc-token token`) or use the Node library’s getAccessToken.',
				'Exit codes: COMMAND’s own; 126 COMMAND could not be run; 127 COMMAND was not found; cc-token’s own codes (2 usage, 3 sign-in needed, 5 network) when no token could be had.',
			],
		},
		use: {
			related: ['status'],
			summary: 'choose the profile commands use by default',
			usage: 'use [NAME]',
			about:
				'Makes NAME the profile every command uses when neither --profile nor $CC_TOKEN_PROFILE says otherwise (the choice is kept in the settings file, whichever store holds the profiles). Without NAME, says which profile is in use and why.',
			options: {...store},
			positionals: [{name: 'NAME', optional: true, complete: 'profiles'}],
			examples: ['cc-token use shop', 'cc-token use'],
		},
		refresh: {
			related: ['token', 'status'],
			summary: 'renew the access token now',
			about:
				'Renews the access token now with the stored refresh token, and saves both before anything else happens. Prints no token.',
			options: {...profile, ...store, ...json},
			examples: ['cc-token refresh --profile shop'],
		},
		store: {
			related: ['status'],
			summary: 'copy profiles between stores (the settings file, Redis)',
			usage: 'store copy [--from URL_OR_PATH] [--to URL_OR_PATH] [--profile NAME] [--move]',
			about:
				'Copies signed-in profiles from one store to another: a settings file (its path, or the path of its folder) or a Redis store (redis://[user:password@]host:port[/db], rediss:// for TLS), so that a sign-in made on a laptop can be handed to a fleet.',
			options: {
				from: {
					type: 'string',
					value: 'URL_OR_PATH',
					help: 'where the profiles are now: a URL, a path, or “file” for the settings file (default: $CC_TOKEN_STORE, else the settings file)',
				},
				to: {
					type: 'string',
					value: 'URL_OR_PATH',
					help: 'where they go (default with --from: $CC_TOKEN_STORE, so the password is not typed again)',
				},
				profile: {
					type: 'string',
					short: 'p',
					value: 'NAME',
					help: 'copy this profile only (default: every profile)',
					complete: 'profiles',
				},
				replace: {
					type: 'boolean',
					help: 'overwrite a profile of the same name at the destination',
				},
				move: {type: 'boolean', help: 'delete each profile from where it was once it is copied'},
			},
			positionals: [{name: 'ACTION', complete: ['copy']}],
			examples: [
				'CC_TOKEN_STORE=rediss://:PASSWORD@redis.internal:6380/0 cc-token store copy --from file --move',
				'cc-token store copy --from rediss://:PASSWORD@redis.internal:6380/0 --to file',
			],
			notes: [
				'With rotating refresh tokens only one store should keep a sign-in: whichever refreshes first invalidates the other’s refresh token. Use --move unless you mean to sign the source in again. A profile whose secrets were in the OS keychain arrives in Redis with them: Redis holds its own secrets.',
			],
		},
		logout: {
			related: ['status'],
			summary: 'revoke and delete stored credentials',
			usage: 'logout [--profile NAME | --all] [--json]',
			about:
				'Asks Constant Contact to revoke the refresh and access tokens (best effort), then deletes the profile’s stored credentials, API key and secret included.',
			options: {
				...profile,
				...store,
				all: {type: 'boolean', help: 'sign out of every profile'},
				...json,
			},
			examples: ['cc-token logout', 'cc-token logout --all'],
		},
		demo: {
			related: ['emulator'],
			handlesInterrupt: true,
			summary: 'walk through the guide against a built-in stand-in for Constant Contact',
			about:
				'The full-screen guide against a built-in stand-in for Constant Contact that runs on this computer only: no account needed, nothing sent anywhere, nothing kept afterwards. Its developer portal holds a demo application of each kind (Authorization Code, PKCE, Device Flow); the Authorization Code one is filled in, and any of the three can be typed instead. Sign in with Enter or s and click Allow in your browser.',
			options: {...noBrowser},
			examples: ['cc-token demo'],
		},
		emulator: {
			related: ['demo'],
			handlesInterrupt: true,
			summary: 'run the built-in Constant Contact stand-in on loopback',
			about:
				'Runs a stand-in for Constant Contact’s sign-in server and API on this machine (127.0.0.1 only), with a demo app of each kind and a `cc-token login` line for each, so cc-token can be tried without an account. Rotating refresh tokens follow Okta’s rules (a leeway, then reuse detection); where a live Okta may answer otherwise than documented, --okta chooses the reading. Stop it with Ctrl+C.',
			options: {
				port: {
					type: 'string',
					value: 'N',
					help: 'the port to listen on (default: any free port)',
				},
				'auto-approve': {
					type: 'string',
					value: 'allow|deny',
					help: 'answer the consent page automatically',
					complete: ['allow', 'deny'],
				},
				'refresh-leeway': {
					type: 'string',
					value: 'SECONDS',
					help: 'how long a used rotating refresh token still works, as Okta’s leeway (default 30, Okta’s own; 0 for none)',
				},
				'leeway-answer': {
					type: 'string',
					value: 'rotate-again|same-new-token',
					help: 'what a used refresh token gets within the leeway: yet another new refresh token (default), or the newest one already issued',
					complete: ['rotate-again', 'same-new-token'],
				},
				'live-okta': {
					type: 'boolean',
					help: 'answer as a live Okta may, where it differs from the documents: every --okta reading but bot-403 at its second value',
				},
				okta: {
					type: 'string',
					value: 'NAME=VALUE',
					multiple: true,
					help: `one reading of an answer a live Okta may give otherwise (repeatable; the first value is the default): ${oktaReadingsHelp(' | ')}`,
				},
			},
			examples: [
				'cc-token emulator --auto-approve allow',
				'cc-token emulator --refresh-leeway 0',
				'cc-token emulator --live-okta --okta authorize-page=bot-403',
			],
		},
		completion: {
			summary: 'print a shell completion script (bash, zsh or fish)',
			usage: 'completion [bash|zsh|fish]',
			about:
				'Prints a script that completes cc-token’s commands, options and profile names in your shell (without SHELL, the one $SHELL names). Load it from your shell’s start-up file (see the examples).',
			options: {},
			positionals: [{name: 'SHELL', optional: true, complete: shells}],
			examples: [
				'echo \'eval "$(cc-token completion bash)"\' >> ~/.bashrc',
				'echo \'eval "$(cc-token completion zsh)"\' >> ~/.zshrc',
				'cc-token completion fish > ~/.config/fish/completions/cc-token.fish',
			],
		},
		// What the completion scripts call on every Tab: `__complete SHELL -- WORD… CURRENT`.
		__complete: {
			// Its bundle holds this table with its help text (the shells show it).
			quick: {bundle: 'complete', budgetBytes: 32_000},
			summary: 'complete a command line',
			about: 'Prints the completions of the last word, one a line.',
			options: {},
			positionals: [{name: 'SHELL'}, {name: 'WORDS'}],
			examples: ['cc-token __complete bash -- log'],
			hidden: true,
		},
	}) as const satisfies Record<string, CommandSpec>)();

export type CommandName = keyof typeof commandTable;

/** Options every command takes. */
export const commonOptions = {
	help: {type: 'boolean', short: 'h', help: 'show this help'},
	'no-color': {type: 'boolean', help: 'no colours (as does NO_COLOR=1)'},
} as const satisfies Record<string, OptionSpec>;

/** Options of `cc-token` itself, before any command. */
export const topLevelOptions = /* @__PURE__ */ (() =>
	({
		...commonOptions,
		version: {type: 'boolean', short: 'v', help: 'print the version'},
	}) as const satisfies Record<string, OptionSpec>)();

export function isCommandName(name: string): name is CommandName {
	return Object.hasOwn(commandTable, name);
}

export function visibleCommands(): CommandName[] {
	return (Object.keys(commandTable) as CommandName[]).filter(
		(name) => !(commandTable[name] as CommandSpec).hidden,
	);
}

/** The commands the entry point answers itself (see CommandSpec's quick). */
export type QuickCommand = {
	[N in CommandName]: (typeof commandTable)[N] extends {quick: object} ? N : never;
}[CommandName];

/** The commands whose quick bundle reads argv itself, with quick/arguments.ts. */
export type QuickOptionsCommand = {
	[N in CommandName]: (typeof commandTable)[N] extends {quick: {readsOptions: true}} ? N : never;
}[CommandName];

export function quickCommands(): QuickCommand[] {
	return (Object.keys(commandTable) as CommandName[]).filter(
		(name): name is QuickCommand => (commandTable[name] as CommandSpec).quick !== undefined,
	);
}
