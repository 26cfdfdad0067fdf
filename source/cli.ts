// The entry point. `cc-token token` runs before every API call in people's scripts, so the
// build makes this file a tiny CommonJS script: Node starts one without its ES module loader,
// which alone would cost a quarter of a bare `node` start. It answers the version itself, and
// the commands the command table marks quick (a token that is still good, status, the shell's
// completions, `cc-token api` requests, `cc-token exec`) each from a CommonJS bundle of its own
// (quick/) loaded only for that command; the build writes in which those are, so that this file
// holds none of the table. It hands everything else to main.ts, the full command set,
// loaded as ES modules only then. Nothing crosses back: once main.ts runs, it does the whole
// command again from the start. Nothing here touches process.stdout: creating that stream
// costs a seventh of a start.
import type {QuickAnswer} from './quick/answer.js';
import {writeDirect} from './system/direct-write.js';
import {exitOnInterrupt} from './system/interrupt.js';

declare const CC_TOKEN_VERSION: string;
/** JSON of the command table's quick commands: {name: {bundle, handlesInterrupt}}. */
declare const CC_TOKEN_QUICK_COMMANDS: string;

interface QuickCommand {
	bundle: string;
	handlesInterrupt: boolean;
}

/** The command's own bundle (dist/quick/), when it has one. */
function quickCommand(command: string | undefined): QuickCommand | undefined {
	const quick: Record<string, QuickCommand> = JSON.parse(CC_TOKEN_QUICK_COMMANDS);
	return command !== undefined && Object.hasOwn(quick, command) ? quick[command] : undefined;
}

/** Loads a bundle of dist/quick/: a file of its own, which the build leaves out of this one. */
function loadQuick({bundle}: QuickCommand): {answer: QuickAnswer} {
	const file = `./quick/${bundle}.js`;
	return require(file);
}

/** Runs the full command set on argv: the same command again, from the start. */
function handOver(argv: string[]): void {
	import('./main.js')
		.then(({main}) => main(argv))
		.then((exitCode) => {
			process.exitCode = exitCode;
		});
}

/** True when this Node is older than package.json's engines (20.19): then it says so. */
function nodeTooOld(): boolean {
	const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
	if (major > 20 || (major === 20 && minor >= 19)) return false;
	writeDirect(
		2,
		`cc-token: this is Node.js ${process.versions.node}; cc-token needs 20.19 or newer.\n  Install a current Node.js (https://nodejs.org), then run cc-token again.\n`,
	);
	return true;
}

const argv = process.argv.slice(2);
const [command, ...rest] = argv;
if (nodeTooOld()) {
	process.exitCode = 1;
} else if (command === '--version' || command === '-v') {
	writeDirect(1, `${CC_TOKEN_VERSION}\n`);
} else {
	const quick = quickCommand(command);
	const answer = quick && loadQuick(quick).answer(rest);
	if (answer === undefined) {
		handOver(argv);
	} else if (typeof answer === 'number') {
		process.exitCode = answer;
	} else {
		// While a request or a program runs, Ctrl+C follows the full command set's rule.
		exitOnInterrupt(quick?.handlesInterrupt === true);
		answer.then((exitCode) => {
			process.exitCode = exitCode;
		});
	}
}
