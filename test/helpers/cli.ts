// Runs the real built command (dist/cli.js) as a person or a script would, with its own
// config directory and a clean environment.
import {spawn} from 'node:child_process';
import {existsSync, mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const builtCli = path.join(repoRoot, 'dist', 'cli.js');
export const browserScript = path.join(repoRoot, 'test', 'helpers', 'browser-script.sh');

export interface CliResult {
	exitCode: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
}

/**
 * Rescued tokens (see source/store/rescue-file.ts) go to a state folder of this test process's
 * own, never to the developer's.
 */
const stateDir = mkdtempSync(path.join(tmpdir(), 'cc-token-state-'));

/** The environment every end-to-end run starts from: nothing of the developer's own. */
export function baseEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {
		PATH: process.env.PATH,
		HOME: process.env.HOME,
		LANG: 'C.UTF-8',
		NO_COLOR: '1',
		CC_TOKEN_STATE_DIR: stateDir,
	};
	for (const [name, value] of Object.entries(extra)) {
		if (value === undefined) delete env[name];
		else env[name] = value;
	}
	return env;
}

/** Starts the built command with piped stdio, for tests that talk to it while it runs. */
export function startCli(args: string[], options: {env: NodeJS.ProcessEnv}) {
	if (!existsSync(builtCli)) throw new Error('dist/cli.js is missing: run `npm run build` first.');
	const child = spawn(process.execPath, [builtCli, ...args], {
		env: options.env,
		stdio: ['pipe', 'pipe', 'pipe'],
	});
	const output = {stdout: '', stderr: ''};
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
		output.stdout += chunk;
	});
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
		output.stderr += chunk;
	});
	const finished = new Promise<CliResult>((resolve, reject) => {
		child.on('error', reject);
		child.on('close', (exitCode, signal) => resolve({exitCode, signal, ...output}));
	});
	return {child, output, finished};
}

/**
 * Runs the built command to its end. `timeoutMs` bounds a hung run; the default allows for a busy
 * machine, where one `store copy` through Redis and the keychain has taken more than 15 s. A run
 * it kills says so on its stderr, so a test's failure names the reason.
 */
export async function runCli(
	args: string[],
	options: {env: NodeJS.ProcessEnv; stdin?: string; timeoutMs?: number},
): Promise<CliResult> {
	const {child, finished} = startCli(args, options);
	const timeoutMs = options.timeoutMs ?? 30_000;
	let killed = false;
	const timer = setTimeout(() => {
		killed = true;
		child.kill('SIGKILL');
	}, timeoutMs);
	child.stdin.end(options.stdin);
	try {
		const result = await finished;
		if (killed) result.stderr += `\n(the test killed this run after ${timeoutMs / 1000} s)`;
		return result;
	} finally {
		clearTimeout(timer);
	}
}

/**
 * Polls until `check` returns something truthy (or throws after `timeoutMs`). The default is a
 * bound for a hung run, not a speed target: on two busy cores a command has taken more than 10 s
 * just to start and print its first line.
 */
export async function waitFor<T>(
	check: () => T | undefined | false,
	timeoutMs = 30_000,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = check();
		if (value) return value;
		if (Date.now() > deadline) {
			throw new Error(`Never came true within ${timeoutMs / 1000} s: ${String(check)}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}
