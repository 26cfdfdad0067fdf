// Read by build.mjs only: the grammar of each command the entry point answers itself.
import {commandGrammar} from './commands/parse.js';
import {quickCommands} from './quick/arguments.js';

export const grammar = Object.fromEntries(
	quickCommands.map((name) => [name, commandGrammar(name)]),
);
