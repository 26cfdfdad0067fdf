// A reader that goes away (`cc-token status | head -1`) ends the output quietly. Linux and
// macOS report that as EPIPE, Windows as EOF: both are fed to the built command's stdout here.
import {spawn} from 'node:child_process';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, expect, it} from 'vitest';
import {baseEnv, builtCli} from '../helpers/cli.js';

let directory: string;
beforeAll(async () => {
	directory = await mkdtemp(path.join(tmpdir(), 'cc-token-pipe-'));
});
afterAll(() => rm(directory, {recursive: true, force: true}));

async function runWithStdoutError(code: string) {
	// Loaded before the command: once the command has set itself up, stdout fails as a closed
	// pipe does on that system.
	const preload = path.join(directory, `${code}.cjs`);
	await writeFile(
		preload,
		`setImmediate(() => process.stdout.emit('error', Object.assign(new Error('write ${code}'), {code: '${code}', syscall: 'write'})));\n`,
	);
	const child = spawn(process.execPath, ['--require', preload, builtCli, '--version'], {
		env: baseEnv(),
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stderr = '';
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
		stderr += chunk;
	});
	child.stdout.resume();
	const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
	return {exitCode, stderr};
}

it.each(['EPIPE', 'EOF'])(
	'a closed pipe reported as %s ends the command without a stack trace',
	async (code) => {
		const {exitCode, stderr} = await runWithStdoutError(code);
		expect(stderr).toBe('');
		expect(exitCode).toBe(0);
	},
);

it('any other stdout failure is still reported', async () => {
	const {exitCode, stderr} = await runWithStdoutError('EIO');
	expect(exitCode).not.toBe(0);
	expect(stderr).toContain('write EIO');
});
