import {describe, expect, it} from 'vitest';
import {fetchAccountSummary} from '../../source/api/account-summary.js';
import {setUpEmulatorServer} from '../helpers/emulator.js';
import {tokensFrom} from '../helpers/emulator-code.js';
import {failure} from '../helpers/failure.js';
import {json, startScriptedServer} from '../helpers/scripted-server.js';

const emulator = setUpEmulatorServer();

describe('fetchAccountSummary', () => {
	it('names the account a working token opens', async () => {
		const tokens = await tokensFrom(emulator, emulator.demoApp);
		const summary = await fetchAccountSummary({
			endpoints: emulator.endpoints,
			accessToken: tokens.accessToken,
		});
		expect(summary).toMatchObject({
			name: 'Maya Okafor',
			email: 'maya@juniperstreetbakery.example',
			organization: 'Juniper Street Bakery',
		});
		expect(summary.raw.time_zone_id).toBe('US/Pacific');
	});

	it('says a rejected token needs renewing or a new sign-in', async () => {
		const error = await failure(
			fetchAccountSummary({endpoints: emulator.endpoints, accessToken: 'not-a-token'}),
		);
		expect(error.code).toBe('not_signed_in');
		expect(error.message).toMatch(/rejected the access token/);
		expect(error.message).toContain('Constant Contact said');
		expect(error.hint).toMatch(/cc-token login/);
		expect(error.toText()).not.toContain('not-a-token');
	});

	it('explains that account_read is needed', async () => {
		const tokens = await tokensFrom(emulator, emulator.demoApp, ['contact_data', 'offline_access']);
		const error = await failure(
			fetchAccountSummary({endpoints: emulator.endpoints, accessToken: tokens.accessToken}),
		);
		expect(error.code).toBe('insufficient_scope');
		expect(error.message).toMatch(/account_read/);
	});

	it('a 403 for a token that has account_read quotes the server and blames no scope', async () => {
		const app = emulator.registerApp({});
		const tokens = await tokensFrom(emulator, app, ['account_read', 'offline_access']);
		emulator.api.deactivate(app.clientId);
		const error = await failure(
			fetchAccountSummary({endpoints: emulator.endpoints, accessToken: tokens.accessToken}),
		);
		expect(error.code).toBe('api_error');
		expect(error.message).toContain(
			'Constant Contact said: “Forbidden: this application has been deactivated.”',
		);
		expect(error.toText()).not.toMatch(/needs the account_read scope|include the account_read/);
	});

	it('reads the single-object error form too', async () => {
		const server = await startScriptedServer(
			json(401, {error_key: 'unauthorized', error_message: 'Token expired.'}),
		);
		try {
			const error = await failure(
				fetchAccountSummary({endpoints: server.endpoints, accessToken: 'access-token'}),
			);
			expect(error.message).toContain('Constant Contact said: “Token expired.”');
		} finally {
			await server.close();
		}
	});

	it('waits out “4 a second” (another process with the same API key) a few times', async () => {
		const throttled = json(429, {error_key: 'throttled', error_message: 'Too many requests.'});
		const server = await startScriptedServer(
			throttled,
			throttled,
			json(200, {first_name: 'Maya', organization_name: 'Juniper Street Bakery'}),
		);
		try {
			const summary = await fetchAccountSummary({
				endpoints: server.endpoints,
				accessToken: 'access-token',
			});
			expect(summary.organization).toBe('Juniper Street Bakery');
			expect(server.requests).toHaveLength(3);
		} finally {
			await server.close();
		}
	});

	it('reports rate limits, server failures and answers that are not account details', async () => {
		const server = await startScriptedServer(
			// A spent daily quota is reported at once; “4 a second” is waited out (below).
			json(429, {error_key: 'quota_exceeded', error_message: 'Too many requests.'}),
			json(500, [{error_key: 'server_error', error_message: 'Oops.'}]),
			json(503, [{error_key: 'server_error', error_message: 'Still down.'}]),
			(_request, response) => {
				response.writeHead(200, {'content-type': 'text/html'});
				response.end('<html>captive portal</html>');
			},
		);
		try {
			const check = () =>
				fetchAccountSummary({endpoints: server.endpoints, accessToken: 'access-token'});
			const limited = await failure(check());
			expect(limited.code).toBe('rate_limited');
			expect(limited.message).toContain('Too many requests.');
			const broken = await failure(check());
			// A GET may be repeated: the server failure is retried once before it is reported.
			expect(broken.code).toBe('server_error');
			expect(broken.message).toContain('HTTP 503');
			expect((await failure(check())).code).toBe('bad_response');
			expect(server.requests[0]?.headers.authorization).toBe('Bearer access-token');
			expect(server.requests[0]?.path).toBe('/v3/account/summary');
			expect(server.requests).toHaveLength(4);
		} finally {
			await server.close();
		}
	});
});
