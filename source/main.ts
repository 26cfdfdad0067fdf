// Every command: picks one from argv and loads only its module, so that a command loads
// nothing it does not use (React and Ink only for the guide). What each command is and takes
// lives in one table (commands/table.ts); this file knows only where each command's code is,
// each with an import() of its own, which esbuild needs written out to split the build.
// Reached from cli.ts for everything it does not answer itself.
import {unknownCommand} from './commands/parse.js';
import {commandHelp, overallHelp} from './commands/support/help.js';
import type {CommandIo} from './commands/support/io.js';
import {printHelp, say} from './commands/support/output.js';
import {type CommandName, type CommandSpec, commandTable, isCommandName} from './commands/table.js';
import {exitCodes} from './errors.js';
import {closeOpenStores} from './store/open-stores.js';
import {passwordOptionIn} from './store/store-address.js';
import {exitOnInterrupt} from './system/interrupt.js';
import {
	boundaryStreams,
	reportError,
	reportUncaughtFailures,
	writeForPerson,
} from './system/output-boundary.js';
import {isClosedPipe} from './system/terminal.js';
import {applyColorChoice} from './text/color.js';

type CommandModule = {run: (argv: string[], io: CommandIo) => Promise<number>};

declare const CC_TOKEN_VERSION: string;

/** Where each command of the table lives (a command the table has and this lacks fails to type-check). */
const loaders: Record<CommandName, () => Promise<CommandModule>> = {
	guide: () => import('./commands/guide.js'),
	login: () => import('./commands/login.js'),
	token: () => import('./commands/token.js'),
	status: () => import('./commands/status.js'),
	doctor: () => import('./commands/doctor.js'),
	env: () => import('./commands/env.js'),
	api: () => import('./commands/api.js'),
	exec: () => import('./commands/exec.js'),
	use: () => import('./commands/use.js'),
	refresh: () => import('./commands/refresh.js'),
	store: () => import('./commands/store.js'),
	logout: () => import('./commands/logout.js'),
	demo: () => import('./commands/demo.js'),
	emulator: () => import('./commands/emulator.js'),
	completion: () => import('./commands/completion.js'),
	__complete: async () => {
		const {printCompletions} = await import('./commands/completion.js');
		return {run: async (argv, io) => printCompletions(argv, io)};
	},
};

/** The command and its own argv: no command, or options first, means the guide. */
function pickCommand(argv: string[]): {name: string; rest: string[]} {
	const [first, ...rest] = argv;
	if (first === undefined || first.startsWith('-')) return {name: 'guide', rest: argv};
	return {name: first, rest};
}

/**
 * `cc-token --no-color status`: --no-color may also come before the command. It has done its
 * work once applyColorChoice has seen it.
 */
function withoutLeadingNoColor(argv: string[]): string[] {
	let start = 0;
	while (argv[start] === '--no-color') start++;
	return argv.slice(start);
}

export async function main(givenArgv: string[]): Promise<number> {
	// A reader that stops early (`cc-token api /contacts | head -1`) ends the output, not with
	// a stack trace.
	process.stdout.on('error', (error: NodeJS.ErrnoException) => {
		if (!isClosedPipe(error)) throw error;
		process.exit();
	});
	reportUncaughtFailures();
	applyColorChoice(givenArgv, process.env);
	const argv = withoutLeadingNoColor(givenArgv);
	const streams = boundaryStreams();
	let stopWatching = () => {};
	try {
		const [first] = argv;
		if (first === '--help' || first === '-h' || first === 'help') {
			const topic = argv[1];
			return printHelp(streams, topic && isCommandName(topic) ? commandHelp(topic) : overallHelp());
		}
		if (first === '--version' || first === '-v') {
			writeForPerson(1, `${CC_TOKEN_VERSION}\n`);
			return exitCodes.ok;
		}
		const {name, rest} = pickCommand(argv);
		if (!isCommandName(name)) return reportError(unknownCommand(name));
		const exposed = passwordOptionIn(rest);
		if (exposed) {
			say(
				streams,
				`cc-token: warning: the Redis password in ${exposed} can be read by other users of this machine (in \`ps\`) and stays in your shell history. Set CC_TOKEN_STORE instead.`,
			);
		}
		stopWatching = exitOnInterrupt((commandTable[name] as CommandSpec).handlesInterrupt === true);
		// The process's streams and store, loaded beside the command: the store's code is not
		// every command's (--help, --version).
		const [module, {processIo}] = await Promise.all([
			loaders[name](),
			import('./commands/support/process-io.js'),
		]);
		return await module.run(rest, processIo());
	} catch (error) {
		return reportError(error);
	} finally {
		stopWatching();
		// A Redis store's connection would otherwise keep the process alive. (The registry
		// alone: loading open-store.js here would cost every command its store's code.)
		await closeOpenStores();
	}
}
