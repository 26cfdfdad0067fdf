// Fifty scripts call the built `cc-token token` at the same moment, just as the stored access
// token enters its 5-minute refresh window, against an emulator that rotates refresh tokens.
// With one refresh too many, every process but one would be left with a dead refresh token.
import {readdirSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {expect, it} from 'vitest';
import {profileFromTokens, storeLocation} from '../../source/store/index.js';
import {saveProfile} from '../../source/store/write-store.js';
import {runCli} from '../helpers/cli.js';
import {setUpEmulator} from '../helpers/emulator.js';
import {tokensFrom} from '../helpers/emulator-code.js';
import {startTokenRelay} from '../helpers/token-relay.js';

const processes = 50;
// The refresh answer is held this long, so that the other processes, still starting on a
// 2-core machine, reach the lock while the refresh is in flight rather than after it.
const refreshHeldMs = 1500;

const e2e = setUpEmulator({app: {name: 'Busy scripts', refreshTokenType: 'rotating'}});

it(`${processes} concurrent cc-token token runs across an expiry make exactly one refresh and all print the same token`, async () => {
	const tokens = await tokensFrom(e2e.emulator, e2e.app, ['account_read', 'offline_access']);
	const location = storeLocation({CC_TOKEN_CONFIG_DIR: e2e.configDir});
	const slow = await startTokenRelay(e2e.emulator.endpoints.token, {holdMs: refreshHeldMs});
	await saveProfile(location, 'default', {
		// Signed in through the relay: its refresh token goes nowhere else.
		...profileFromTokens(
			{
				apiKey: e2e.app.clientId,
				server: {authBaseUrl: slow.authUrl, apiBaseUrl: e2e.emulator.apiBaseUrl},
			},
			tokens,
		),
		// Four minutes left: inside the 5-minute window, so every run wants a refresh.
		accessTokenExpiresAt: Date.now() + 4 * 60_000,
	});
	const refreshesBefore = e2e.emulator.counts.refreshes;
	const env = e2e.env({BROWSER: undefined, CC_TOKEN_AUTH_URL: slow.authUrl});

	const started = Date.now();
	const results = await Promise.all(
		Array.from({length: processes}, () => runCli(['token'], {env, timeoutMs: 40_000})),
	).finally(() => slow.close());
	const elapsedMs = Date.now() - started;

	for (const result of results) {
		expect(result.stderr).toBe('');
		expect(result.exitCode).toBe(0);
	}
	expect(e2e.emulator.counts.refreshes - refreshesBefore).toBe(1);
	const printed = new Set(results.map((result) => result.stdout));
	expect(printed.size).toBe(1);
	const [token] = [...printed];
	expect(token).not.toBe(`${tokens.accessToken}\n`);

	const file = path.join(e2e.configDir, 'config.json');
	const stored = JSON.parse(readFileSync(file, 'utf8')).profiles.default;
	expect(token).toBe(`${stored.accessToken}\n`);
	expect(stored.refreshToken).not.toBe(tokens.refreshToken);
	expect(stored.refreshTokenKind).toBe('rotating');
	expect(stored).not.toHaveProperty('pendingRefresh');
	expect(statSync(file).mode & 0o777).toBe(0o600);
	// No lock, temporary file or corrupt copy left behind.
	expect(readdirSync(e2e.configDir)).toEqual(['config.json']);

	const response = await fetch(`${e2e.emulator.apiBaseUrl}/account/summary`, {
		headers: {Authorization: `Bearer ${stored.accessToken}`},
	});
	expect(response.status).toBe(200);
	// Reported, not asserted: on a loaded 2-core machine the time says more about the machine.
	console.info(`${processes} concurrent runs took ${elapsedMs} ms`);
}, 60_000);
