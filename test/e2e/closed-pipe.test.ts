// A reader that goes away (`cc-token status | head -1`) ends the output quietly. Linux and
// macOS report that as EPIPE, Windows as EOF. The entry's own answers write straight to the
// file descriptor; the full command set writes through process.stdout: both are checked.
import {spawn} from 'node:child_process';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {type DirectWriteSystem, writeDirect} from '../../source/system/direct-write.js';
import {baseEnv, builtCli} from '../helpers/cli.js';
import {writeStoreFile} from '../helpers/temp-store.js';

let directory: string;
beforeAll(async () => {
	directory = await mkdtemp(path.join(tmpdir(), 'cc-token-pipe-'));
	writeStoreFile(
		{dir: directory, file: path.join(directory, 'config.json')},
		{
			default: {
				apiKey: '1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d',
				accessToken: 'header.payload.signature',
				accessTokenExpiresAt: Date.now() + 3_600_000,
			},
		},
	);
});
afterAll(() => rm(directory, {recursive: true, force: true}));

async function finish(child: ReturnType<typeof spawn>) {
	let stderr = '';
	child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
		stderr += chunk;
	});
	const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
	return {exitCode, stderr};
}

describe('the entry’s own answers', () => {
	it.each([['--version'], ['token'], ['status']])(
		'cc-token %s into a pipe whose reader has gone ends without a word',
		async (command) => {
			const child = spawn(process.execPath, [builtCli, command], {
				env: baseEnv({CC_TOKEN_CONFIG_DIR: directory}),
				stdio: ['ignore', 'pipe', 'pipe'],
			});
			// Closed long before node has started: the command's first write meets a real EPIPE.
			child.stdout!.destroy();
			const {exitCode, stderr} = await finish(child);
			expect(stderr).toBe('');
			expect(exitCode).toBe(0);
		},
	);

	describe('writing to a file descriptor', () => {
		function system(failures: string[]) {
			const written: string[] = [];
			let exited = false;
			const fake: DirectWriteSystem = {
				write: (_fd, data) => {
					const code = failures.shift();
					if (code) throw Object.assign(new Error(`write ${code}`), {code});
					// A pipe takes at most 4 bytes at a time here.
					const part = data.subarray(0, 4);
					written.push(Buffer.from(part).toString());
					return part.length;
				},
				pause: () => {},
				exit: (() => {
					exited = true;
					throw new Error('exited');
				}) as DirectWriteSystem['exit'],
			};
			return {fake, written, exited: () => exited};
		}

		it.each(['EPIPE', 'EOF'])('a closed pipe reported as %s ends the process', (code) => {
			const {fake, exited} = system([code]);
			expect(() => writeDirect(1, 'token\n', fake)).toThrow('exited');
			expect(exited()).toBe(true);
		});

		it('a full non-blocking pipe is waited on, and every byte arrives once', () => {
			const {fake, written} = system(['EAGAIN', 'EAGAIN']);
			writeDirect(1, 'eyJ.token.value\n', fake);
			expect(written.join('')).toBe('eyJ.token.value\n');
		});

		it('any other failure is thrown', () => {
			const {fake, exited} = system(['EIO']);
			expect(() => writeDirect(1, 'x\n', fake)).toThrow('write EIO');
			expect(exited()).toBe(false);
		});
	});
});

describe('the full command set', () => {
	async function runWithStdoutError(code: string) {
		// Loaded before the command: its first write to stdout fails as a closed pipe does on
		// that system, at once through the file descriptor (the output boundary's way), later
		// through the stream.
		const preload = path.join(directory, `${code}.cjs`);
		const failure = `Object.assign(new Error('write ${code}'), {code: '${code}', syscall: 'write'})`;
		await writeFile(
			preload,
			[
				`const fs = require('node:fs');`,
				'const writeSync = fs.writeSync;',
				`fs.writeSync = (fd, ...rest) => { if (fd === 1) throw ${failure}; return writeSync(fd, ...rest); };`,
				`process.stdout.write = () => { process.nextTick(() => process.stdout.emit('error', ${failure})); return true; };`,
				'',
			].join('\n'),
		);
		const child = spawn(process.execPath, ['--require', preload, builtCli, '--help'], {
			env: baseEnv(),
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		child.stdout!.resume();
		return finish(child);
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
});
