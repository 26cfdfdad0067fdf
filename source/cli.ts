// The entry point. `cc-token token` runs before every API call in people's scripts, so the
// build makes this file a small CommonJS script: Node starts one without its ES module loader,
// which alone would cost a third of a bare `node` start. It answers what needs only the
// settings file (the version, a token that is still good, status, the shell's completions) and
// hands everything else to
// main.ts, the full command set, loaded as ES modules only then. Nothing crosses back: once
// main.ts runs, it does the whole command again from the start.
import {printCompletions} from './commands/completion.js';
import {printStoredStatus} from './commands/status.js';
import {printStoredToken} from './commands/token.js';
import {reportError} from './errors.js';
import {isClosedPipe} from './system/terminal.js';

declare const CC_TOKEN_VERSION: string;

/** An exit code when the answer is ready without the full command set, else undefined. */
function quickAnswer([first, ...rest]: string[]): number | undefined {
	try {
		switch (first) {
			case '--version':
			case '-v':
				process.stdout.write(`${CC_TOKEN_VERSION}\n`);
				return 0;
			case 'token':
				return printStoredToken(rest);
			case 'status':
				return printStoredStatus(rest);
			case '__complete':
				return printCompletions(rest);
			default:
				return undefined;
		}
	} catch (error) {
		return reportError(error);
	}
}

// A reader that stops early (`cc-token status | head -1`) ends the output, not with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
	if (!isClosedPipe(error)) throw error;
	process.exit();
});

const argv = process.argv.slice(2);
const answer = quickAnswer(argv);
if (answer === undefined) {
	import('./main.js')
		.then(({main}) => main(argv))
		.then((exitCode) => {
			process.exitCode = exitCode;
		});
} else {
	process.exitCode = answer;
}
