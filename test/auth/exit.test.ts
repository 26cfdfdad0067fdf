// A sign-in must leave nothing running: a command that signed in (or gave up) exits by itself.
import {spawn} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {build} from 'esbuild';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

let bundleDir: string;
let scriptPath: string;

beforeAll(async () => {
	bundleDir = mkdtempSync(join(tmpdir(), 'cc-token-sign-in-'));
	scriptPath = join(bundleDir, 'sign-in-then-exit.mjs');
	await build({
		entryPoints: [join(import.meta.dirname, 'fixtures', 'sign-in-then-exit.ts')],
		outfile: scriptPath,
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		// hpagent is CommonJS and requires node built-ins.
		banner: {
			js: "import {createRequire} from 'node:module'; const require = createRequire(import.meta.url);",
		},
		logLevel: 'silent',
	});
});

afterAll(() => rmSync(bundleDir, {recursive: true, force: true}));

/** Runs the scenario; a process still alive after `limitMs` is killed and reported as such. */
function run(scenario: string, limitMs = 10_000) {
	return new Promise<{exitCode: number | null; killed: boolean; stdout: string; stderr: string}>(
		(resolve) => {
			const child = spawn(process.execPath, [scriptPath, scenario], {stdio: 'pipe'});
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', (chunk) => {
				stdout += chunk;
			});
			child.stderr.on('data', (chunk) => {
				stderr += chunk;
			});
			let killed = false;
			const limit = setTimeout(() => {
				killed = true;
				child.kill('SIGKILL');
			}, limitMs);
			child.on('close', (exitCode) => {
				clearTimeout(limit);
				resolve({exitCode, killed, stdout, stderr});
			});
		},
	);
}

describe('after a sign-in the process exits by itself', () => {
	it.each([
		['loopback', {route: 'loopback'}],
		['device', {route: 'device'}],
		['cancel', {error: 'cancelled'}],
		['timeout', {error: 'timeout'}],
	])('%s', async (scenario, expected) => {
		const result = await run(scenario);
		expect(result.killed, result.stderr).toBe(false);
		expect(result.exitCode, result.stderr).toBe(0);
		expect(JSON.parse(result.stdout)).toEqual(expected);
	});
});
