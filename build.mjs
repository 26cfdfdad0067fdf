// Builds dist/ in two parts, so that each run loads only what it uses:
// - dist/cli.js, the entry (source/cli.ts): a small CommonJS script that answers the calls
//   scripts make most without Node's ES module loader, which costs a third of a bare start.
//   It must hold no package from node_modules; the build fails if it grows past its budget.
// - dist/esm/, everything else (source/main.ts), code-split so that each command loads only
//   its own chunks, with production React; and the library for Node programs
//   (source/library.ts → dist/esm/library.js, typed by types/cc-token.d.ts → dist/library.d.ts).
//
// `node build.mjs [outdir]`: dist/ by default; another folder leaves dist/ alone.
import {chmod, copyFile, mkdir, readFile, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {build} from 'esbuild';

const {version} = JSON.parse(await readFile('package.json', 'utf8'));
const outdir = process.argv[2] ?? 'dist';
// The command table (help text included) is most of it: parsing it costs well under a millisecond.
const entryBudgetBytes = 40_000;

const common = {
	bundle: true,
	platform: 'node',
	target: 'node20',
	minify: true,
	legalComments: 'none',
	define: {'process.env.NODE_ENV': '"production"', CC_TOKEN_VERSION: JSON.stringify(version)},
	logLevel: 'warning',
};

// The entry's one way into the full command set, kept out of its bundle.
const mainOutsideEntry = {
	name: 'main-outside-entry',
	setup(builder) {
		builder.onResolve({filter: /^\.\/main\.js$/}, () => ({path: './esm/main.js', external: true}));
	},
};

await rm(outdir, {recursive: true, force: true});
await mkdir(path.join(outdir, 'esm'), {recursive: true});
// First, so that no file of the build is ever read as the wrong kind of module.
await writeFile(path.join(outdir, 'package.json'), '{"type": "commonjs"}\n');
await writeFile(path.join(outdir, 'esm', 'package.json'), '{"type": "module"}\n');

const [entry] = await Promise.all([
	build({
		...common,
		entryPoints: ['source/cli.ts'],
		outfile: path.join(outdir, 'cli.js'),
		format: 'cjs',
		plugins: [mainOutsideEntry],
		metafile: true,
		banner: {js: '#!/usr/bin/env node'},
	}),
	build({
		...common,
		entryPoints: {main: 'source/main.ts', library: 'source/library.ts'},
		outdir: path.join(outdir, 'esm'),
		splitting: true,
		format: 'esm',
		chunkNames: 'chunks/[name]-[hash]',
		// Ink imports react-devtools-core only when DEV=true; never in this tool.
		alias: {'react-devtools-core': './build/empty-module.js'},
		// Bundled CommonJS packages call require(); give every chunk one.
		banner: {
			js: [
				"import {createRequire as __ccCreateRequire} from 'node:module';",
				'const require = __ccCreateRequire(import.meta.url);',
			].join('\n'),
		},
	}),
]);

const [entryOutput] = Object.values(entry.metafile.outputs);
const packagesInEntry = Object.keys(entryOutput.inputs).filter((input) =>
	input.includes('node_modules'),
);
if (packagesInEntry.length > 0 || entryOutput.bytes > entryBudgetBytes) {
	throw new Error(
		`${path.join(outdir, 'cli.js')} must stay small (${entryOutput.bytes} bytes, budget ${entryBudgetBytes}) and hold no package (${packagesInEntry.join(', ') || 'none'}): load the rest from main.ts.`,
	);
}

await chmod(path.join(outdir, 'cli.js'), 0o755);
await copyFile('types/cc-token.d.ts', path.join(outdir, 'library.d.ts'));
