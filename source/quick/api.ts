// `cc-token api`, all of it but a Redis store (see cli.ts). What it loads only now and then (a
// refresh, an error's explanation, a proxy) comes from the ES module build (build.mjs).
import {run} from '../commands/api.js';
import {reportError, reportUncaughtFailures} from '../system/output-boundary.js';
import {quickIo} from './io.js';
import {storeElsewhere} from './settings-file-only.js';

export function answer(argv: string[]): Promise<number> | undefined {
	if (storeElsewhere(argv)) return undefined;
	// It runs on after the entry returns: a failure nothing catches ends it as any other.
	reportUncaughtFailures();
	return run(argv, quickIo()).catch((error: unknown) => reportError(error));
}
