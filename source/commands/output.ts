// How commands talk to people: results on stdout, everything else (progress, warnings,
// errors) on stderr so that `$(cc-token token)` captures nothing but the token.
import {exitCodes} from '../errors.js';

export function say(line = ''): void {
	process.stderr.write(`${line}\n`);
}

export function print(line: string): void {
	process.stdout.write(`${line}\n`);
}

export function printJson(value: unknown): void {
	process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printHelp(usage: string): number {
	process.stdout.write(`${usage.trim()}\n`);
	return exitCodes.ok;
}
