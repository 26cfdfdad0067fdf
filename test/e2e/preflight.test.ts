// The preflight through the built command: against the emulator's three kinds of app, a
// sign-in that cannot work stops within seconds with the fix and exit 7, before any browser
// is opened (BROWSER is a program that records every call); one that can goes the right way.
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {browserScript, runCli, startCli, waitFor} from '../helpers/cli.js';
import {setUpEmulator} from '../helpers/emulator.js';
import {createRecordingProgram, type RecordingProgram} from '../helpers/recording-program.js';

const e2e = setUpEmulator({emulator: {autoApprove: 'allow'}});
let programs: string;
let browser: RecordingProgram;

beforeEach(async () => {
	programs = await mkdtemp(path.join(tmpdir(), 'cc-token-preflight-'));
	browser = await createRecordingProgram(programs, 'browser');
});
afterEach(() => rm(programs, {recursive: true, force: true}));

function env(extra: Record<string, string | undefined> = {}) {
	return e2e.env({BROWSER: browser.path, DISPLAY: ':0', ...extra});
}

describe('stops before any browser opens, with the fix', () => {
	it.each([
		[
			'a code app without its secret',
			() => ['--client-id', e2e.emulator.demoApps.code.clientId],
			/this application needs its secret: Generate Secret in the developer portal/i,
		],
		[
			'an unregistered redirect URI',
			() => [
				'--client-id',
				e2e.emulator.demoApps.pkce.clientId,
				'--redirect-uri',
				'http://localhost:47999/callback',
			],
			/Register exactly http:\/\/localhost:47999\/callback on your application/,
		],
		[
			'an unknown API key',
			() => ['--client-id', '0f0e0d0c-0b0a-4909-8807-060504030201'],
			/This API key is not known: copy it again/,
		],
		[
			'a code app with an old secret',
			() => ['--client-id', e2e.emulator.demoApps.code.clientId, '--client-secret', 'old-one'],
			/Use the application’s latest secret/,
		],
		[
			'--device for a pkce app',
			() => ['--client-id', e2e.emulator.demoApps.pkce.clientId, '--device'],
			/created with the PKCE Flow, so it cannot sign in with a code on another device/,
		],
	])('%s: exit 7 within seconds', async (_, args, fix) => {
		const started = Date.now();
		const result = await runCli(['login', ...args()], {env: env(), timeoutMs: 10_000});
		expect(result.exitCode, result.stderr).toBe(7);
		expect(result.stderr).toMatch(fix);
		expect(result.stderr).not.toContain('/authorize?');
		expect(Date.now() - started).toBeLessThan(10_000);
		expect(await browser.hasRun()).toBe(false);
	});
});

describe('goes the way the app can', () => {
	it('a device app signs in with a plain `cc-token login`, by code, and opens nothing', async () => {
		const run = startCli(['login', '--client-id', e2e.emulator.demoApps.device.clientId], {
			env: env(),
		});
		const userCode = await waitFor(() => /^ {4}([A-Z]{4}-[A-Z]{4})$/m.exec(run.output.stderr)?.[1]);
		e2e.emulator.approveDevice(userCode, 'allow');
		const result = await run.finished;
		expect(result.exitCode, result.stderr).toBe(0);
		expect(result.stderr).toContain('created with the Device Flow');
		expect(result.stderr).toMatch(/Signed in as Maya Okafor/);
		// The hand-over: what an integration or a script needs beyond this access token.
		expect(result.stderr).toContain('An access token alone stops working after 24 hours.');
		expect(result.stderr).toContain(
			'asks for the API key alone (a Device Flow app has no secret and no redirect URI)',
		);
		expect(result.stderr).toContain('A script should run `cc-token token`');
		expect(await browser.hasRun()).toBe(false);
	});

	// The app of the set-up is a pkce app whose redirect URI is on a port that was free.
	const pkceLogin = () => [
		'login',
		'--client-id',
		e2e.app.clientId,
		'--redirect-uri',
		e2e.redirectUri,
	];

	it('a pkce app given a secret signs in without sending it (the emulator refuses a secret from a public app)', async () => {
		expect(e2e.app.kind).toBe('pkce');
		const result = await runCli(pkceLogin(), {
			env: env({BROWSER: browserScript, CC_CLIENT_SECRET: 'left-over-secret'}),
			timeoutMs: 20_000,
		});
		expect(result.exitCode, result.stderr).toBe(0);
		expect(result.stderr).toMatch(/Note: .*PKCE Flow, which has no client secret/);
	});

	it('an answer it does not recognise: says so and signs in as usual', async () => {
		// The token endpoint fails twice (the check's request and its one retry).
		e2e.emulator.injectTokenFault({kind: 'status', status: 503, times: 2});
		const result = await runCli(pkceLogin(), {
			env: env({BROWSER: browserScript}),
			timeoutMs: 20_000,
		});
		expect(result.exitCode, result.stderr).toBe(0);
		expect(result.stderr).toMatch(/Note: Could not tell everything .*HTTP 503.*going on/);
	});
});

describe('http://localhost without a port, as the portal accepts it', () => {
	it('is finished by pasting the address the browser ended on', async () => {
		const app = e2e.emulator.registerApp({name: 'Portless', redirectUris: ['http://localhost']});
		const run = startCli(
			['login', '--client-id', app.clientId, '--redirect-uri', 'http://localhost'],
			{
				env: env({BROWSER: browser.path}),
			},
		);
		const url = await waitFor(
			() => /^ {2}(http\S+\/authorize\?\S+)$/m.exec(run.output.stderr)?.[1],
		);
		await waitFor(() => run.output.stderr.includes('paste it here'));
		// The person approves; the browser then fails to load http://localhost/?code=… (port 80).
		const approved = await fetch(url, {redirect: 'manual'});
		const landed = approved.headers.get('location') ?? '';
		expect(landed).toMatch(/^http:\/\/localhost\/?\?code=/);
		run.child.stdin.write(`${landed}\n`);
		const result = await run.finished;
		expect(result.exitCode, result.stderr).toBe(0);
		expect(result.stderr).toMatch(/Signed in as Maya Okafor/);
	});
});

describe('an empty variable counts as not set (as `export CC_CLIENT_ID=` leaves it)', () => {
	it('CC_CLIENT_ID= cc-token login uses the stored profile’s key', async () => {
		const first = await runCli(
			['login', '--client-id', e2e.app.clientId, '--redirect-uri', e2e.redirectUri],
			{
				env: env({BROWSER: browserScript}),
				timeoutMs: 20_000,
			},
		);
		expect(first.exitCode, first.stderr).toBe(0);
		const again = await runCli(['login', '--json'], {
			env: env({
				BROWSER: browserScript,
				CC_CLIENT_ID: '',
				CC_CLIENT_SECRET: '',
				CC_REDIRECT_URI: '',
			}),
			timeoutMs: 20_000,
		});
		expect(again.exitCode, again.stderr).toBe(0);
		// JSON lines: the result is the last.
		expect(JSON.parse(again.stdout.trim().split('\n').at(-1)!)).toMatchObject({
			event: 'signed-in',
			apiKey: e2e.app.clientId,
			appKind: 'pkce',
		});
	});
});
