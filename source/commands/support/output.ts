// How commands talk to people: results on stdout, everything else (progress, warnings,
// errors) on stderr so that `$(cc-token token)` captures nothing but the token. Lines are
// written straight to the file descriptors, as the entry's own answers must (see
// system/direct-write.ts); help, never one of those, goes through process.stdout.
import {exitCodes} from '../../errors.js';
import {writeDirect} from '../../system/direct-write.js';

export function say(line = ''): void {
	writeDirect(2, `${line}\n`);
}

export function print(line: string): void {
	writeDirect(1, `${line}\n`);
}

export function printJson(value: unknown): void {
	writeDirect(1, `${JSON.stringify(value, null, 2)}\n`);
}

export function printHelp(usage: string): number {
	process.stdout.write(`${usage.trim()}\n`);
	return exitCodes.ok;
}
