// A settings folder of its own for each test, in a fresh temporary directory: the one set-up
// every test that keeps a profile on disk shares, in process (`location`) or through the built
// command (`dir` as CC_TOKEN_CONFIG_DIR).
import {mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {Profile, StoreLocation} from '../../source/store/index.js';
import {fixture} from './fixture.js';

export interface TempStore {
	/** The temporary directory; the store's folder inside it does not exist yet. */
	root: string;
	/** The settings folder (CC_TOKEN_CONFIG_DIR), not made yet. */
	dir: string;
	location: StoreLocation;
	remove(): void;
}

export function makeTempStore(): TempStore {
	const root = mkdtempSync(join(tmpdir(), 'cc-token-store-'));
	const dir = join(root, 'cc-token');
	return {
		root,
		dir,
		location: {dir, file: join(dir, 'config.json')},
		remove: () => rmSync(root, {recursive: true, force: true}),
	};
}

/** A fresh settings folder for each test of the current describe block (or file). */
export function setUpTempStore(scope: 'each test' | 'all tests' = 'each test'): TempStore {
	return fixture('The settings folder', scope, makeTempStore, (store) => store.remove());
}

export function modeOf(path: string): number {
	return statSync(path).mode & 0o777;
}

export function readJson(path: string): unknown {
	return JSON.parse(readFileSync(path, 'utf8'));
}

/**
 * Writes a settings file directly, as an earlier run (or an earlier version, hence the partial
 * profiles) would have left it.
 */
export function writeStoreFile(
	location: StoreLocation,
	profiles: Record<string, Partial<Profile>>,
): void {
	mkdirSync(location.dir, {recursive: true, mode: 0o700});
	writeFileSync(location.file, JSON.stringify({version: 1, profiles}), {mode: 0o600});
}

export const apiKey = '1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d';
