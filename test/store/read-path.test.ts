// `cc-token token` runs before every API call in scripts: the code that reads a token must not
// load any package, the lock library and conf above all. They are loaded only to write.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {build} from 'esbuild';
import {afterAll, describe, expect, it} from 'vitest';

const scratch = mkdtempSync(join(tmpdir(), 'cc-token-read-path-'));
afterAll(() => rmSync(scratch, {recursive: true, force: true}));

describe('the read path', () => {
	it('bundles into a start-up chunk that holds no package, only the store itself', async () => {
		const entry = join(scratch, 'token-command.ts');
		const store = join(import.meta.dirname, '../../source/store/index.ts');
		writeFileSync(
			entry,
			`import {getFreshAccessToken, openStore} from ${JSON.stringify(store)};\n` +
				'await getFreshAccessToken(openStore(), "default", {refresh: async () => { throw new Error("x"); }});\n',
		);
		const {metafile} = await build({
			entryPoints: [entry],
			outdir: join(scratch, 'out'),
			bundle: true,
			splitting: true,
			format: 'esm',
			platform: 'node',
			metafile: true,
			logLevel: 'silent',
		});
		const startChunk = Object.values(metafile.outputs).find((output) => output.entryPoint);
		const loadedAtStart = Object.keys(startChunk?.inputs ?? {});
		expect(loadedAtStart.some((input) => input.includes('source/store/read-store.ts'))).toBe(true);
		expect(loadedAtStart.filter((input) => input.includes('node_modules'))).toEqual([]);
		const lazyChunks = Object.values(metafile.outputs).flatMap((output) =>
			Object.keys(output.inputs),
		);
		expect(lazyChunks.some((input) => input.includes('node_modules/proper-lockfile/'))).toBe(true);
		// conf, which writes the file, loads only to write.
		expect(lazyChunks.some((input) => input.includes('node_modules/conf/'))).toBe(true);
		// The Redis client loads only when a Redis store is selected.
		expect(lazyChunks.some((input) => input.includes('node_modules/ioredis/'))).toBe(true);
	});
});
