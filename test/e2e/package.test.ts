// The package as people get it: `npm pack`, then `npm install -g` of the tarball into a
// folder of its own. The build bundles every library it uses, so the install pulls (almost)
// nothing else, and the installed command runs.
import {execFile} from 'node:child_process';
import {mkdtemp, readdir, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {baseEnv, repoRoot} from '../helpers/cli.js';

const run = promisify(execFile);
let scratch: string;
let prefix: string;

beforeAll(async () => {
	scratch = await mkdtemp(path.join(tmpdir(), 'cc-token-package-'));
	prefix = path.join(scratch, 'prefix');
	// dist/ as built by `npm test`: packing must not rebuild it under the other tests' feet.
	await run('npm', ['pack', '--ignore-scripts', '--pack-destination', scratch], {cwd: repoRoot});
	const [tarball] = (await readdir(scratch)).filter((name) => name.endsWith('.tgz'));
	await run(
		'npm',
		[
			'install',
			'--global',
			'--prefix',
			prefix,
			'--no-audit',
			'--no-fund',
			path.join(scratch, tarball!),
		],
		{cwd: scratch},
	);
}, 120_000);
afterAll(() => rm(scratch, {recursive: true, force: true}));

describe('the packed package, installed with npm install -g', () => {
	it('pulls at most 10 packages, cc-token included', async () => {
		const {stdout} = await run(
			'npm',
			['ls', '--global', '--prefix', prefix, '--all', '--parseable'],
			{cwd: scratch},
		);
		const packages = stdout.trim().split('\n').slice(1);
		expect(packages.length).toBeGreaterThanOrEqual(1);
		expect(packages.length).toBeLessThanOrEqual(10);
	});

	it('runs: --version, and status with no profiles yet', async () => {
		const command = path.join(prefix, 'bin', 'cc-token');
		const env = baseEnv({CC_TOKEN_CONFIG_DIR: path.join(scratch, 'config')});
		const version = await run(command, ['--version'], {env});
		expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
		const status = await run(command, ['status'], {env}).catch((failure) => failure);
		expect(status.code).toBe(3);
		expect(status.stderr).toContain('No profiles yet');
	});
});
