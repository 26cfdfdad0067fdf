// The settings file through the built command, in the environments that once broke it: under
// SNAP (where conf writes in place with a plain writeFileSync unless kept from seeing it, so
// readers caught half-written files and moved them aside), with loose modes, through a link,
// with a byte order mark from a Windows editor, as a FIFO and far too large.
import {execFile, execFileSync} from 'node:child_process';
import {
	chmodSync,
	chownSync,
	lstatSync,
	mkdirSync,
	readdirSync,
	readFileSync,
	statSync,
	symlinkSync,
	truncateSync,
	writeFileSync,
} from 'node:fs';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {promisify} from 'node:util';
import {beforeEach, expect, it} from 'vitest';
import {refreshTokens} from '../../source/auth/token-client.js';
import {serverOf} from '../../source/provider/constant-contact.js';
import {
	fileStore,
	getFreshAccessToken,
	profileFromTokens,
	storeLocation,
} from '../../source/store/index.js';
import {saveProfile} from '../../source/store/write-store.js';
import {apiStatusFor} from '../helpers/api-status.js';
import {type CliResult, repoRoot, runCli} from '../helpers/cli.js';
import {setUpEmulator} from '../helpers/emulator.js';
import {tokensFrom} from '../helpers/emulator-code.js';

const refreshes = 60;
const readers = 600;
// Readers run this many at a time: enough to overlap every save, few enough for 2 cores.
const readersAtOnce = 8;

const run = promisify(execFile);

const e2e = setUpEmulator({app: {name: 'Snap package', refreshTokenType: 'rotating'}});
let env: NodeJS.ProcessEnv;
const file = () => path.join(e2e.configDir, 'config.json');

beforeEach(() => {
	env = e2e.env({BROWSER: undefined, SNAP: '/snap/cc-token/1'});
});

async function signIn(): Promise<void> {
	const tokens = await tokensFrom(e2e.emulator, e2e.app, ['account_read', 'offline_access']);
	await saveProfile(
		storeLocation({CC_TOKEN_CONFIG_DIR: e2e.configDir}),
		'default',
		profileFromTokens({apiKey: e2e.app.clientId, server: serverOf(e2e.emulator.endpoints)}, tokens),
	);
}

it(`under SNAP, ${refreshes} refreshes against ${readers} concurrent token calls: no reader sees a partial file`, async () => {
	await signIn();
	const location = storeLocation({CC_TOKEN_CONFIG_DIR: e2e.configDir});
	const refreshesBefore = e2e.emulator.counts.refreshes;
	const readerResults: CliResult[] = [];
	let readersStarted = 0;
	const reader = async () => {
		while (readersStarted < readers) {
			readersStarted++;
			readerResults.push(await runCli(['token'], {env, timeoutMs: 30_000}));
		}
	};
	// The refreshes run here, spread over the reads (one each time another tenth of the
	// readers has started), each rotating the refresh token and replacing the file; the
	// readers are the built command, each a separate process reading without the lock.
	const rotatedTokens = new Set<string>();
	const refresher = async () => {
		for (let count = 0; count < refreshes; count++) {
			while (readersStarted < (count * readers) / refreshes) {
				await new Promise((resolve) => setTimeout(resolve, 5));
			}
			const fresh = await getFreshAccessToken(fileStore(location), 'default', {
				force: true,
				refresh: (profile) =>
					refreshTokens({
						endpoints: e2e.emulator.endpoints,
						apiKey: profile.apiKey,
						refreshToken: profile.refreshToken ?? '',
					}),
			});
			expect(fresh.refreshed).toBe(true);
			rotatedTokens.add(fresh.profile.refreshToken ?? '');
		}
	};
	const savedSnap = process.env.SNAP;
	process.env.SNAP = env.SNAP;
	const started = Date.now();
	try {
		await Promise.all([refresher(), ...Array.from({length: readersAtOnce}, reader)]);
	} finally {
		if (savedSnap === undefined) delete process.env.SNAP;
		else process.env.SNAP = savedSnap;
	}
	console.info(`${refreshes} refreshes and ${readers} reads took ${Date.now() - started} ms`);
	expect(rotatedTokens.size).toBe(refreshes);

	const failures = readerResults.filter((result) => result.exitCode !== 0);
	expect(failures.map((result) => result.stderr)).toEqual([]);
	for (const result of readerResults) expect(result.stdout).toMatch(/^\S+\n$/);
	expect(e2e.emulator.counts.refreshes - refreshesBefore).toBe(refreshes);

	// Nothing moved aside, no temp file left, the last rotated refresh token saved, 0600.
	expect(readdirSync(e2e.configDir)).toEqual(['config.json']);
	expect(statSync(file()).mode & 0o777).toBe(0o600);
	const stored = JSON.parse(readFileSync(file(), 'utf8')).profiles.default;
	expect(await apiStatusFor(e2e.emulator.apiBaseUrl, stored.accessToken)).toBe(200);
}, 240_000);

it('under SNAP, a refresh turns an existing 0644 settings file into 0600', async () => {
	await signIn();
	chmodSync(file(), 0o644);
	const result = await runCli(['refresh'], {env});
	expect(result.exitCode).toBe(0);
	expect(statSync(file()).mode & 0o777).toBe(0o600);
});

it('under SNAP, a settings file that is a link to another file is refused, not followed', async () => {
	const elsewhere = path.join(path.dirname(e2e.configDir), 'shared.json');
	writeFileSync(elsewhere, JSON.stringify({version: 1, profiles: {}}));
	chmodSync(elsewhere, 0o666);
	mkdirSync(e2e.configDir, {mode: 0o700});
	symlinkSync(elsewhere, file());

	const token = await runCli(['token'], {env});
	expect(token.exitCode).toBe(1);
	expect(token.stdout).toBe('');
	expect(token.stderr).toContain('it is a symbolic link, and cc-token never follows one there');
	const logout = await runCli(['logout', '--all'], {env});
	expect(logout.exitCode).toBe(1);
	expect(logout.stderr).toContain('it is a symbolic link');

	expect(lstatSync(file()).isSymbolicLink()).toBe(true);
	expect(readFileSync(elsewhere, 'utf8')).toBe(JSON.stringify({version: 1, profiles: {}}));
	expect(statSync(elsewhere).mode & 0o777).toBe(0o666);
});

it('a settings file that starts with a byte order mark (Notepad, PowerShell 5.1) still serves cc-token token and status', async () => {
	await signIn();
	const text = readFileSync(file(), 'utf8');
	const {accessToken} = JSON.parse(text).profiles.default;
	writeFileSync(file(), `\uFEFF${text}`);

	const token = await runCli(['token'], {env});
	expect(token.stderr).toBe('');
	expect(token.stdout).toBe(`${accessToken}\n`);
	const status = await runCli(['status', '--json'], {env});
	expect(status.exitCode).toBe(0);
	expect(readdirSync(e2e.configDir)).toEqual(['config.json']);
});

// Another user's folder needs another user: root can hand one over (CI runs as root).
it.skipIf(process.getuid?.() !== 0)(
	'cc-token token prints nothing from a settings folder and file another user owns (runs as root)',
	async () => {
		const planted = {
			version: 1,
			profiles: {
				default: {
					apiKey: e2e.app.clientId,
					accessToken: 'planted',
					accessTokenExpiresAt: Date.now() + 86_400_000,
				},
			},
		};
		mkdirSync(e2e.configDir, {mode: 0o777});
		chmodSync(e2e.configDir, 0o777);
		writeFileSync(file(), JSON.stringify(planted), {mode: 0o644});
		chownSync(file(), 65_534, 65_534);
		chownSync(e2e.configDir, 65_534, 65_534);

		const token = await runCli(['token'], {env});
		expect(token.exitCode).toBe(1);
		expect(token.stdout).toBe('');
		expect(token.stderr).toContain(
			`will not use its settings folder ${e2e.configDir}: it belongs to another user (uid 65534)`,
		);
		expect(token.stderr).not.toContain('planted');
	},
);

it('a settings file that is a FIFO is refused at once with what to do, by a read and by a save, never waited on', async () => {
	mkdirSync(e2e.configDir, {mode: 0o700});
	execFileSync('mkfifo', ['-m', '600', file()]);

	for (const args of [['token'], ['logout', '--all']]) {
		const result = await runCli(args, {env, timeoutMs: 10_000});
		expect(result.signal).toBeNull();
		expect(result.exitCode).toBe(1);
		expect(result.stdout).toBe('');
		expect(result.stderr).toContain(
			`cc-token cannot read its settings file ${file()} (it is not a regular file).`,
		);
		expect(result.stderr).toContain(
			'Remove what is there, or set CC_TOKEN_CONFIG_DIR to another folder.',
		);
		expect(result.stderr).not.toMatch(/\n\s+at /);
	}
	expect(lstatSync(file()).isFIFO()).toBe(true);
});

it('a 150 MB settings file is refused without being read, and left where it is', async () => {
	mkdirSync(e2e.configDir, {mode: 0o700});
	writeFileSync(file(), '', {mode: 0o600});
	// Sparse: 150 MB to every reader, no room on the disk.
	truncateSync(file(), 150 * 1024 * 1024);

	const result = await runCli(['token'], {env, timeoutMs: 10_000});
	expect(result.signal).toBeNull();
	expect(result.exitCode).toBe(1);
	expect(result.stdout).toBe('');
	expect(result.stderr).toContain(
		`cc-token’s settings file ${file()} is over 1 MiB (157286400 bytes), larger than any settings file cc-token writes, so it was not read.`,
	);
	expect(result.stderr).toContain('Move it out of the way');
	expect(readdirSync(e2e.configDir)).toEqual(['config.json']);
	expect(statSync(file()).size).toBe(150 * 1024 * 1024);
});

it('a program that saved through the library gets each signal once (conf’s writer hooks none)', async () => {
	await signIn();
	// Under 5 minutes left: getAccessToken refreshes, and saves.
	const stored = JSON.parse(readFileSync(file(), 'utf8'));
	stored.profiles.default.accessTokenExpiresAt = Date.now() + 60_000;
	writeFileSync(file(), JSON.stringify(stored), {mode: 0o600});
	const refreshes = e2e.emulator.counts.refreshes;
	const library = pathToFileURL(path.join(repoRoot, 'dist', 'esm', 'library.mjs')).href;
	const program = `
		import {getAccessToken} from ${JSON.stringify(library)};
		let got = 0;
		process.on('SIGTERM', () => got++);
		await getAccessToken();
		process.kill(process.pid, 'SIGTERM');
		setTimeout(() => console.log('SIGTERM ' + got), 500);`;
	const {stdout} = await run(process.execPath, ['--input-type=module', '-e', program], {env});
	expect(e2e.emulator.counts.refreshes - refreshes).toBe(1);
	expect(stdout).toBe('SIGTERM 1\n');
});
