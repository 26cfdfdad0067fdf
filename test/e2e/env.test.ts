// `cc-token env` through the built command, from a stored profile whose token is still good.
import {execFileSync} from 'node:child_process';
import {parseEnv} from 'node:util';
import {describe, expect, it} from 'vitest';
import {baseEnv, runCli} from '../helpers/cli.js';
import {setUpTempStore, writeStoreFile} from '../helpers/temp-store.js';

const apiKey = '1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d';
const accessToken = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJtYXlhIn0.c2ln-_+/==';

const config = setUpTempStore();

function storeToken(token: string) {
	writeStoreFile(config.location, {
		default: {apiKey, accessToken: token, accessTokenExpiresAt: Date.now() + 3_600_000},
	});
}

const env = (...args: string[]) =>
	runCli(['env', ...args], {env: baseEnv({CC_TOKEN_CONFIG_DIR: config.dir})});

describe('cc-token env', () => {
	it('prints lines sh, cmd and .env readers take exactly', async () => {
		storeToken(accessToken);
		const sh = await env();
		expect(sh.exitCode).toBe(0);
		const read = execFileSync(
			'sh',
			['-c', `${sh.stdout}printf '%s %s' "$CC_API_KEY" "$CC_ACCESS_TOKEN"`],
			{
				env: {},
			},
		).toString();
		expect(read).toBe(`${apiKey} ${accessToken}`);

		const cmd = await env('--shell', 'cmd');
		expect(cmd.stdout).toBe(`set "CC_API_KEY=${apiKey}"\nset "CC_ACCESS_TOKEN=${accessToken}"\n`);

		const dotenv = await env('--dotenv');
		expect(dotenv.exitCode).toBe(0);
		expect(parseEnv(dotenv.stdout)).toEqual({CC_API_KEY: apiKey, CC_ACCESS_TOKEN: accessToken});
	});

	it('prints nothing at all for a stored token that would be code in a shell', async () => {
		storeToken('x’; Start-Process calc; #');
		for (const shell of ['sh', 'fish', 'powershell', 'cmd']) {
			const result = await env('--shell', shell);
			// Refused where it is read, by the store boundary: the profile is damaged.
			expect(result.exitCode).toBe(3);
			expect(result.stdout).toBe('');
			expect(result.stderr).toContain(
				'is damaged: it has an accessToken that is not a bearer token (RFC 6750)',
			);
			expect(result.stderr).not.toContain('Start-Process');
		}
		const dotenv = await env('--dotenv');
		expect(dotenv.stdout).toBe('');
	});

	it('refuses --dotenv with --shell, and an unknown shell, with exit 2', async () => {
		storeToken(accessToken);
		expect((await env('--dotenv', '--shell', 'sh')).exitCode).toBe(2);
		const unknown = await env('--shell', 'tcsh');
		expect(unknown.exitCode).toBe(2);
		expect(unknown.stderr).toContain('Use --shell sh, fish, powershell or cmd');
	});
});
