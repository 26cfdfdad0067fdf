// How commands talk to people: results on stdout, everything else (progress, warnings,
// errors) on stderr so that `$(cc-token token)` captures nothing but the token.
import {type CcTokenError, exitCodes, toCcTokenError} from '../errors.js';

export function say(line = ''): void {
	process.stderr.write(`${line}\n`);
}

export function print(line: string): void {
	process.stdout.write(`${line}\n`);
}

export function printJson(value: unknown): void {
	process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Reports a failure and returns its exit code. `oneLine` keeps it to a single stderr line. */
export function reportError(error: unknown, options: {oneLine?: boolean} = {}): number {
	const failure: CcTokenError = toCcTokenError(error);
	const text = options.oneLine
		? failure.toText().replace(/\s*\n\s*/g, ' ')
		: failure.toText().replace(/\n/g, '\n  ');
	process.stderr.write(`cc-token: ${text}\n`);
	if (failure.code === 'unexpected' && process.env.CC_TOKEN_DEBUG && failure.cause) {
		process.stderr.write(`${String((failure.cause as Error).stack ?? failure.cause)}\n`);
	}
	return failure.exitCode;
}

export function printHelp(usage: string): number {
	process.stdout.write(`${usage.trim()}\n`);
	return exitCodes.ok;
}

/** "23 h 59 min", "4 min", "expired 2 min ago": how long until (or since) an instant. */
export function describeTimeLeft(expiresAt: number, now = Date.now()): string {
	const ms = expiresAt - now;
	const minutes = Math.round(Math.abs(ms) / 60_000);
	const span =
		minutes >= 120 * 24
			? `${Math.round(minutes / 1440)} days`
			: minutes >= 60
				? `${Math.floor(minutes / 60)} h ${minutes % 60} min`
				: `${minutes} min`;
	return ms >= 0 ? span : `expired ${span} ago`;
}
