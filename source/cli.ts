// The entry point. `cc-token token` runs before every API call in people's scripts, so the
// build makes this file a tiny CommonJS script: Node starts one without its ES module loader,
// which alone would cost a third of a bare `node` start. It answers what needs only the
// settings file (the version, a token that is still good, status, the shell's completions),
// each from a small bundle of its own (quick/), loaded only for that command, and hands
// everything else to main.ts, the full command set, loaded as ES modules only then. Nothing
// crosses back: once main.ts runs, it does the whole command again from the start.
// Nothing here touches process.stdout: creating that stream alone costs a seventh of a start.
import type {QuickAnswer} from './quick/answer.js';
import {writeDirect} from './system/direct-write.js';

declare const CC_TOKEN_VERSION: string;

/** A bundle that answers a command by itself (dist/quick/), loaded only for that command. */
type QuickModule = {answer: QuickAnswer};

/** An exit code when the answer is ready without the full command set, else undefined. */
function quickAnswer([first, ...rest]: string[]): number | undefined {
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
} else {
	process.exitCode = answer;
}
