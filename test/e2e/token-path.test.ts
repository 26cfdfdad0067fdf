// `cc-token token` runs before every API call in people's scripts: it must not load React or
// Ink (or got, when the stored token is still good).
import {spawnSync} from 'node:child_process';
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {expect, it} from 'vitest';
import {baseEnv, builtCli, repoRoot} from '../helpers/cli.js';
import {setUpTempStore, writeStoreFile} from '../helpers/temp-store.js';

const traceLoads = path.join(repoRoot, 'test', 'helpers', 'trace-loads.mjs');
const reactMarker = 'react.transitional.element';
const inkMarker = 'Raw mode is not supported';
const gotMarker = 'sindresorhus/got';

const config = setUpTempStore();

function distFiles(): string[] {
	const files: string[] = [];
	const walk = (dir: string) => {
		for (const entry of readdirSync(dir, {withFileTypes: true})) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) walk(full);
			else if (/\.m?js$/.test(entry.name)) files.push(full);
		}
	};
	walk(path.join(repoRoot, 'dist'));
	return files;
}

it('loads neither React nor Ink nor got for a valid stored token', () => {
	const bundle = distFiles().map((file) => readFileSync(file, 'utf8'));
	// The markers are really in the bundle (the guide's chunks), so their absence below means something.
	expect(bundle.some((text) => text.includes(reactMarker))).toBe(true);
	expect(bundle.some((text) => text.includes(inkMarker))).toBe(true);
	expect(bundle.some((text) => text.includes(gotMarker))).toBe(true);

	writeStoreFile(
		{dir: config.dir, file: path.join(config.dir, 'config.json')},
		{
			default: {
				apiKey: '1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d',
				accessToken: 'header.payload.signature',
				accessTokenExpiresAt: Date.now() + 3_600_000,
				refreshToken: 'refresh-token',
			},
		},
	);
	const log = path.join(config.dir, '..', 'loads.txt');
	const run = spawnSync(process.execPath, ['--import', traceLoads, builtCli, 'token'], {
		env: baseEnv({CC_TOKEN_CONFIG_DIR: config.dir, CC_TEST_LOAD_LOG: log}),
		encoding: 'utf8',
	});
	expect(run.stderr).toBe('');
	expect(run.stdout).toBe('header.payload.signature\n');
	const loaded = readFileSync(log, 'utf8')
		.trim()
		.split('\n')
		.filter((url) => url.startsWith('file:'))
		.map((url) => fileURLToPath(url));
	expect(loaded).toContain(builtCli);
	for (const file of loaded) {
		const text = readFileSync(file, 'utf8');
		expect(text.includes(reactMarker), `${file} holds React`).toBe(false);
		expect(text.includes(inkMarker), `${file} holds Ink`).toBe(false);
		expect(text.includes(gotMarker), `${file} holds got`).toBe(false);
	}
});
