// `cc-token exec`, all of it but a Redis store (see cli.ts). A refresh comes from the ES module
// build (build.mjs).
import {run} from '../commands/exec.js';
import {reportError} from '../system/output-boundary.js';
import {storeElsewhere} from './settings-file-only.js';

/** As the command table says of exec: it passes Ctrl+C on to its program and exits with its code. */
export const handlesInterrupt = true;

export function answer(argv: string[]): Promise<number> | undefined {
	if (storeElsewhere(argv)) return undefined;
	return run(argv).catch((error: unknown) => reportError(error));
}
