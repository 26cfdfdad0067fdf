// The entry point. `cc-token token` runs before every API call in people's scripts, so the
// build makes this file a tiny CommonJS script: Node starts one without its ES module loader,
// which alone would cost a quarter of a bare `node` start. It answers what needs only the
// settings file (the version, a token that is still good, status, the shell's completions) and
// `cc-token api` requests, each from a CommonJS bundle of its own (quick/) loaded only for that
// command, and hands everything else to main.ts, the full command set, loaded as ES modules
// only then. Nothing crosses back: once main.ts runs, it does the whole command again from the
// start. Nothing here touches process.stdout: creating that stream costs a seventh of a start.
import type {QuickAnswer} from './quick/answer.js';
import {writeDirect} from './system/direct-write.js';

declare const CC_TOKEN_VERSION: string;

/** A bundle that answers a command by itself (dist/quick/), loaded only for that command. */
type QuickModule = {answer: QuickAnswer};

/** The exit code (or its promise) when there is an answer without the full command set. */
function quickAnswer([first, ...rest]: string[]): ReturnType<QuickAnswer> {
	switch (first) {
		case '--version':
		case '-v':
			writeDirect(1, `${CC_TOKEN_VERSION}\n`);
			return 0;
		case 'token':
			return (require('./quick/token.js') as QuickModule).answer(rest);
		case 'status':
			return (require('./quick/status.js') as QuickModule).answer(rest);
		case '__complete':
			return (require('./quick/complete.js') as QuickModule).answer(rest);
		case 'api':
			return (require('./quick/api.js') as QuickModule).answer(rest);
		default:
			return undefined;
	}
}

const argv = process.argv.slice(2);
const answer = quickAnswer(argv);
if (answer === undefined) {
	import('./main.js')
		.then(({main}) => main(argv))
		.then((exitCode) => {
			process.exitCode = exitCode;
		});
} else if (typeof answer === 'number') {
	process.exitCode = answer;
} else {
	// Ctrl+C during a request ends the command at once with 130 (exitCodes.interrupted, not
	// imported: errors.ts would weigh on every start), as the full command set does.
	process.on('SIGINT', () => process.exit(130));
	answer.then((exitCode) => {
		process.exitCode = exitCode;
	});
}
