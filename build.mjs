// Bundles source/cli.ts into dist/ with production React. Code splitting keeps each command's
// chunk separate, so `cc-token token` loads neither React nor Ink.
import {chmod, mkdir, readFile, rm, writeFile} from 'node:fs/promises';
import {build} from 'esbuild';

const {version} = JSON.parse(await readFile('package.json', 'utf8'));

await rm('dist', {recursive: true, force: true});
await mkdir('dist', {recursive: true});

await build({
	entryPoints: {cli: 'source/cli.ts'},
	outdir: 'dist',
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	minify: true,
	legalComments: 'none',
	chunkNames: 'chunks/[name]-[hash]',
	define: {'process.env.NODE_ENV': '"production"', CC_TOKEN_VERSION: JSON.stringify(version)},
	// Ink imports react-devtools-core only when DEV=true; never in this tool.
	alias: {'react-devtools-core': './build/empty-module.js'},
	banner: {
		js: [
			'#!/usr/bin/env node',
			"import {createRequire as __ccCreateRequire} from 'node:module';",
			'const require = __ccCreateRequire(import.meta.url);',
		].join('\n'),
	},
	logLevel: 'warning',
});

await chmod('dist/cli.js', 0o755);
await writeFile('dist/package.json', '{"type": "module"}\n');
