// The entry point: picks a command from argv and loads only that command's module, so that
// `cc-token token` never loads React or Ink. Each command parses its own flags.
import {exitCodes} from './errors.js';

declare const CC_TOKEN_VERSION: string;

type CommandModule = {run: (argv: string[]) => Promise<number>};

const commands: Record<string, {summary: string; load: () => Promise<CommandModule>}> = {};

function usage(): string {
	const width = Math.max(...Object.keys(commands).map((name) => name.length));
	const lines = Object.entries(commands).map(
		([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`,
	);
	return [
		'Usage: cc-token [command] [options]',
		'',
		'Without a command, opens the full-screen guide to getting an API key and access token.',
		'',
		'Commands:',
		...lines,
		'',
		'Run `cc-token <command> --help` for a command’s options.',
	].join('\n');
}

async function main(argv: string[]): Promise<number> {
	const [first, ...rest] = argv;
	if (first === '--version' || first === '-v') {
		process.stdout.write(`${CC_TOKEN_VERSION}\n`);
		return exitCodes.ok;
	}
	if (first === '--help' || first === '-h' || first === 'help') {
		process.stdout.write(`${usage()}\n`);
		return exitCodes.ok;
	}
	const name = first === undefined || first.startsWith('-') ? 'guide' : first;
	const command = commands[name];
	if (!command) {
		process.stderr.write(`cc-token: unknown command “${name}”.\n\n${usage()}\n`);
		return exitCodes.usage;
	}
	const module = await command.load();
	return module.run(name === 'guide' && first !== 'guide' ? argv : rest);
}

process.exitCode = await main(process.argv.slice(2));
