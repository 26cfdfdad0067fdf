// What each of the entry point's own answers is: a function of the command's argv that gives
// an exit code (at once, or once a request is answered), or undefined, decided before anything
// is done, when the full command set must run (see cli.ts).
import {reportError} from '../system/output-boundary.js';

export type QuickAnswer = (argv: string[]) => number | Promise<number> | undefined;

/** The answer, with any error reported as the full command set would report it. */
export function reportingErrors(
	answer: (argv: string[]) => number | undefined,
): (argv: string[]) => number | undefined {
	return (argv) => {
		try {
			return answer(argv);
		} catch (error) {
			return reportError(error);
		}
	};
}
