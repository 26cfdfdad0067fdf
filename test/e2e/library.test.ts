// The library as a Node program uses it: `import … from 'cc-token'` resolved BY PACKAGE NAME
// (a temporary project whose node_modules/cc-token links to this package and its built dist/),
// run in a separate Node process against the emulator. Its types are checked the same way.
import {execFile} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {repoRoot, runCli} from '../helpers/cli.js';
import {setUpEmulator} from '../helpers/emulator.js';

const run = promisify(execFile);

const e2e = setUpEmulator({emulator: {autoApprove: 'allow'}});
let project: string;

async function signIn(scopes: string) {
	const login = await runCli(
		[
			'login',
			'--client-id',
			e2e.app.clientId,
			'--redirect-uri',
			e2e.redirectUri,
			'--scope',
			scopes,
		],
		{env: e2e.env()},
	);
	expect(login.exitCode, login.stderr).toBe(0);
}

/** Runs a module in the temporary project; its stdout is one JSON line. */
async function program(
	source: string,
	extraEnv: Record<string, string> = {},
): Promise<Record<string, unknown>> {
	const file = path.join(project, `program-${Math.random().toString(36).slice(2)}.mjs`);
	writeFileSync(file, source);
	const {stdout} = await run(process.execPath, [file], {env: e2e.env(extraEnv), cwd: project});
	return JSON.parse(stdout);
}

beforeAll(async () => {
	project = mkdtempSync(path.join(tmpdir(), 'cc-token-library-'));
	mkdirSync(path.join(project, 'node_modules'));
	symlinkSync(repoRoot, path.join(project, 'node_modules', 'cc-token'), 'dir');
	writeFileSync(path.join(project, 'package.json'), '{"type": "module", "private": true}\n');
});
afterAll(() => rmSync(project, {recursive: true, force: true}));

describe("import {getAccessToken, createClient} from 'cc-token'", () => {
	it('uses the profile the commands would: CC_TOKEN_PROFILE when no profile is named', async () => {
		await signIn('account_read offline_access');
		const source = `
			import {getAccessToken} from 'cc-token';
			const outcome = await getAccessToken().then(
				(token) => ({ok: token.length > 0}),
				(error) => ({code: error.code, message: error.message}),
			);
			console.log(JSON.stringify(outcome));`;
		expect(await program(source, {CC_TOKEN_PROFILE: 'default'})).toEqual({ok: true});
		const other = await program(source, {CC_TOKEN_PROFILE: 'staging'});
		expect(other.code).toBe('not_signed_in');
		expect(other.message).toContain('“staging”');
	});

	it('getAccessToken gives the stored token, refreshing it under the lock when too little is left', async () => {
		await signIn('account_read contact_data offline_access');
		const stored = () =>
			JSON.parse(readFileSync(path.join(e2e.configDir, 'config.json'), 'utf8')).profiles.default;
		const refreshes = e2e.emulator.counts.refreshes;
		const result = await program(`
			import {getAccessToken} from 'cc-token';
			const plain = await getAccessToken();
			const renewed = await getAccessToken({minValidityMs: 25 * 60 * 60 * 1000});
			console.log(JSON.stringify({plain, renewed}));
		`);
		expect(e2e.emulator.counts.refreshes - refreshes).toBe(1);
		expect(result.renewed).toBe(stored().accessToken);
		expect(result.plain).not.toBe(result.renewed);
	});

	it('createClient calls the API like fetch, pages, and renews a token revoked mid-session', async () => {
		await signIn('account_read contact_data offline_access');
		const token = JSON.parse(readFileSync(path.join(e2e.configDir, 'config.json'), 'utf8')).profiles
			.default.accessToken;
		const revoked = await fetch(`${e2e.emulator.authBaseUrl}/revoke`, {
			method: 'POST',
			headers: {'Content-Type': 'application/x-www-form-urlencoded'},
			body: new URLSearchParams({client_id: e2e.app.clientId, token}).toString(),
		});
		expect(revoked.status).toBe(200);
		const refreshes = e2e.emulator.counts.refreshes;
		const result = await program(`
			import {createClient, CcTokenError} from 'cc-token';
			const api = createClient();
			const summary = await api('/account/summary');
			const created = await api('contacts', {
				method: 'POST',
				body: {email_address: {address: 'library@example.com'}, create_source: 'Contact'},
			});
			const invalid = await api('/v3/contacts', {method: 'POST', body: {}});
			let count = 0;
			for await (const contact of api.paginate('/contacts', {query: {limit: 500}})) count++;
			let refusal;
			try {
				for await (const campaign of api.paginate('/emails')) {}
			} catch (error) {
				refusal = {isCcTokenError: error instanceof CcTokenError, code: error.code, text: error.toText()};
			}
			let elsewhere;
			try {
				await api('https://example.com/v3/contacts');
			} catch (error) {
				elsewhere = error.code;
			}
			console.log(JSON.stringify({
				summary: {status: summary.status, body: await summary.json()},
				created: created.status,
				invalid: {status: invalid.status, body: await invalid.json()},
				count,
				refusal,
				elsewhere,
			}));
		`);
		expect(e2e.emulator.counts.refreshes - refreshes).toBe(1);
		expect(result.summary).toMatchObject({status: 200, body: {first_name: 'Maya'}});
		expect(result.created).toBe(201);
		expect(result.invalid).toMatchObject({
			status: 400,
			body: [{error_key: expect.any(String)}, {error_key: expect.any(String)}],
		});
		expect(result.count).toBe(e2e.emulator.api.contactCount());
		expect(result.refusal).toMatchObject({isCcTokenError: true, code: 'insufficient_scope'});
		expect((result.refusal as {text: string}).text).toContain(
			'cc-token login --scope "account_read contact_data offline_access campaign_data"',
		);
		expect(result.elsewhere).toBe('usage');
	});

	it('ships types that a TypeScript program resolves by the package name', async () => {
		writeFileSync(
			path.join(project, 'consumer.ts'),
			`import {type Client, createClient, getAccessToken} from 'cc-token';
const token: Promise<string> = getAccessToken({profile: 'work', minValidityMs: 60_000});
const api: Client = createClient({profile: 'work'});
const answer: Promise<Response> = api('/contacts', {query: {limit: 50}});
// @ts-expect-error: the profile is a name, not a number
getAccessToken({profile: 7});
export {token, answer};
`,
		);
		writeFileSync(
			path.join(project, 'tsconfig.json'),
			JSON.stringify({
				compilerOptions: {
					module: 'nodenext',
					moduleResolution: 'nodenext',
					strict: true,
					noEmit: true,
					types: ['node'],
					typeRoots: [path.join(repoRoot, 'node_modules', '@types')],
				},
				files: ['consumer.ts'],
			}),
		);
		const tsc = path.join(repoRoot, 'node_modules', '.bin', 'tsc');
		const result = await run(tsc, ['-p', project], {cwd: project}).then(
			() => ({code: 0, output: ''}),
			(error: {code: number; stdout: string}) => ({code: error.code, output: error.stdout}),
		);
		expect(result.output).toBe('');
		expect(result.code).toBe(0);
	});

	it('the readme’s “Use from Node” example runs as written', async () => {
		await signIn('account_read contact_data offline_access');
		const readme = readFileSync(path.join(repoRoot, 'readme.md'), 'utf8');
		const section = readme.slice(readme.indexOf('## Use from Node'));
		const example = /```js\n([\s\S]*?)```/.exec(section)?.[1];
		expect(example, 'the first js block of the section').toContain("from 'cc-token'");
		const file = path.join(project, 'readme-example.mjs');
		writeFileSync(file, example!);
		const {stdout} = await run(process.execPath, [file], {env: e2e.env(), cwd: project});
		const lines = stdout.trim().split('\n');
		expect(lines[0]).toBe('Juniper Street Bakery');
		expect(lines[1]).toBe('201');
		expect(lines).toHaveLength(2 + e2e.emulator.api.contactCount());
		expect(lines).toContain('ada@example.com');
	});
});
