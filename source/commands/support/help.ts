// `--help`, laid out from the command table: wrapped to the terminal (80 columns in a file or
// a pipe), options in one aligned column, an example per command.
import {
	type CommandName,
	type CommandSpec,
	commandTable,
	commonOptions,
	type OptionSpec,
	topLevelOptions,
	visibleCommands,
} from '../table.js';

/** The width help is laid out for: the terminal's, else 80 (a file, a pipe, a pager). */
function helpWidth(stream: {isTTY?: boolean; columns?: number} = process.stdout): number {
	return stream.isTTY && stream.columns ? Math.max(40, Math.min(stream.columns, 100)) : 80;
}

/** Word-wraps one paragraph; a word longer than the line (a URL) keeps a line of its own. */
export function wrap(text: string, width: number, indent = 0, firstIndent = indent): string[] {
	const lines: string[] = [];
	let line = ' '.repeat(firstIndent);
	let lineHasWord = false;
	for (const word of text.split(/\s+/).filter(Boolean)) {
		if (lineHasWord && line.length + 1 + word.length > width) {
			lines.push(line);
			line = ' '.repeat(indent);
			lineHasWord = false;
		}
		line += `${lineHasWord ? ' ' : ''}${word}`;
		lineHasWord = true;
	}
	lines.push(line);
	return lines;
}

/**
 * An example command line broken with `\` at a space outside quotes (and not just after a
 * redirection) when it is too long.
 */
function wrapExample(example: string, width: number): string[] {
	const lines: string[] = [];
	let rest = example;
	let indent = '  ';
	while (indent.length + rest.length > width) {
		let quote: string | undefined;
		let breakAt = -1;
		for (let index = 0; index < rest.length; index++) {
			const char = rest[index]!;
			if (quote) {
				if (char === quote) quote = undefined;
			} else if (char === '"' || char === "'") {
				quote = char;
			} else if (
				char === ' ' &&
				indent.length + index + 2 <= width &&
				// A redirection stays with its file: `< \` would read oddly.
				!/(^|\s)[0-9]?(<|>|>>|\|)$/.test(rest.slice(0, index))
			) {
				breakAt = index;
			}
		}
		if (breakAt <= 0) break;
		lines.push(`${indent}${rest.slice(0, breakAt)} \\`);
		rest = rest.slice(breakAt + 1);
		indent = '      ';
	}
	lines.push(`${indent}${rest}`);
	return lines;
}

function optionTerm(name: string, option: OptionSpec): string {
	const short = option.short ? `-${option.short}, ` : '    ';
	return `${short}--${name}${option.value ? ` ${option.value}` : ''}`;
}

/** Rows of term and text in one aligned column, the text wrapped beside its term. */
function columns(
	rows: [string, string][],
	width: number,
	longest = Math.max(...rows.map(([term]) => term.length)),
): string[] {
	// On a narrow screen, or beside a very long term, the text goes under it.
	const textColumn = 2 + Math.min(longest, 26) + 2;
	const besideFits = width - textColumn >= 30;
	return rows.flatMap(([term, text]) => {
		if (besideFits && 2 + term.length + 2 <= textColumn) {
			return wrap(text, width, textColumn).map((line, index) =>
				index === 0 ? `  ${term.padEnd(textColumn - 2)}${line.trimStart()}` : line,
			);
		}
		const indent = besideFits ? textColumn : 8;
		return [`  ${term}`, ...wrap(text, width, indent)];
	});
}

export function commandHelp(name: CommandName, width = helpWidth()): string {
	const spec: CommandSpec = commandTable[name];
	const options: Record<string, OptionSpec> = {...spec.options, ...commonOptions};
	const usage = `cc-token ${spec.usage ?? `${name}${Object.keys(spec.options).length > 0 ? ' [options]' : ''}`}`;
	return [
		...wrap(`Usage: ${usage}`, width, 4, 0),
		'',
		...wrap(spec.about, width),
		'',
		'Options:',
		...columns(
			Object.entries(options).map(([key, option]) => [optionTerm(key, option), option.help]),
			width,
		),
		'',
		spec.examples.length > 1 ? 'Examples:' : 'Example:',
		...spec.examples.flatMap((example) => wrapExample(example, width)),
		...(spec.notes ?? []).flatMap((note) => ['', ...wrap(note, width)]),
	].join('\n');
}

export function overallHelp(width = helpWidth()): string {
	const commandRows: [string, string][] = visibleCommands().map((name) => [
		name,
		commandTable[name].summary,
	]);
	const optionRows: [string, string][] = Object.entries(topLevelOptions).map(([key, option]) => [
		optionTerm(key, option),
		option.help,
	]);
	// One column for both lists.
	const longest = Math.max(...[...commandRows, ...optionRows].map(([term]) => term.length));
	return [
		'Usage: cc-token [command] [options]',
		'',
		...wrap(
			'Without a command, opens the full-screen guide to getting a Constant Contact API key and access token.',
			width,
		),
		'',
		'Commands:',
		...columns(commandRows, width, longest),
		'',
		'Options:',
		...columns(optionRows, width, longest),
		'',
		'Examples:',
		...[
			'cc-token',
			'cc-token login --device',
			`printf 'Authorization: Bearer %s\\n' "$(cc-token token)" | curl -H @- …`,
		].flatMap((example) => wrapExample(example, width)),
		'',
		...wrap('Run `cc-token COMMAND --help` for a command’s options and examples.', width),
	].join('\n');
}
