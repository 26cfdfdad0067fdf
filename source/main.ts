// Every command: picks one from argv and loads only its module, so that a command loads
// nothing it does not use (React and Ink only for the guide). Each command parses its own
// flags. Reached from cli.ts for everything it does not answer itself.
import {exitCodes, reportError} from './errors.js';

type CommandModule = {run: (argv: string[]) => Promise<number>};

const commands: Record<string, {summary: string; load: () => Promise<CommandModule>}> = {
	guide: {
		summary: 'the full-screen guide (the default)',
		load: () => import('./commands/guide.js'),
	},
	login: {summary: 'sign in without the guide', load: () => import('./commands/login.js')},
	token: {
		summary: 'print a valid access token (for scripts)',
		load: () => import('./commands/token.js'),
	},
	status: {
		summary: 'show the stored profiles and their tokens',
		load: () => import('./commands/status.js'),
	},
	env: {
		summary: 'print lines exporting CC_API_KEY and CC_ACCESS_TOKEN',
		load: () => import('./commands/env.js'),
	},
	api: {
		summary: 'send a request to the V3 API with a fresh token',
		load: () => import('./commands/api.js'),
	},
	exec: {
		summary: 'run a program with CC_ACCESS_TOKEN and CC_API_KEY set',
		load: () => import('./commands/exec.js'),
	},
	refresh: {summary: 'renew the access token now', load: () => import('./commands/refresh.js')},
	logout: {
		summary: 'revoke and delete stored credentials',
		load: () => import('./commands/logout.js'),
	},
	demo: {
		summary: 'walk through the guide against a built-in stand-in for Constant Contact',
		load: () => import('./commands/demo.js'),
	},
	emulator: {
		summary: 'run the built-in Constant Contact stand-in on loopback',
		load: () => import('./commands/emulator.js'),
	},
};

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

export async function main(argv: string[]): Promise<number> {
	const [first, ...rest] = argv;
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
	try {
		const module = await command.load();
		return await module.run(name === 'guide' && first !== 'guide' ? argv : rest);
	} catch (error) {
		return reportError(error);
	}
}
