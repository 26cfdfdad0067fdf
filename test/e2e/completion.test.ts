// Shell completion through the built command, loaded into real shells: bash runs the script
// and its completion function, fish asks its own completion engine, zsh parses the script.
import {spawnSync} from 'node:child_process';
import {chmodSync, mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {beforeAll, describe, expect, it} from 'vitest';
import {commandTable} from '../../source/commands/table.js';
import {baseEnv, builtCli} from '../helpers/cli.js';
import {setUpTempStore} from '../helpers/temp-store.js';

const config = setUpTempStore('all tests');
let env: NodeJS.ProcessEnv;
let scripts: Record<'bash' | 'zsh' | 'fish', string>;

beforeAll(async () => {
	mkdirSync(config.dir, {recursive: true, mode: 0o700});
	// `cc-token` on the PATH, as after installing, so the scripts call the built command.
	const bin = path.join(config.dir, '..', 'bin');
	mkdirSync(bin);
	const command = path.join(bin, 'cc-token');
	writeFileSync(command, `#!/bin/sh\nexec "${process.execPath}" "${builtCli}" "$@"\n`);
	chmodSync(command, 0o755);
	const profile = {apiKey: '1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d', accessToken: 'a.b.c'};
	writeFileSync(
		path.join(config.dir, 'config.json'),
		JSON.stringify({version: 1, profiles: {default: profile, 'shop-2': profile, work: profile}}),
		{mode: 0o600},
	);
	env = baseEnv({CC_TOKEN_CONFIG_DIR: config.dir, PATH: `${bin}:${process.env.PATH}`});
	scripts = {bash: '', zsh: '', fish: ''};
	for (const shell of ['bash', 'zsh', 'fish'] as const) {
		const printed = run(['cc-token', 'completion', shell]);
		expect(printed.status, printed.stderr).toBe(0);
		scripts[shell] = path.join(config.dir, '..', `completion.${shell}`);
		writeFileSync(scripts[shell], printed.stdout);
	}
});

function run(argv: string[], input?: string) {
	return spawnSync(argv[0]!, argv.slice(1), {env, encoding: 'utf8', input, timeout: 20_000});
}

/** What bash's completion function offers for a command line typed up to the cursor. */
function bashCompletions(line: string): string[] {
	const script = `source "${scripts.bash}"
COMP_LINE=${JSON.stringify(line)}
read -ra COMP_WORDS <<< "$COMP_LINE"
[[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 ))
_cc_token_complete
printf '%s\\n' "\${COMPREPLY[@]}"`;
	const result = run(['bash', '--norc', '--noprofile', '-c', script]);
	expect(result.stderr).toBe('');
	return result.stdout.split('\n').filter(Boolean);
}

describe('bash', () => {
	it('registers the completion: complete -p cc-token', () => {
		const result = run([
			'bash',
			'--norc',
			'--noprofile',
			'-c',
			`eval "$(cc-token completion bash)" && complete -p cc-token`,
		]);
		expect(result.stdout.trim()).toBe('complete -F _cc_token_complete cc-token');
	});

	it('completes commands, options of the command typed, and values', () => {
		expect(bashCompletions('cc-token lo')).toEqual(['login', 'logout']);
		expect(bashCompletions('cc-token ')).toEqual(
			expect.arrayContaining(['login', 'token', 'status', 'use', 'completion']),
		);
		expect(bashCompletions('cc-token ')).not.toContain('__complete');
		expect(bashCompletions('cc-token status --')).toEqual([
			...Object.keys(commandTable.status.options).map((name) => `--${name}`),
			'--help',
			'--no-color',
		]);
		expect(bashCompletions('cc-token status --')).toEqual(
			expect.arrayContaining(['--profile', '--verify', '--json']),
		);
		expect(bashCompletions('cc-token login --client')).toEqual(['--client-id', '--client-secret']);
		expect(bashCompletions('cc-token env --shell p')).toEqual(['powershell', 'pwsh']);
		expect(bashCompletions('cc-token completion ')).toEqual(['bash', 'zsh', 'fish']);
		expect(bashCompletions('cc-token help lo')).toEqual(['login', 'logout']);
	});

	it('completes profile names read from the settings file at completion time', () => {
		expect(bashCompletions('cc-token token --profile ')).toEqual(['default', 'shop-2', 'work']);
		expect(bashCompletions('cc-token status -p s')).toEqual(['shop-2']);
		expect(bashCompletions('cc-token use ')).toEqual(['default', 'shop-2', 'work']);
		// An option already given is not offered again.
		expect(bashCompletions('cc-token status --json --j')).toEqual([]);
	});
});

describe('fish', () => {
	it('loads the script and its own completion engine offers commands with their summaries, and profiles', () => {
		const commands = run([
			'fish',
			'--no-config',
			'-c',
			`source ${scripts.fish}; complete -C 'cc-token lo'`,
		]);
		expect(commands.stderr).toBe('');
		expect(commands.stdout).toBe(
			'login\tsign in without the guide\nlogout\trevoke and delete stored credentials\n',
		);
		const profiles = run([
			'fish',
			'--no-config',
			'-c',
			`source ${scripts.fish}; complete -C 'cc-token refresh --profile '`,
		]);
		expect(profiles.stdout.split('\n').filter(Boolean)).toEqual(['default', 'shop-2', 'work']);
	});
});

describe('zsh', () => {
	it('parses the script', () => {
		const result = run(['zsh', '--no-rcs', '-n', scripts.zsh]);
		expect(result.status, result.stderr).toBe(0);
		expect(result.stderr).toBe('');
	});

	it('answers in zsh’s value:description form', () => {
		const result = run(['cc-token', '__complete', 'zsh', '--', 'status', '--ver']);
		expect(result.stdout).toBe('--verify:check the token with Constant Contact\n');
	});
});

it('an unknown shell is a usage error naming the three', () => {
	const result = run(['cc-token', 'completion', 'tcsh']);
	expect(result.status).toBe(2);
	expect(result.stderr).toContain('Choose one of: bash, zsh, fish.');
});
