// How commands talk to people: results on stdout, everything else (progress, warnings,
// errors) on stderr so that `$(cc-token token)` captures nothing but the token. Each writes to
// the streams the command was handed (io.ts).
import {exitCodes} from '../../errors.js';
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
	io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printHelp(io: Streams, usage: string): number {
	io.stdout.write(`${usage.trim()}\n`);
	return exitCodes.ok;
}
