// Shell completion. `cc-token completion bash|zsh|fish` prints a small script; on every Tab
// that script calls `cc-token __complete SHELL -- WORD… CURRENT`, which answers from the
// command table (commands, options, their values) and the settings file (profile names).
// The entry point answers __complete itself, so a Tab costs one small start of node.
import {readFileSync} from 'node:fs';
import {CcTokenError} from '../errors.js';
// Straight from the store's modules: the entry's bundle for a Tab holds no writer or lock.
import {storeLocation} from '../store/location.js';
import {isProfileName} from '../store/profile.js';
import {currentPlatform, defaultShell} from '../system/platform.js';
import {parseCommandArguments} from './parse.js';
import {commandHelp} from './support/help.js';
import type {CommandIo} from './support/io.js';
import {print, printHelp} from './support/output.js';
import {
	type CommandName,
	type CommandSpec,
	type Completion,
	commandTable,
	commonOptions,
	isCommandName,
	type OptionSpec,
	shells,
	topLevelOptions,
	visibleCommands,
} from './table.js';

type Shell = (typeof shells)[number];

const scripts: Record<Shell, string> = {
	bash: `# cc-token completion for bash. Load it with: eval "$(cc-token completion bash)"
_cc_token_complete() {
	local IFS=$'\\n'
	COMPREPLY=($(command cc-token __complete bash -- "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
}
complete -F _cc_token_complete cc-token`,
	zsh: `#compdef cc-token
# cc-token completion for zsh. Load it with: eval "$(cc-token completion zsh)"
_cc_token() {
	local -a candidates
	candidates=("\${(@f)$(command cc-token __complete zsh -- "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
	[[ -n \${candidates[1]} ]] || return 1
	_describe 'cc-token' candidates
}
(( $+functions[compdef] )) || { autoload -Uz compinit && compinit }
compdef _cc_token cc-token`,
	fish: `# cc-token completion for fish. Save it as ~/.config/fish/completions/cc-token.fish
function __cc_token_complete
	set -l previous (commandline -opc)
	set -e previous[1]
	set -l current (commandline -ct)
	command cc-token __complete fish -- $previous "$current" 2>/dev/null
end
complete -c cc-token -f -a '(__cc_token_complete)'`,
};

function isShell(name: string | undefined): name is Shell {
	return (shells as readonly string[]).includes(name ?? '');
}

/** Profile names from the settings file, read without any of the store's repairs. */
function profileNames(): string[] {
	try {
		const document = JSON.parse(readFileSync(storeLocation().file, 'utf8')) as {
			profiles?: Record<string, unknown>;
		};
		return Object.keys(document.profiles ?? {})
			.filter(isProfileName)
			.sort();
	} catch {
		return [];
	}
}

function valuesOf(completion: Completion | undefined): string[] {
	if (completion === undefined) return [];
	return completion === 'profiles' ? profileNames() : [...completion];
}

type Candidate = {value: string; description?: string};

function findOption(
	options: Record<string, OptionSpec>,
	word: string,
): [string, OptionSpec] | undefined {
	if (word.startsWith('--')) {
		const name = word.slice(2);
		return Object.hasOwn(options, name) ? [name, options[name]!] : undefined;
	}
	if (/^-[A-Za-z]$/.test(word)) {
		return Object.entries(options).find(([, option]) => option.short === word[1]);
	}
	return undefined;
}

/** The candidates for the last of `words` (the words after `cc-token`, the last one being typed). */
function completeWords(words: string[]): Candidate[] {
	const current = words.at(-1) ?? '';
	const before = words.slice(0, -1);
	let command: CommandName | undefined;
	let options: Record<string, OptionSpec> = {...commandTable.guide.options, ...topLevelOptions};
	const positionals: string[] = [];
	const used = new Set<string>();
	let pendingValue: OptionSpec | undefined;
	for (const word of before) {
		if (pendingValue) {
			pendingValue = undefined;
			continue;
		}
		const option = word.startsWith('-') ? findOption(options, word) : undefined;
		if (option) {
			used.add(option[0]);
			if (option[1].type === 'string') pendingValue = option[1];
			continue;
		}
		if (word.startsWith('-')) continue;
		if (
			command === undefined &&
			positionals.length === 0 &&
			used.size === 0 &&
			isCommandName(word)
		) {
			command = word;
			options = {...commandTable[word].options, ...commonOptions};
			continue;
		}
		positionals.push(word);
	}
	let candidates: Candidate[];
	if (pendingValue) {
		candidates = valuesOf(pendingValue.complete).map((value) => ({value}));
	} else if (current.startsWith('-')) {
		candidates = Object.entries(options)
			.filter(([name]) => !used.has(name))
			.map(([name, option]) => ({value: `--${name}`, description: option.help}));
	} else if (command === undefined) {
		// `cc-token help <Tab>` names a command too.
		candidates =
			before.length === 0 || (before.length === 1 && before[0] === 'help')
				? visibleCommands().map((name) => ({value: name, description: commandTable[name].summary}))
				: [];
	} else {
		const spec: CommandSpec = commandTable[command];
		const positional = spec.positionals?.[positionals.length];
		candidates = valuesOf(positional?.complete).map((value) => ({value}));
	}
	return candidates.filter(({value}) => value.startsWith(current));
}

/** Completion lines in the form each shell reads. */
export function completionLines(shell: Shell, words: string[]): string[] {
	return completeWords(words).map(({value, description}) => {
		const short = description?.replace(/\s+/g, ' ').replace(/ \(.*$/, '');
		if (shell === 'bash' || !short) return shell === 'zsh' ? value.replaceAll(':', '\\:') : value;
		return shell === 'zsh' ? `${value.replaceAll(':', '\\:')}:${short}` : `${value}\t${short}`;
	});
}

/** `cc-token __complete SHELL -- WORD…`, answered by the entry point. Never fails loudly. */
export function printCompletions(argv: string[], io: Pick<CommandIo, 'stdout' | 'stderr'>): number {
	const [shell, separator, ...words] = argv;
	if (!isShell(shell) || separator !== '--') return 2;
	// One write: a system call per line would cost a Tab more than the rest of the answer.
	const lines = completionLines(shell, words);
	if (lines.length > 0) print(io, lines.join('\n'));
	return 0;
}

/** The shell $SHELL names (`/bin/bash`, `/usr/local/bin/fish`), when it is one cc-token completes. */
function sessionShell(env: NodeJS.ProcessEnv): Shell | undefined {
	const shell = defaultShell({...currentPlatform(), env});
	return isShell(shell) ? shell : undefined;
}

export async function run(argv: string[], io: CommandIo): Promise<number> {
	const args = parseCommandArguments(argv, 'completion');
	if (args.help) return printHelp(io, commandHelp('completion'));
	const [given] = args.positionals;
	const shell = given ?? sessionShell(io.env);
	if (!isShell(shell)) {
		const choices = shells.join(', ');
		throw given === undefined
			? new CcTokenError(
					'usage',
					`\`cc-token completion\` needs SHELL (${choices}): ${io.env.SHELL ? `$SHELL is ${io.env.SHELL}` : '$SHELL is not set'}.`,
					{hint: 'Name it: cc-token completion bash'},
				)
			: new CcTokenError('usage', `cc-token cannot complete for “${given}”.`, {
					hint: `Choose one of: ${choices}.`,
				});
	}
	print(io, scripts[shell]);
	return 0;
}
