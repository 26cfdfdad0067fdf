// The alternate screen is always left, whatever ends the process: real processes, real
// signals, and everything they write captured in the order it was written.
import {spawn} from 'node:child_process';
import {mkdtempSync, openSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {build} from 'esbuild';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

// What the terminal must be told, spelled out here rather than borrowed from the module under
// test: on the way in, clear the echoed line, take the alternate screen and mark pastes; on the
// way out, stop marking pastes, leave the alternate screen and show the cursor again.
const enterAlternateScreen = '\r\u001B[2K\u001B[?1049h\u001B[?2004h';
const leaveAlternateScreen = '\u001B[?2004l\u001B[?1049l\u001B[?25h';

let dir: string;
let script: string;

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'cc-token-screen-'));
	script = join(dir, 'full-screen.mjs');
	await build({
		entryPoints: [join(import.meta.dirname, '..', 'helpers', 'programs', 'full-screen.ts')],
		outfile: script,
		bundle: true,
		platform: 'node',
		format: 'esm',
		logLevel: 'silent',
	});
});

afterAll(() => rmSync(dir, {recursive: true, force: true}));

/** Runs the fixture with stdout and stderr going to one file, so their order is kept. */
async function runFixture(
	mode: string,
	signal?: NodeJS.Signals,
): Promise<{output: string; code: number | null; signal: NodeJS.Signals | null}> {
	const file = join(dir, `${mode}-${signal ?? 'none'}.out`);
	const fd = openSync(file, 'w');
	const child = spawn(process.execPath, [script, mode], {stdio: ['ignore', fd, fd]});
	const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
		child.on('exit', (code, killedBy) => resolve([code, killedBy])),
	);
	if (signal) {
		// Poll the output until the fixture has done its part, then send the signal.
		const ready = mode === 'close' ? '[closed]' : '[drawn]';
		const deadline = Date.now() + 10_000;
		while (!readFileSync(file, 'utf8').includes(ready)) {
			if (Date.now() > deadline) throw new Error(`The fixture never printed ${ready}.`);
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
		child.kill(signal);
	}
	const [code, killedBy] = await exited;
	return {output: readFileSync(file, 'utf8'), code, signal: killedBy};
}

const count = (text: string, part: string) => text.split(part).length - 1;

describe('the alternate screen', () => {
	it.each([
		['SIGTERM', 143],
		['SIGHUP', 129],
		['SIGINT', 130],
	] as const)('is left on %s, after the clean-up, exiting %i', async (signal, exitCode) => {
		const {output, code} = await runFixture('wait', signal);
		expect(code).toBe(exitCode);
		expect(output.startsWith(enterAlternateScreen)).toBe(true);
		expect(output.endsWith(`[clean-up]${leaveAlternateScreen}`)).toBe(true);
	});

	it.each([
		['an uncaught error', 'crash', 'the disk caught fire'],
		['an unhandled rejection', 'reject', 'a promise broke'],
	])(
		'is left on %s, and the message comes after it, without a stack',
		async (_name, mode, message) => {
			const {output, code} = await runFixture(mode);
			expect(code).toBe(1);
			const restoredAt = output.indexOf(leaveAlternateScreen);
			const reportedAt = output.indexOf(`cc-token: Something unexpected went wrong: ${message}`);
			expect(restoredAt).toBeGreaterThan(0);
			expect(reportedAt).toBeGreaterThan(restoredAt);
			expect(output).not.toMatch(/\n\s+at /);
			expect(count(output, leaveAlternateScreen)).toBe(1);
		},
	);

	it('is left by close(), the normal quit, which also stops watching for signals', async () => {
		const {output, code, signal} = await runFixture('close', 'SIGTERM');
		expect(output).toBe(`${enterAlternateScreen}[drawn]\n${leaveAlternateScreen}[closed]\n`);
		// The signal now ends the process as it would any other: no clean-up, no second restore.
		expect({code, signal}).toEqual({code: null, signal: 'SIGTERM'});
	});

	it('is left once however often it is restored, and not again on exit', async () => {
		const {output, code} = await runFixture('quit');
		expect(code).toBe(0);
		expect(count(output, leaveAlternateScreen)).toBe(1);
		expect(output.endsWith(`${leaveAlternateScreen}[after]`)).toBe(true);
		expect(output).not.toContain('[clean-up]');
	});
});
