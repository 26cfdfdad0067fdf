// How the commands the entry point answers itself (token, status) read their argv there. The
// grammar is the command table's own (commandGrammar in commands/parse.ts), written into the build
// by build.mjs, so that the entry holds none of the table's help text. Only the plain case is
// answered here (`--name value`, `--name=value`, `-n value`, `--flag`): anything else (an
// unknown option, a missing value, a word that is not an option, --help) comes back as
// undefined, and the full command set parses it again with node:util's parseArgs and says what
// is wrong. Loading parseArgs alone would cost this path a fortieth of a start.

import type {QuickOptionsCommand} from '../commands/table.js';

export interface QuickOption {
	type: 'string' | 'boolean';
	short?: string;
}

/** JSON of Record<QuickOptionsCommand, Record<string, QuickOption>>. */
declare const CC_TOKEN_QUICK_GRAMMAR: string;

export type QuickArguments = Record<string, string | boolean | undefined>;

const optionWord = /^(?:--([a-z][a-z-]*)(?:=(.*))?|-([a-zA-Z]))$/s;

export function parseQuickArguments(
	argv: string[],
	name: QuickOptionsCommand,
	grammar: Record<string, QuickOption> = JSON.parse(CC_TOKEN_QUICK_GRAMMAR)[name],
): QuickArguments | undefined {
	const values: QuickArguments = {};
	for (let index = 0; index < argv.length; index++) {
		const match = optionWord.exec(argv[index]!);
		if (!match) return undefined;
		const [, long, inline, short] = match;
		const key = long ?? Object.keys(grammar).find((option) => grammar[option]!.short === short);
		const option = key !== undefined && Object.hasOwn(grammar, key) ? grammar[key] : undefined;
		if (key === undefined || !option) return undefined;
		if (option.type === 'boolean') {
			if (inline !== undefined) return undefined;
			values[key] = true;
			continue;
		}
		const value = inline ?? argv[++index];
		// `--profile --json`: the full parser refuses an option given as a value.
		if (value === undefined || (inline === undefined && value.startsWith('-'))) return undefined;
		values[key] = value;
	}
	return values.help ? undefined : values;
}

/** A string option's value (the grammar has already checked its type). */
export function stringOption(value: string | boolean | undefined): string | undefined {
	return typeof value === 'string' ? value : undefined;
}
