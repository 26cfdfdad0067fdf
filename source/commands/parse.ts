// The parser of every command's argv (node:util's parseArgs, which costs nothing at start-up:
// `cc-token token` runs before every API call in people's scripts), strict against the command
// table (table.ts), with its errors for mistyped input ("did you mean").
import {type ParseArgsConfig, parseArgs} from 'node:util';

import {CcTokenError} from '../errors.js';
import {closestMatch} from '../text/closest-match.js';
import {
	type CommandName,
	type CommandSpec,
	commandTable,
	commonOptions,
	isCommandName,
	type OptionSpec,
	visibleCommands,
} from './table.js';

type OptionValues<O> = {
	-readonly [K in keyof O]?: O[K] extends {type: 'boolean'}
		? boolean
		: O[K] extends {multiple: true}
			? string[]
			: string;
} & {help?: boolean; 'no-color'?: boolean};

export type Arguments<N extends CommandName> = OptionValues<(typeof commandTable)[N]['options']> & {
	positionals: string[];
};

function optionLabel(name: string): string {
	return `--${name}`;
}

function usageError(command: string, message: string, hint?: string): CcTokenError {
	return new CcTokenError('usage', message, {
		hint: hint ?? `Run \`${command} --help\` to see what it takes.`,
	});
}

function unknownOption(
	commandLine: string,
	rawName: string,
	options: Readonly<Record<string, OptionSpec>>,
	owner: CommandName | undefined,
): CcTokenError {
	// A single letter is too short to guess from.
	const meant = rawName.startsWith('--')
		? closestMatch(rawName, Object.keys(options).map(optionLabel))
		: undefined;
	if (meant) {
		return usageError(commandLine, `Unknown option ${rawName}. Did you mean ${meant}?`);
	}
	// An option of another command: `cc-token --device`, `cc-token status --clientid`.
	const others = (Object.keys(commandTable) as CommandName[]).filter(
		(name) => name !== owner && !(commandTable[name] as CommandSpec).hidden,
	);
	for (const other of others) {
		const otherNames = Object.keys(commandTable[other].options).map(optionLabel);
		const match = rawName.startsWith('--')
			? (otherNames.find((name) => name === rawName) ?? closestMatch(rawName, otherNames))
			: undefined;
		if (match) {
			return usageError(
				commandLine,
				`Unknown option ${rawName} for \`${commandLine}\`. Did you mean \`cc-token ${other} ${match}\`?`,
				`Run \`cc-token ${other} --help\` to see how to use it.`,
			);
		}
	}
	return usageError(commandLine, `Unknown option ${rawName} for \`${commandLine}\`.`);
}

/**
 * What node:util's parseArgs needs to know of a command's options: names, types, short
 * letters. The build also writes it into the entry point for the commands it answers itself
 * (quick/arguments.ts), so that the entry holds none of the table's text.
 */
export function commandGrammar(name: CommandName): NonNullable<ParseArgsConfig['options']> {
	const options: Record<string, OptionSpec> = {...commandTable[name].options, ...commonOptions};
	return Object.fromEntries(
		Object.entries(options).map(([key, option]) => [
			key,
			option.short ? {type: option.type, short: option.short} : {type: option.type},
		]),
	);
}

/**
 * Parses a command's argv strictly against its entry in the table. Every mistake is a usage
 * error (exit 2) in cc-token's own words, naming the option and, when one is close, the one
 * that was probably meant.
 */
export function parseCommandArguments<N extends CommandName>(
	argv: string[],
	name: N,
): Arguments<N> {
	const spec: CommandSpec = commandTable[name];
	const commandLine = name === 'guide' ? 'cc-token' : `cc-token ${name}`;
	const options: Record<string, OptionSpec> = {...spec.options, ...commonOptions};
	const {tokens} = parseArgs({
		args: argv,
		options: commandGrammar(name),
		strict: false,
		allowPositionals: true,
		tokens: true,
	});
	const values: Record<string, string | string[] | boolean> = {};
	const positionals: string[] = [];
	for (const token of tokens) {
		if (token.kind === 'option-terminator') continue;
		if (token.kind === 'positional') {
			positionals.push(token.value);
			continue;
		}
		const option = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
		if (!option) throw unknownOption(commandLine, token.rawName, spec.options, name);
		const label = optionLabel(token.name);
		if (option.type === 'boolean') {
			if (token.value !== undefined) {
				throw usageError(commandLine, `${label} takes no value (it was given “${token.value}”).`);
			}
			values[token.name] = true;
			continue;
		}
		// `--profile --json`: parseArgs would take "--json" as the profile name. A lone "-"
		// (standard input) is a value.
		const missing =
			token.value === undefined || (!token.inlineValue && /^--?[A-Za-z]/.test(token.value));
		if (missing || token.value === undefined) {
			const placeholder = option.value ?? 'VALUE';
			// A secret may start with a dash: say how to give one, without repeating the word.
			const dashed =
				token.value === undefined
					? ''
					: ` A value that starts with “-” goes after “=”: ${label}=${placeholder}.`;
			throw usageError(
				commandLine,
				`${label} needs a value: ${label} ${placeholder}.`,
				`Run \`${commandLine} --help\` to see what ${label} takes.${dashed}`,
			);
		}
		if (option.multiple) {
			values[token.name] = [...((values[token.name] as string[] | undefined) ?? []), token.value];
		} else {
			values[token.name] = token.value;
		}
	}
	if (values.help) return {...values, positionals} as Arguments<N>;
	checkPositionals(commandLine, spec, positionals, argv);
	return {...values, positionals} as Arguments<N>;
}

function checkPositionals(
	commandLine: string,
	spec: CommandSpec,
	positionals: string[],
	argv: string[],
): void {
	const expected = spec.positionals ?? [];
	const extra = expected.at(-1)?.rest ? undefined : positionals[expected.length];
	if (extra !== undefined && !(spec.hidden && expected.length > 0)) {
		const command = commandLine === 'cc-token' && isCommandName(extra) ? extra : undefined;
		throw usageError(
			commandLine,
			expected.length === 0
				? `\`${commandLine}\` takes no “${extra}”, only options.`
				: `\`${commandLine}\` takes ${expected.map((p) => p.name).join(' ')}, not also “${extra}”.`,
			// `cc-token -p shop token`: the same words, the command first.
			command
				? `Put the command first: cc-token ${[command, ...argv.filter((word) => word !== command)].join(' ')}`
				: undefined,
		);
	}
	const missing = expected.find((positional, index) => !positional.optional && !positionals[index]);
	if (missing) {
		const choices = Array.isArray(missing.complete) ? ` (${missing.complete.join(', ')})` : '';
		throw usageError(commandLine, `\`${commandLine}\` needs ${missing.name}${choices}.`);
	}
}

/** An unknown command, with the one that was probably meant. */
export function unknownCommand(typed: string): CcTokenError {
	const meant = closestMatch(typed, visibleCommands());
	return new CcTokenError(
		'usage',
		`Unknown command “${typed}”.${meant ? ` Did you mean \`cc-token ${meant}\`?` : ''}`,
		{hint: 'Run `cc-token --help` to see every command.'},
	);
}
