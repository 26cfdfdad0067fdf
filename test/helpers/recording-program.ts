// A stand-in program on disk (a browser, xsel, wslview) that records how it was called: its
// arguments, NUL-separated so any character survives, and what arrived on its stdin.
import {chmod, readFile, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {vi} from 'vitest';

export interface RecordingProgram {
	path: string;
	/** Waits until the program has run, then returns its arguments and stdin. */
	nextCall(): Promise<{args: string[]; stdin: string}>;
	/** Whether it has run (for checks made once the caller has finished). */
	hasRun(): Promise<boolean>;
}

export async function createRecordingProgram(
	directory: string,
	name: string,
	options: {exitCode?: number} = {},
): Promise<RecordingProgram> {
	const path = join(directory, name);
	const argsFile = `${path}.args`;
	const stdinFile = `${path}.stdin`;
	// Absolute paths only: tests may run it with a PATH holding nothing but stand-ins. The
	// arguments file appears whole (mv) and last, so a waiting test never reads half a call.
	const script = [
		'#!/bin/sh',
		`/bin/cat > '${stdinFile}'`,
		`printf '%s\\0' "$@" > '${argsFile}.tmp'`,
		`/bin/mv '${argsFile}.tmp' '${argsFile}'`,
		`exit ${options.exitCode ?? 0}`,
		'',
	].join('\n');
	await writeFile(path, script);
	await chmod(path, 0o755);
	return {
		path,
		async nextCall() {
			const args = await vi.waitFor(() => readFile(argsFile, 'utf8'), {
				timeout: 5000,
				interval: 20,
			});
			return {args: args.split('\0').slice(0, -1), stdin: await readFile(stdinFile, 'utf8')};
		},
		hasRun() {
			return readFile(argsFile).then(
				() => true,
				() => false,
			);
		},
	};
}
