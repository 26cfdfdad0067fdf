// How commands talk to people: results on stdout, everything else (progress, warnings,
// errors) on stderr so that `$(cc-token token)` captures nothing but the token. Every line goes
// through the output boundary (system/output-boundary.ts), which cleans what is for a person.
import {exitCodes} from '../errors.js';
import {writeForPerson, writeJson} from '../system/output-boundary.js';

export function say(line = ''): void {
	writeForPerson(2, `${line}\n`);
}

export function print(line: string): void {
	writeForPerson(1, `${line}\n`);
}

export function printJson(value: unknown): void {
	writeJson(value);
}

export function printHelp(usage: string): number {
	writeForPerson(1, `${usage.trim()}\n`);
	return exitCodes.ok;
}
