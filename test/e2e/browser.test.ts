// A real browser end to end: Debian's Chromium, driven by playwright-core, is the browser of
// the built `cc-token login`, against the emulator's real consent page. What a person sees:
// the consent page, Allow or Deny, then cc-token's own page, with no code left in the address.
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {type BrowserContext, chromium, type Page} from 'playwright-core';
import {afterAll, afterEach, beforeAll, expect, it} from 'vitest';
import {repoRoot} from '../helpers/cli.js';
import {setUpEmulator} from '../helpers/emulator.js';
import {type HandedOverLogin, startHandedOverLogin} from '../helpers/handed-over-login.js';

const chromiumPath = '/usr/bin/chromium';
const hasChromium = existsSync(chromiumPath);
// CI installs Chromium (.ci/run): there a missing browser fails the tests, never skips them.
const mustRun = hasChromium || Boolean(process.env.CI);
const skipped = mustRun ? '' : ' (skipped: /usr/bin/chromium not installed)';
// The pictures in docs/ are refreshed only on request, so a test run leaves the tree unchanged.
const screenshotDir = process.env.CC_TOKEN_UPDATE_SCREENSHOTS
	? path.join(repoRoot, 'docs')
	: undefined;
// A host name that resolves to 127.0.0.1, as a DNS-rebinding attacker's would; every other name
// resolves to nothing, so the browser cannot reach beyond this machine.
const reboundHost = 'rebind.test';

const e2e = setUpEmulator({app: {name: 'Newsletter sync'}});
let browser: BrowserContext | undefined;
let userDataDir: string;
let login: HandedOverLogin | undefined;

beforeAll(async () => {
	if (!hasChromium) {
		if (mustRun)
			throw new Error(`${chromiumPath} is missing: CI must install Chromium (see .ci/run).`);
		return;
	}
	userDataDir = mkdtempSync(path.join(tmpdir(), 'cc-token-chromium-'));
	browser = await chromium.launchPersistentContext(userDataDir, {
		executablePath: chromiumPath,
		headless: true,
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			`--host-resolver-rules=MAP ${reboundHost} 127.0.0.1, MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1`,
		],
		viewport: {width: 900, height: 360},
	});
});
afterAll(async () => {
	await browser?.close();
	if (userDataDir) rmSync(userDataDir, {recursive: true, force: true});
});
afterEach(async () => {
	for (const page of browser?.pages() ?? []) await page.close();
	await login?.end();
	login = undefined;
});

/** `cc-token login`, whose browser is the test's Chromium, showing the sign-in address. */
async function loginInChromium(): Promise<{running: HandedOverLogin; page: Page}> {
	login = await startHandedOverLogin({
		clientId: e2e.app.clientId,
		redirectUri: e2e.redirectUri,
		configDir: e2e.configDir,
		env: e2e.emulator.env,
	});
	// cc-token may only send the browser to Constant Contact (here, the emulator).
	expect(login.authorizeUrl.origin).toBe(e2e.emulator.origin);
	const page = await browser!.newPage();
	await page.goto(login.authorizeUrl.href);
	return {running: login, page};
}

async function bodyText(page: Page): Promise<string> {
	return ((await page.locator('body').textContent()) ?? '').replace(/\s+/g, ' ');
}

/** Waits for cc-token's own page after the consent page, and checks its address holds no answer. */
async function landedOn(page: Page, heading: string): Promise<void> {
	await page.getByRole('heading', {name: heading}).waitFor({timeout: 10_000});
	expect(await page.title()).toBe(`${heading} · cc-token`);
	expect(page.url()).toBe(`http://localhost:${e2e.port}/callback/done`);
}

async function screenshot(page: Page, name: string): Promise<void> {
	const png = await page.screenshot({fullPage: true});
	expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
	if (screenshotDir) writeFileSync(path.join(screenshotDir, `browser-${name}.png`), png);
}

/** Every address the tab's history holds, as Back and the history list would show them. */
async function historyOf(page: Page): Promise<string[]> {
	const session = await page.context().newCDPSession(page);
	const {entries} = await session.send('Page.getNavigationHistory');
	await session.detach();
	return entries.map((entry) => entry.url);
}

it.skipIf(!mustRun)(
	`Allow on the real consent page ends on a success page with no code in the address bar or history, and the profile is saved${skipped}`,
	async () => {
		const {running, page} = await loginInChromium();
		expect(await page.title()).toBe('Allow Newsletter sync to use your account?');
		const consent = await bodyText(page);
		expect(consent).toContain('Newsletter sync wants to use the Constant Contact account');
		expect(consent).toContain(`Your answer is sent to http://localhost:${e2e.port}/callback`);
		await screenshot(page, 'consent');

		await page.getByRole('button', {name: 'Allow'}).click();
		await landedOn(page, 'Signed in to Constant Contact');
		const success = await bodyText(page);
		expect(success).toContain('cc-token now holds an access token for your account.');
		expect(success).toContain('You can close this tab and go back to the terminal.');
		const history = await historyOf(page);
		expect(history.at(-1)).toBe(page.url());
		expect(history.join('\n')).not.toContain('code=');
		await screenshot(page, 'success');

		const result = await running.result;
		expect(result.exitCode, result.stderr).toBe(0);
		expect(result.stderr).toMatch(/Signed in as .+<.+@.+>/);
		const profile = JSON.parse(readFileSync(path.join(e2e.configDir, 'config.json'), 'utf8'))
			.profiles.default;
		expect(profile.apiKey).toBe(e2e.app.clientId);
		for (const secret of [profile.accessToken, profile.refreshToken]) {
			expect(secret).toEqual(expect.any(String));
			expect(result.stdout + result.stderr).not.toContain(secret);
			expect(await page.content()).not.toContain(secret);
		}
	},
);

it.skipIf(!mustRun)(
	`Deny on the real consent page shows an error page in the browser, and login exits 4 saving nothing${skipped}`,
	async () => {
		const {running, page} = await loginInChromium();
		await page.getByRole('button', {name: 'Deny'}).click();
		await landedOn(page, 'Sign-in failed');
		expect(await bodyText(page)).toMatch(/refused/);
		await screenshot(page, 'denied');

		const result = await running.result;
		expect(result.exitCode).toBe(4);
		expect(result.stderr).toMatch(/refused|denied/i);
		expect(readdirSync(path.dirname(e2e.configDir))).not.toContain('config');
	},
);

it.skipIf(!mustRun)(
	`a page on another host name resolving to 127.0.0.1 (DNS rebinding) is refused by the listener, and the sign-in goes on${skipped}`,
	async () => {
		const {running, page} = await loginInChromium();
		const attacker = await browser!.newPage();
		const rebound = await attacker.goto(
			`http://${reboundHost}:${e2e.port}/callback?code=forged&state=${running.state}`,
		);
		expect(rebound?.status()).toBe(421);
		expect(await bodyText(attacker)).toContain(
			'This server only answers requests for the sign-in redirect URI.',
		);

		await page.getByRole('button', {name: 'Allow'}).click();
		await landedOn(page, 'Signed in to Constant Contact');
		expect((await running.result).exitCode).toBe(0);
	},
);
