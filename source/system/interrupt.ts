// Ctrl+C ends a command with exit code 130 (128 + SIGINT), as shells expect, at once: a
// refresh or request in flight is abandoned (a refresh leaves its marker, as a crash would).
// Commands marked handlesInterrupt in the command table stop themselves and choose their exit
// code; for them this listener acts only while nothing else listens (the command is still
// loading), and its presence keeps the lock library's exit hook from re-raising the signal over
// them. One rule for the full command set (main.ts) and the entry's own answers (cli.ts).
import {exitCodes} from '../exit-codes.js';

/** Starts the rule; returns what ends it. */
export function exitOnInterrupt(handledByCommand: boolean): () => void {
	const onInterrupt = () => {
		if (!handledByCommand || process.listenerCount('SIGINT') === 1) {
			process.exit(exitCodes.interrupted);
		}
	};
	process.on('SIGINT', onInterrupt);
	return () => process.off('SIGINT', onInterrupt);
}
