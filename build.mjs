// Builds dist/ in parts, so that each run loads only what it uses:
// - dist/cli.js, the entry (source/cli.ts): a tiny CommonJS script that answers the calls
//   scripts make most (token, status, a shell's Tab, api) without Node's ES module loader,
//   which costs a quarter of a bare start, each from a CommonJS bundle of its own in
//   dist/quick/ (source/quick/). Which commands those are, with each bundle's budget, comes from
//   the command table (source/commands/table.ts), written into the entry here
//   (CC_TOKEN_QUICK_COMMANDS). None may hold a package from node_modules; the build fails if one
//   grows past its budget. token and status read their argv with the command table's grammar,
//   written in here too (CC_TOKEN_QUICK_GRAMMAR), not with the table and its help text.
// - dist/esm/, everything else (source/main.ts) as .mjs files, code-split so that each command loads only
//   its own chunks, with production React; and the library for Node programs
//   (source/library.ts → dist/esm/library.mjs, typed by types/cc-token.d.ts → dist/library.d.ts).
//
// `node build.mjs [outdir]`: dist/ by default; another folder leaves dist/ alone.
import {chmod, copyFile, mkdir, readFile, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {build} from 'esbuild';

const {version} = JSON.parse(await readFile('package.json', 'utf8'));
const outdir = process.argv[2] ?? 'dist';
/**
 * What the build takes from the command table (source/build-table.ts): the commands the entry
 * answers itself, and their grammar. The table is TypeScript, so esbuild bundles it first.
 */
async function commandTable() {
	const {
		outputFiles: [bundle],
	} = await build({
		entryPoints: ['source/build-table.ts'],
		bundle: true,
		platform: 'node',
		format: 'esm',
		write: false,
		logLevel: 'warning',
	});
	return import(`data:text/javascript;base64,${Buffer.from(bundle.text).toString('base64')}`);
}

const {quick, grammar} = await commandTable();
// What each CommonJS file may weigh: every kilobyte is paid at each start.
const budgetBytes = {
	'cli.js': 2_500,
	...Object.fromEntries(quick.map(({bundle, budgetBytes}) => [`quick/${bundle}.js`, budgetBytes])),
};

const common = {
	bundle: true,
	platform: 'node',
	target: 'node20',
	minify: true,
	legalComments: 'none',
	define: {
		'process.env.NODE_ENV': '"production"',
		CC_TOKEN_VERSION: JSON.stringify(version),
		// Strings: an object here would be a module of its own to esbuild, and cost tree-shaking.
		CC_TOKEN_QUICK_COMMANDS: JSON.stringify(
			JSON.stringify(
				Object.fromEntries(
					quick.map(({name, bundle, handlesInterrupt}) => [
						name,
						handlesInterrupt ? {bundle, handlesInterrupt} : {bundle},
					]),
				),
			),
		),
		CC_TOKEN_QUICK_GRAMMAR: JSON.stringify(JSON.stringify(grammar)),
	},
	logLevel: 'warning',
};

// The entry's ways into the rest, kept out of its bundles, each a file of its own loaded only
// when needed: the full command set (./main.js → esm/main.mjs), its own answers (./quick/*.js,
// which cli.ts requires by a name esbuild does not follow), and whatever those load later with import() (a refresh, an error's explanation): that comes
// from the ES module build (esm/later/), where it is one more entry, so that no code is in two
// bundles and esbuild need not wrap the modules around it for lazy loading, which would cost
// every start and its tree-shaking. A package loaded later would have no such home: refused.
const laterFromEsm = new Map();
const entryOutside = {
	name: 'entry-outside',
	setup(builder) {
		builder.onResolve({filter: /^\.\/main\.js$/}, () => ({path: './esm/main.mjs', external: true}));
		builder.onResolve({filter: /.*/}, (args) => {
			if (args.kind !== 'dynamic-import' || args.path.startsWith('node:')) return undefined;
			if (!args.path.startsWith('.')) {
				return {
					errors: [
						{
							text: `${args.importer} loads the package ${args.path} later: the entry's bundles cannot.`,
						},
					],
				};
			}
			// With / on every system: it becomes part of an import specifier, which is a URL.
			const source = path
				.relative('source', path.resolve(args.resolveDir, args.path))
				.split(path.sep)
				.join('/');
			const name = `later/${source.replace(/\.js$/, '')}`;
			laterFromEsm.set(name, `source/${source.replace(/\.js$/, '.ts')}`);
			// From dist/quick/, where every bundle that loads something later is.
			return {path: `../esm/${name}.mjs`, external: true};
		});
	},
};

// Yoga (Ink's layout engine) carries its WebAssembly as a data: URL, and reads it with fetch()
// when there is one: that loads undici, Node's fetch, for nothing but decoding base64, which
// costs the guide's first frame about a tenth of its time and some memory. Told there is no
// fetch, it decodes the string itself. If a new Yoga reads its binary another way, the build
// says so rather than quietly losing this.
const yogaWithoutFetch = {
	name: 'yoga-without-fetch',
	setup(builder) {
		builder.onLoad({filter: /yoga-layout[\\/]dist[\\/]binaries[\\/].*\.js$/}, async (args) => {
			const code = await readFile(args.path, 'utf8');
			const fetchTest = '"function"!=typeof fetch';
			if (!code.includes(fetchTest)) {
				return {errors: [{text: `${args.path} no longer tests for fetch as build.mjs expects.`}]};
			}
			return {contents: code.replace(fetchTest, 'true'), loader: 'js'};
		});
	},
};

await rm(outdir, {recursive: true, force: true});
await mkdir(path.join(outdir, 'esm'), {recursive: true});
// First, so that no file of the build is ever read as the wrong kind of module.
await writeFile(path.join(outdir, 'package.json'), '{"type": "commonjs"}\n');

const entry = await build({
	...common,
	entryPoints: {
		cli: 'source/cli.ts',
		...Object.fromEntries(
			quick.map(({bundle}) => [`quick/${bundle}`, `source/quick/${bundle}.ts`]),
		),
	},
	outdir,
	format: 'cjs',
	plugins: [entryOutside],
	metafile: true,
	banner: {js: '#!/usr/bin/env node'},
});

await build({
	...common,
	entryPoints: {
		main: 'source/main.ts',
		library: 'source/library.ts',
		...Object.fromEntries(laterFromEsm),
	},
	outdir: path.join(outdir, 'esm'),
	splitting: true,
	format: 'esm',
	// .mjs: Node knows each file's kind from its name, without looking for a package.json
	// above it, which for the guide's thirty-odd files costs a couple of milliseconds.
	outExtension: {'.js': '.mjs'},
	chunkNames: 'chunks/[name]-[hash]',
	// Ink imports react-devtools-core only when DEV=true; never in this tool. conf loads a schema
	// validator cc-token never asks it for (build/no-schema-validator.js), and its writer would
	// hook every signal through when-exit (build/no-exit-hook.js).
	alias: {
		'react-devtools-core': './build/empty-module.js',
		'ajv/dist/2020.js': './build/no-schema-validator.js',
		'ajv-formats': './build/no-schema-validator.js',
		'when-exit': './build/no-exit-hook.js',
	},
	plugins: [yogaWithoutFetch],
	// Bundled CommonJS packages call require(); give every chunk one.
	banner: {
		js: [
			"import {createRequire as __ccCreateRequire} from 'node:module';",
			'const require = __ccCreateRequire(import.meta.url);',
		].join('\n'),
	},
});

for (const [file, output] of Object.entries(entry.metafile.outputs)) {
	const name = path.relative(path.resolve(outdir), path.resolve(file)).split(path.sep).join('/');
	if (!(name in budgetBytes)) throw new Error(`${file} has no budget in build.mjs: give it one.`);
	const packages = Object.keys(output.inputs).filter((input) => input.includes('node_modules'));
	if (packages.length > 0 || output.bytes > budgetBytes[name]) {
		throw new Error(
			`${file} must stay small (${output.bytes} bytes, budget ${budgetBytes[name]}) and hold no package (${packages.join(', ') || 'none'}): load the rest from main.ts.`,
		);
	}
}

await chmod(path.join(outdir, 'cli.js'), 0o755);
await copyFile('types/cc-token.d.ts', path.join(outdir, 'library.d.ts'));
