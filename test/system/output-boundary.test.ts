// The output boundary holds only if nothing goes around it: every write to stdout or stderr in
// source/ is made by system/output-boundary.ts (through direct-write.ts), or by one of the few
// places below that write no person's text, each for the reason given. A new
// `process.stderr.write(message)` anywhere else fails here.
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {repoRoot} from '../helpers/cli.js';

const sourceDir = path.join(repoRoot, 'source');

// Writing to the process's stdout or stderr other than through the boundary.
const rawWrite =
	/process\.(stdout|stderr)\.write\b|\bwriteSync\s*\(|\bwriteDirect\s*\(|\bconsole\.\w+\s*\(/;

/** The boundary, and each place that writes around it, with why that is safe. */
const allowed: Record<string, string> = {
	'system/output-boundary.ts': 'the boundary itself',
	'system/direct-write.ts': 'the boundary’s file-descriptor writer',
	'system/terminal.ts': 'writeNow: the guide’s own alternate-screen sequences, nothing else',
	'cli.ts': 'the entry’s constant lines (the version, Node too old), before anything loads',
	'store/keychain/keychain.ts': 'the keychain helper’s JSON answer to its parent, on a pipe',
	'provider/emulator/index.ts': 'the emulator’s own failure (a bug), never a request’s data',
};

function sourceFiles(): string[] {
	return readdirSync(sourceDir, {recursive: true, encoding: 'utf8'})
		.filter((file) => /\.tsx?$/.test(file))
		.map((file) => file.split(path.sep).join('/'));
}

/** Code lines only: comments may speak of process.stdout. */
function codeLines(file: string): string[] {
	return readFileSync(path.join(sourceDir, file), 'utf8')
		.split('\n')
		.filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line));
}

describe('the output boundary', () => {
	it('is the only way to stdout and stderr in source/', () => {
		const bypasses = sourceFiles()
			.filter((file) => !(file in allowed))
			.flatMap((file) =>
				codeLines(file)
					.filter((line) => rawWrite.test(line))
					.map((line) => `${file}: ${line.trim()}`),
			);
		expect(bypasses).toEqual([]);
	});

	it('lists no place as an exception that no longer writes around it', () => {
		const stale = Object.keys(allowed).filter(
			(file) => !codeLines(file).some((line) => rawWrite.test(line)),
		);
		expect(stale).toEqual([]);
	});

	it('writes uncleaned data only for an API body and for env’s shell code', () => {
		const rawData = sourceFiles().filter(
			(file) =>
				file !== 'system/output-boundary.ts' &&
				codeLines(file).some((line) => /\bwriteData\s*\(/.test(line)),
		);
		expect(rawData.sort()).toEqual(['commands/api.ts', 'commands/env.ts']);
	});
});
