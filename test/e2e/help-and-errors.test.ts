// --help, mistakes on the command line and "did you mean", through the built command: all from
// the one command table, in cc-token's own words, fitted to 80 columns when not a terminal.
import {mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {commandTable, visibleCommands} from '../../source/commands/table.js';
import {baseEnv, repoRoot, runCli} from '../helpers/cli.js';
import {setUpTempStore} from '../helpers/temp-store.js';

const config = setUpTempStore('all tests');

const cli = (args: string[]) => runCli(args, {env: baseEnv({CC_TOKEN_CONFIG_DIR: config.dir})});

function expectFitted(text: string, width = 80) {
	for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(width);
}

describe('--help', () => {
	it('lists every command with its summary in one aligned column, options and examples, within 80 columns', async () => {
		const result = await cli(['--help']);
		expect(result.exitCode).toBe(0);
		expectFitted(result.stdout);
		const lists = result.stdout.slice(
			result.stdout.indexOf('Commands:'),
			result.stdout.indexOf('Examples:'),
		);
		const rows = lists
			.split('\n')
			.filter((line) => /^ {2}(\S+|-\S, --\S+| {4}--\S+) +\S/.test(line));
		const starts = new Set(rows.map((line) => line.search(/(?<=\S {2,})\S/)));
		expect(starts.size).toBe(1);
		for (const name of visibleCommands()) {
			expect(result.stdout).toMatch(
				new RegExp(`^ {2}${name} +${commandTable[name].summary.slice(0, 20)}`, 'm'),
			);
		}
		expect(result.stdout).not.toContain('__complete');
		expect(result.stdout).toMatch(/^Examples:\n {2}cc-token\n/m);
	});

	for (const name of visibleCommands()) {
		it(`cc-token ${name} --help: usage, options in one column, an example, within 80 columns`, async () => {
			const result = await cli(name === 'guide' ? ['guide', '--help'] : [name, '--help']);
			expect(result.exitCode).toBe(0);
			expect(result.stderr).toBe('');
			expectFitted(result.stdout);
			expect(result.stdout).toMatch(/^Usage: cc-token /);
			expect(result.stdout).toMatch(/\nExamples?:\n {2}\S/);
			const optionLines = result.stdout
				.split('\n')
				.filter((line) => /^ {2}(-\S, | {4})--\S/.test(line));
			expect(optionLines.length).toBeGreaterThan(0);
			// Each option's text starts in the same column (or under it, for a long option).
			const starts = new Set(
				optionLines
					.filter((line) => /\S {2,}\S/.test(line))
					.map((line) => line.search(/(?<=\S {2,})\S/)),
			);
			expect(starts.size).toBe(1);
		});
	}

	it('wraps a long example with a shell line continuation, never inside quotes', async () => {
		const result = await cli(['token', '--help']);
		expect(result.stdout).toContain(
			`  printf 'Authorization: Bearer %s\\n' "$(cc-token token)" | curl -H @- \\\n      https://api.cc.email/v3/account/summary`,
		);
	});

	it('keeps a redirection with its file when it wraps an example', async () => {
		const result = await cli(['login', '--help']);
		expect(result.stdout).toContain('--client-id "$CC_CLIENT_ID" \\\n      < refresh-token.txt');
	});

	it('cc-token help login is cc-token login --help', async () => {
		const [viaHelp, viaFlag] = await Promise.all([
			cli(['help', 'login']),
			cli(['login', '--help']),
		]);
		expect(viaHelp.stdout).toBe(viaFlag.stdout);
	});
});

describe('mistakes, in the tool’s own words', () => {
	it.each([
		[['logn'], 'Unknown command “logn”. Did you mean `cc-token login`?'],
		[['stauts'], 'Unknown command “stauts”. Did you mean `cc-token status`?'],
		[['login', '--clientid', 'x'], 'Unknown option --clientid. Did you mean --client-id?'],
		[['status', '--jsn'], 'Unknown option --jsn. Did you mean --json?'],
		[['--clientid', 'x'], 'Did you mean `cc-token login --client-id`?'],
		[['status', '--shell', 'fish'], 'Did you mean `cc-token env --shell`?'],
		[['token', '--profile'], '--profile needs a value: --profile NAME.'],
		[['status', '-p'], '--profile needs a value: --profile NAME.'],
		[['status', '--profile', '--json'], '--profile needs a value: --profile NAME.'],
		[['status', '--json=yes'], '--json takes no value (it was given “yes”).'],
		[['refresh', 'now'], '`cc-token refresh` takes no “now”, only options.'],
		[['-p', 'shop', 'token'], 'Put the command first: cc-token token -p shop'],
		[['completion'], '`cc-token completion` needs SHELL (bash, zsh, fish): $SHELL is not set.'],
		[['wibble'], 'Unknown command “wibble”.'],
	])('%j exits 2 saying %s', async (args, message) => {
		const result = await cli(args);
		expect(result.exitCode).toBe(2);
		expect(result.stdout).toBe('');
		expect(result.stderr).toContain(message);
		expect(result.stderr).toMatch(/^cc-token: /);
		expect(result.stderr).not.toMatch(/Option '|argument missing|ERR_PARSE_ARGS|\n\s+at /);
		expect(result.stderr).toMatch(
			/Run `cc-token[^`]*--help`|Put the command first|Name it: cc-token/,
		);
	});

	it('says how to give a value that starts with a dash, without repeating it', async () => {
		const secret = '-Bn4secret';
		const refused = await cli(['login', '--client-id', 'x', '--client-secret', secret]);
		expect(refused.exitCode).toBe(2);
		expect(refused.stderr).toContain('--client-secret needs a value');
		expect(refused.stderr).toContain(
			'A value that starts with “-” goes after “=”: --client-secret=SECRET.',
		);
		expect(refused.stderr).not.toContain(secret);
	});

	it.each([
		[['--verison'], 'Unknown option --verison. Did you mean --version?', ['--version']],
		[['version'], 'Did you mean `cc-token --version`?', ['--version']],
		[['token', '--verison'], 'Did you mean `cc-token --version`?', ['--version']],
		[['status', '--hlep'], 'Unknown option --hlep. Did you mean --help?', ['status', '--help']],
		[['token', '--json'], 'Did you mean `cc-token status --json`?', ['status', '--json']],
	])('%j suggests %s, which works as printed', async (args, suggestion, suggested) => {
		mkdirSync(config.dir, {recursive: true, mode: 0o700});
		writeFileSync(
			path.join(config.dir, 'config.json'),
			JSON.stringify({
				version: 1,
				profiles: {
					default: {
						apiKey: '1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d',
						accessToken: 'header.payload.signature',
						accessTokenExpiresAt: Date.now() + 3_600_000,
					},
				},
			}),
			{mode: 0o600},
		);
		const result = await cli(args);
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toContain(suggestion);
		// What the suggestion names, run as it reads: `cc-token X` is the built command with X.
		const printed = /Did you mean `cc-token ([^`]+)`\?/.exec(result.stderr)?.[1]?.split(' ');
		const run = printed ?? [
			...args.slice(0, -1),
			/Did you mean (--[\w-]+)\?/.exec(result.stderr)![1]!,
		];
		expect(run).toEqual(suggested);
		const followed = await cli(run);
		expect(followed.exitCode, followed.stderr).toBe(0);
		expect(followed.stdout).not.toBe('');
		rmSync(path.join(config.dir, 'config.json'));
	});

	it('reports an error in one layout from every command: the message, then the fix indented under it', async () => {
		const commands = [
			['token', '--profile', 'nope'],
			['status', '--profile', 'nope'],
			['env', '--profile', 'nope'],
			['api', '/account/summary', '--profile', 'nope'],
			['exec', '--profile', 'nope', '--', 'true'],
			['refresh', '--profile', 'nope'],
		];
		const results = await Promise.all(commands.map((args) => cli(args)));
		for (const [index, result] of results.entries()) {
			expect(result.exitCode, commands[index]!.join(' ')).toBe(3);
			expect(result.stderr, commands[index]!.join(' ')).toMatch(
				/^cc-token: \S[^\n]*\n {2}\S[^\n]*\n$/,
			);
		}
		// The same failure, word for word, wherever it comes from (status words its own).
		results.splice(1, 1);
		expect(new Set(results.map((result) => result.stderr)).size).toBe(1);
	});

	it('completes for the shell $SHELL names when none is given, and says which it could not', async () => {
		const withShell = (shell: string | undefined, args: string[]) =>
			runCli(args, {env: baseEnv({CC_TOKEN_CONFIG_DIR: config.dir, SHELL: shell})});
		for (const [shell, name] of [
			['/bin/bash', 'bash'],
			['/usr/local/bin/zsh', 'zsh'],
			['/usr/bin/fish', 'fish'],
		] as const) {
			const [defaulted, named] = await Promise.all([
				withShell(shell, ['completion']),
				withShell(shell, ['completion', name]),
			]);
			expect(defaulted.exitCode, shell).toBe(0);
			expect(defaulted.stdout).toBe(named.stdout);
			expect(defaulted.stdout).toContain(`cc-token completion for ${name}`);
		}
		const refused = await withShell('/bin/tcsh', ['completion']);
		expect(refused.exitCode).toBe(2);
		expect(refused.stderr).toBe(
			'cc-token: `cc-token completion` needs SHELL (bash, zsh, fish): $SHELL is /bin/tcsh.\n  Name it: cc-token completion bash\n',
		);
		const followed = await withShell('/bin/tcsh', ['completion', 'bash']);
		expect(followed.exitCode).toBe(0);
	});

	it('offers no guess when nothing is close', async () => {
		const result = await cli(['wibble']);
		expect(result.stderr).not.toContain('Did you mean');
	});
});

// CC_TOKEN_UPDATE_README=1 npx vitest run test/e2e/help-and-errors.test.ts renews it.
it('the readme shows `cc-token --help` as it prints', async () => {
	const file = path.join(repoRoot, 'readme.md');
	const readme = readFileSync(file, 'utf8');
	const block = /(<!-- help:begin -->\n```\n)([\s\S]*?)(```\n<!-- help:end -->)/;
	const printed = (await cli(['--help'])).stdout;
	if (process.env.CC_TOKEN_UPDATE_README) {
		writeFileSync(
			file,
			readme.replace(block, (_, open, _old, close) => `${open}${printed}${close}`),
		);
	}
	expect(block.exec(readFileSync(file, 'utf8'))?.[2]).toBe(printed);
});

it('--no-color may come before the command', async () => {
	const result = await cli(['--no-color', 'status']);
	expect(result.exitCode).toBe(3);
	expect(result.stderr).toContain('No profiles yet');
	expect((await cli(['--no-color', '--help'])).stdout).toMatch(/^Usage: cc-token \[command\]/);
});
