// Read by build.mjs only: what the build takes from the command table (commands/table.ts). The
// entry point's own answers: each one's bundle, its budget and its Ctrl+C rule; and the grammar
// of those that read their argv themselves (quick/arguments.ts).
import {commandGrammar} from './commands/parse.js';
import {type CommandSpec, commandTable, quickCommands} from './commands/table.js';

export const quick = quickCommands().map((name) => {
	const spec: CommandSpec = commandTable[name];
	return {name, ...spec.quick!, handlesInterrupt: spec.handlesInterrupt === true};
});

export const grammar = Object.fromEntries(
	quick.filter(({readsOptions}) => readsOptions).map(({name}) => [name, commandGrammar(name)]),
);
