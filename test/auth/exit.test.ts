// A sign-in must leave nothing running: a command that signed in (or gave up) exits by itself.
import {spawn} from 'node:child_process';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {type BundledScript, bundleScript} from '../helpers/bundle.js';

let script: BundledScript;

beforeAll(async () => {
	script = await bundleScript(
		join(import.meta.dirname, '..', 'helpers', 'programs', 'sign-in-then-exit.ts'),
	);
});

afterAll(() => script.remove());

/** Runs the scenario; a process still alive after `limitMs` is killed and reported as such. */
function run(scenario: string, limitMs = 10_000) {
	return new Promise<{exitCode: number | null; killed: boolean; stdout: string; stderr: string}>(
		(resolve) => {
			const child = spawn(process.execPath, [script.path, scenario], {stdio: 'pipe'});
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
