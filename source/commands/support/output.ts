// How commands talk to people: results on stdout, everything else (progress, warnings,
// errors) on stderr so that `$(cc-token token)` captures nothing but the token. Each writes to
// the streams the command was handed (io.ts).
import {exitCodes} from '../../errors.js';
import {terminalSafeJson} from '../../text/printable.js';
import type {CommandIo} from './io.js';

type Streams = Pick<CommandIo, 'stdout' | 'stderr'>;

/** A line on stderr: progress, a warning, a note. */
export function say(io: Streams, line = ''): void {
	io.stderr.write(`${line}\n`);
}

/** A line of the result, on stdout. */
export function print(io: Streams, line: string): void {
	io.stdout.write(`${line}\n`);
}

export function printJson(io: Streams, value: unknown): void {
	// Still the same JSON, with what a terminal would act on written as \u escapes.
	io.stdout.write(`${terminalSafeJson(JSON.stringify(value, null, 2))}\n`);
}

export function printHelp(io: Streams, usage: string): number {
	io.stdout.write(`${usage.trim()}\n`);
	return exitCodes.ok;
}
