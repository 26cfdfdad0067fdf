// Layers only point down, and no module reaches itself through others: dependency-cruiser
// checks every import in source/ against the rules below. Its TypeScript reader needs TypeScript 6 or older, so each module
// is first turned into JavaScript by esbuild, in a temporary copy with the same paths; type-only
// imports are kept as imports there, because a type from a layer above ties a module to it too.
import {mkdir, mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {cruise, type IConfiguration, type ICruiseResult} from 'dependency-cruiser';
import {transform} from 'esbuild';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {repoRoot} from './helpers/cli.js';

// The layers of source/, from the top down (base: errors.ts and text/). A module may import
// from its own layer and from the layers below it, never from a layer above.
const layers = [
	{name: 'entries', path: '^source/((cli|main|library|build-table)\\.js$|quick/)'},
	{name: 'commands', path: '^source/commands/'},
	{name: 'guide', path: '^source/guide/'},
	{name: 'session', path: '^source/session/'},
	{name: 'api', path: '^source/api/'},
	{name: 'store', path: '^source/store/'},
	{name: 'auth', path: '^source/auth/'},
	{name: 'system', path: '^source/system/'},
	{name: 'provider', path: '^source/provider/'},
	{name: 'base', path: '^source/((errors|exit-codes)\\.js$|text/)'},
];

const rules: IConfiguration = {
	forbidden: [
		...layers.slice(1).map((layer, index) => ({
			name: `${layer.name}-imports-upward`,
			severity: 'error' as const,
			from: {path: layer.path},
			to: {path: layers.slice(0, index + 1).map((above) => above.path)},
		})),
		// Within a layer too: modules that import each other, however far round, cannot be read
		// (or loaded) one after the other.
		{name: 'no-circular', severity: 'error', from: {path: '^source/'}, to: {circular: true}},
	],
};

let copy: string;

/** Every module of source/, as JavaScript at the same path (a.ts → a.js), imports intact. */
async function copyAsJavaScript(into: string): Promise<void> {
	const files = await readdir(path.join(repoRoot, 'source'), {recursive: true});
	for (const file of files.filter((name) => /\.tsx?$/.test(name))) {
		const source = await readFile(path.join(repoRoot, 'source', file), 'utf8');
		const target = path.join(into, 'source', file.replace(/\.tsx?$/, '.js'));
		await mkdir(path.dirname(target), {recursive: true});
		await writeFile(target, await toJavaScript(source, file.endsWith('x') ? 'tsx' : 'ts'));
	}
}

/**
 * TypeScript as JavaScript that keeps every import: `import type {A}` becomes `import {A}`
 * (and `export type {A} from` `export {A} from`), which esbuild keeps under
 * verbatimModuleSyntax, as it keeps `import {type A}`.
 */
async function toJavaScript(source: string, loader: 'ts' | 'tsx'): Promise<string> {
	const withTypeImports = source
		.replace(/^import type (?=[{*\w])/gm, 'import ')
		.replace(/^export type (?=[{*])/gm, 'export ');
	const {code} = await transform(withTypeImports, {
		loader,
		jsx: 'automatic',
		format: 'esm',
		tsconfigRaw: {compilerOptions: {verbatimModuleSyntax: true}},
	});
	return code;
}

async function cruiseCopy(): Promise<ICruiseResult> {
	const {output} = await cruise(['source'], {
		baseDir: copy,
		validate: true,
		ruleSet: rules,
		doNotFollow: {path: 'node_modules'},
	});
	return output as ICruiseResult;
}

function upwardImports(result: ICruiseResult): string[] {
	return result.summary.violations
		.filter((violation) => violation.rule.name !== 'no-circular')
		.map((violation) => `${violation.from} → ${violation.to} (${violation.rule.name})`);
}

/** Each import that closes a circle, with the way round back to where it starts. */
function circles(result: ICruiseResult): string[] {
	return result.summary.violations
		.filter((violation) => violation.rule.name === 'no-circular')
		.map((violation) =>
			[violation.from, ...(violation.cycle ?? []).map((step) => step.name)].join(' → '),
		);
}

beforeAll(async () => {
	copy = await mkdtemp(path.join(tmpdir(), 'cc-token-layers-'));
	await copyAsJavaScript(copy);
});
afterAll(() => rm(copy, {recursive: true, force: true}));

describe('layers', () => {
	test('no module imports from a layer above its own', async () => {
		const result = await cruiseCopy();
		expect(result.summary.totalCruised).toBeGreaterThan(50);
		expect(upwardImports(result)).toEqual([]);
	});

	test('no module imports itself, however far round', async () => {
		expect(circles(await cruiseCopy())).toEqual([]);
	});

	test('every module of source/ is in a layer', async () => {
		const result = await cruiseCopy();
		const outside = result.modules
			.map((module) => module.source)
			.filter((source) => source.startsWith('source/'))
			.filter((source) => !layers.some((layer) => new RegExp(layer.path).test(source)));
		expect(outside).toEqual([]);
	});

	test('an import up the layers is caught, type-only ones too', async () => {
		const planted = {
			'source/provider/planted-value.js':
				"import {say} from '../commands/support/output.js';\nsay();\n",
			'source/system/planted-type.ts':
				"import type {Profile} from '../store/index.js';\nexport const none: Profile | undefined = undefined;\n",
		};
		for (const [file, code] of Object.entries(planted)) {
			await writeFile(
				path.join(copy, file.replace(/\.ts$/, '.js')),
				await toJavaScript(code, 'ts'),
			);
		}
		try {
			const caught = upwardImports(await cruiseCopy()).filter((line) => line.includes('planted'));
			expect(caught).toEqual([
				'source/provider/planted-value.js → source/commands/support/output.js (provider-imports-upward)',
				'source/system/planted-type.js → source/store/index.js (system-imports-upward)',
			]);
		} finally {
			for (const file of Object.keys(planted)) {
				await rm(path.join(copy, file.replace(/\.ts$/, '.js')), {force: true});
			}
		}
	});

	test('a circle is caught, within a layer and through a type-only import', async () => {
		const planted = {
			'source/system/planted-first.ts':
				"import type {Second} from './planted-second.js';\nexport type First = Second[];\n",
			'source/system/planted-second.ts':
				"import {third} from './planted-third.js';\nexport type Second = string;\nthird();\n",
			'source/system/planted-third.ts':
				"import type {First} from './planted-first.js';\nexport function third(): First { return []; }\n",
		};
		for (const [file, code] of Object.entries(planted)) {
			await writeFile(
				path.join(copy, file.replace(/\.ts$/, '.js')),
				await toJavaScript(code, 'ts'),
			);
		}
		try {
			const caught = circles(await cruiseCopy()).filter((line) => line.includes('planted'));
			// One report for the circle, from whichever module the cruise met first.
			expect(caught).toEqual([
				'source/system/planted-first.js → source/system/planted-second.js → source/system/planted-third.js → source/system/planted-first.js',
			]);
		} finally {
			for (const file of Object.keys(planted)) {
				await rm(path.join(copy, file.replace(/\.ts$/, '.js')), {force: true});
			}
		}
	});
});

// The tests' own layout: a folder of test/ mirrors the layer it tests and holds only tests;
// everything they share (fixtures, fake servers, programs they start) is in test/helpers/.
test('test/ holds tests, and their helpers only in test/helpers/', async () => {
	const files = await readdir(path.join(repoRoot, 'test'), {recursive: true, withFileTypes: true});
	const strays = files
		.filter((entry) => entry.isFile())
		.map((entry) =>
			path.relative(path.join(repoRoot, 'test'), path.join(entry.parentPath, entry.name)),
		)
		.filter((file) => !file.startsWith(`helpers${path.sep}`) && !/\.test\.tsx?$/.test(file));
	expect(strays).toEqual([]);
});
