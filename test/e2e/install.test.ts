// The readme's set-up leaves `cc-token` on the PATH: its tool line ends in `npm link`, which
// is run here (into a throw-away global folder, scripts off so the build in use is kept) and
// then the command is called by its bare name, as every hint spells it.
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, expect, it} from 'vitest';
import {repoRoot} from '../helpers/cli.js';

const prefix = mkdtempSync(path.join(tmpdir(), 'cc-token-prefix-'));
afterAll(() => rmSync(prefix, {recursive: true, force: true}));

function setUpLines(): string[] {
	const readme = readFileSync(path.join(repoRoot, 'readme.md'), 'utf8');
	const block = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
	return block
		.split('\n')
		.map((line) => line.replace(/\s+#.*$/, '').trim())
		.filter(Boolean);
}

it('the readme sets up in two command lines, the tool then the tests, and cc-token is then on the PATH', () => {
	const lines = setUpLines();
	expect(lines).toEqual(['npm install && npm link', 'npm test']);
	// `npm install` in a clone builds dist/, which `npm link` then puts on the PATH (a packed
	// tarball is built on packing, and installing it runs no script).
	const {scripts} = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
	expect(scripts.prepare).toBe('node build.mjs');

	const link = spawnSync('npm', ['link', '--ignore-scripts', '--no-audit', '--no-fund'], {
		cwd: repoRoot,
		env: {...process.env, NPM_CONFIG_PREFIX: prefix},
		encoding: 'utf8',
		timeout: 60_000,
	});
	expect(link.status, link.stderr).toBe(0);

	const env = {
		PATH: `${path.join(prefix, 'bin')}:${path.dirname(process.execPath)}:/usr/bin:/bin`,
		HOME: process.env.HOME,
		CC_TOKEN_CONFIG_DIR: path.join(prefix, 'config'),
	};
	const version = spawnSync('cc-token', ['--version'], {env, encoding: 'utf8'});
	expect(version.stdout).toBe(
		`${JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version}\n`,
	);
	const token = spawnSync('cc-token', ['token'], {env, encoding: 'utf8'});
	expect(token.status).toBe(3);
	expect(token.stderr).toContain(
		'Sign in with the guide: cc-token (or: cc-token login --client-id YOUR_API_KEY',
	);
});
