// A settings folder of its own for each test, in a fresh temporary directory.
import {mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {Profile, StoreLocation} from '../../source/store/index.js';

export interface TempStore {
	/** The temporary directory; the store's folder inside it does not exist yet. */
	root: string;
	location: StoreLocation;
	remove(): void;
}

export function makeTempStore(): TempStore {
	const root = mkdtempSync(join(tmpdir(), 'cc-token-store-'));
	const dir = join(root, 'cc-token');
	return {
		root,
		location: {dir, file: join(dir, 'config.json')},
		remove: () => rmSync(root, {recursive: true, force: true}),
	};
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
