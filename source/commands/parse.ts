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
	topLevelOptions,
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

function unknownOption(commandLine: string, rawName: string, owner: CommandName): CcTokenError {
	const unknown = `Unknown option ${rawName} for \`${commandLine}\`.`;
	// A single letter is too short to guess from.
	if (!rawName.startsWith('--')) return usageError(commandLine, unknown);
	const spec: CommandSpec = commandTable[owner];
	// Where else the option may be, nearest first: cc-token's own (`cc-token token --version`),
	// then the commands that may have been meant (`cc-token --device`, `cc-token token --json`).
	const elsewhere: [string, string[], string][] = [
		['cc-token', optionLabels(topLevelOptions), 'Run `cc-token --help` to see what it takes.'],
		...meantInstead(owner).map((other): [string, string[], string] => [
			`cc-token ${other}`,
			optionLabels(commandTable[other].options),
			`Run \`cc-token ${other} --help\` to see how to use it.`,
		]),
	];
	const suggest = (line: string, option: string, hint: string) =>
		usageError(
			commandLine,
			line === commandLine
				? `Unknown option ${rawName}. Did you mean ${option}?`
				: `${unknown} Did you mean \`${line} ${option}\`?`,
			hint,
		);
	// The very option, elsewhere, before a near one here: `status --shell` is env's.
	for (const [line, names, hint] of elsewhere) {
		if (names.includes(rawName) && line !== commandLine) return suggest(line, rawName, hint);
	}
	const meant = closestMatch(rawName, optionLabels({...spec.options, ...commonOptions}));
	if (meant) return usageError(commandLine, `Unknown option ${rawName}. Did you mean ${meant}?`);
	for (const [line, names, hint] of elsewhere) {
		const near = closestMatch(rawName, names);
		if (near) return suggest(line, near, hint);
	}
	return usageError(commandLine, unknown);
}

function optionLabels(options: Readonly<Record<string, OptionSpec>>): string[] {
	return Object.keys(options).map(optionLabel);
}

/** The commands whose options a mistaken one of `owner` is looked for in: any, from the top. */
function meantInstead(owner: CommandName): CommandName[] {
	if (owner === 'guide') return visibleCommands().filter((name) => name !== owner);
	const spec: CommandSpec = commandTable[owner];
	return (spec.related ?? []).filter(isCommandName);
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
		if (!option) throw unknownOption(commandLine, token.rawName, name);
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

/**
 * An unknown command, with the one that was probably meant: a command, or one of cc-token's
 * own options given as a word (`cc-token version`).
 */
export function unknownCommand(typed: string): CcTokenError {
	const command = closestMatch(typed, visibleCommands());
	const option = command ? undefined : closestMatch(`--${typed}`, optionLabels(topLevelOptions));
	const meant = command ?? option;
	return new CcTokenError(
		'usage',
		`Unknown command “${typed}”.${meant ? ` Did you mean \`cc-token ${meant}\`?` : ''}`,
		{hint: 'Run `cc-token --help` to see every command.'},
	);
}
