// Test fixtures written in TypeScript run as real child processes: bundled here into one
// runnable ES module script in a temporary folder.
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {basename, join} from 'node:path';
import {build} from 'esbuild';

export interface BundledScript {
	/** The folder holding the script. */
	dir: string;
	path: string;
	remove(): void;
}

export async function bundleScript(entry: string): Promise<BundledScript> {
	const dir = mkdtempSync(join(tmpdir(), 'cc-token-fixture-'));
	const path = join(dir, `${basename(entry).replace(/\.tsx?$/, '')}.mjs`);
	await build({
		entryPoints: [entry],
		outfile: path,
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		// Bundled CommonJS packages (proper-lockfile, hpagent) call require().
		banner: {
			js: "import {createRequire} from 'node:module'; const require = createRequire(import.meta.url);",
		},
		logLevel: 'silent',
	});
	return {dir, path, remove: () => rmSync(dir, {recursive: true, force: true})};
}
