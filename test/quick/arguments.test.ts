// The entry point reads token's and status's argv with a small parser of its own (the full one
// costs a start too much), from the command table's grammar. It may leave any argv to the full
// parser, but whatever it answers must be what the full parser makes of the same words.
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {commandGrammar, parseCommandArguments} from '../../source/commands/parse.js';
import {
	type CommandSpec,
	commandTable,
	type QuickOptionsCommand as QuickCommand,
	quickCommands,
} from '../../source/commands/table.js';
import {parseQuickArguments} from '../../source/quick/arguments.js';

/** The commands whose quick bundle reads its argv itself, as the table marks them. */
const readingOptions = quickCommands().filter(
	(name): name is QuickCommand => (commandTable[name] as CommandSpec).quick?.readsOptions === true,
);

/** The full parser's values, or "refused" when it reports a usage error. */
function fullParse(argv: string[], name: QuickCommand) {
	try {
		const {positionals, ...values} = parseCommandArguments(argv, name);
		return {values, positionals};
	} catch {
		return 'refused' as const;
	}
}

function quickParse(argv: string[], name: QuickCommand) {
	return parseQuickArguments(argv, name, commandGrammar(name) as never);
}

describe.each(readingOptions)('cc-token %s', (name) => {
	it.each([
		[[], {}],
		[['--profile', 'shop'], {profile: 'shop'}],
		[['-p', 'shop'], {profile: 'shop'}],
		[['--profile=shop'], {profile: 'shop'}],
		[['--store', 'redis://127.0.0.1:6379'], {store: 'redis://127.0.0.1:6379'}],
		[['--no-color', '-p', 'shop'], {'no-color': true, profile: 'shop'}],
	])('answers the plain case %j itself', (argv, expected) => {
		expect(quickParse(argv, name)).toEqual(expected);
		expect(fullParse(argv, name)).toEqual({values: expected, positionals: []});
	});

	it.each([
		[['--help']],
		[['-h']],
		[['--profile']],
		[['--profile', '--json']],
		[['--profle', 'shop']],
		[['-pshop']],
		[['shop']],
		[['--', '--profile']],
		[['--no-color=yes']],
	])('leaves %j to the full parser', (argv) => {
		expect(quickParse(argv, name)).toBeUndefined();
	});

	it('never answers differently from the full parser', () => {
		const word = fc.constantFrom(
			'--profile',
			'-p',
			'--profile=a=b',
			'--json',
			'--verify',
			'--store',
			'--help',
			'-h',
			'--no-color',
			'--',
			'-',
			'--x',
			'-z',
			'shop',
			'',
		);
		fc.assert(
			fc.property(fc.array(fc.oneof(word, fc.string()), {maxLength: 6}), (argv) => {
				const quick = quickParse(argv, name);
				if (quick === undefined) return;
				const full = fullParse(argv, name);
				expect(full).not.toBe('refused');
				expect(full).toEqual({values: quick, positionals: []});
			}),
			{numRuns: 2000},
		);
	});
});
