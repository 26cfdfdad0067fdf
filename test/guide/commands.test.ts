// `cc-token` / `cc-token guide` and `cc-token demo` before anything is drawn: a pipe is not a
// terminal, and the guide says what to use instead.
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {run as runDemo} from '../../source/commands/demo.js';
import {run as runGuide} from '../../source/commands/guide.js';
import {processIo} from '../../source/commands/support/process-io.js';

// What the commands write, through the output boundary's file-descriptor writer.
const written = vi.hoisted(() => ({stdout: '', stderr: ''}));
vi.mock('../../source/system/direct-write.js', () => ({
	writeDirect: (fd: 1 | 2, text: string) => {
		written[fd === 1 ? 'stdout' : 'stderr'] += text;
	},
}));
const stdoutIsTTY = Object.getOwnPropertyDescriptor(process.stdout, 'isTTY');

beforeEach(() => {
	written.stdout = '';
	written.stderr = '';
	// Under the test runner stdin is a pipe; make stdout look like a terminal so that the
	// check has to look at both ends.
	Object.defineProperty(process.stdout, 'isTTY', {value: true, configurable: true});
});

afterEach(() => {
	vi.restoreAllMocks();
	if (stdoutIsTTY) Object.defineProperty(process.stdout, 'isTTY', stdoutIsTTY);
	else delete (process.stdout as {isTTY?: boolean}).isTTY;
});

describe.each([
	['guide', runGuide],
	['demo', runDemo],
])('cc-token %s', (name, run) => {
	it('says it needs a terminal, names the plain commands, and exits 2', async () => {
		expect(process.stdin.isTTY).toBeFalsy();
		expect(await run([], processIo())).toBe(2);
		expect(written.stderr).toBe(
			"cc-token's guide needs an interactive terminal. In scripts use: cc-token login, cc-token status, cc-token token.\n",
		);
		expect(written.stdout).toBe('');
	});

	it('prints its help', async () => {
		expect(await run(['--help'], processIo())).toBe(0);
		expect(written.stdout).toContain(`cc-token ${name === 'guide' ? '[guide]' : 'demo'}`);
		expect(written.stdout).toContain('--no-browser');
	});

	it('refuses an unknown flag as a usage error', async () => {
		await expect(run(['--colour'], processIo())).rejects.toMatchObject({
			code: 'usage',
			exitCode: 2,
		});
	});
});
