// What each of the entry point's own answers is: a function of the command's argv that gives
// an exit code, or undefined when the full command set must run (see cli.ts).
import {reportError} from '../errors.js';

export type QuickAnswer = (argv: string[]) => number | undefined;

/** The answer, with any error reported as the full command set would report it. */
export function reportingErrors(answer: QuickAnswer): QuickAnswer {
	return (argv) => {
		try {
			return answer(argv);
		} catch (error) {
			return reportError(error);
		}
	};
}
