// Hostile callers against a running, built `cc-token login`: forged callbacks from local
// programs, a DNS-rebinding Host, a code caught on its way back, and connections from off this
// machine. None may end or take over the sign-in, or get a token out of it.
import {randomBytes} from 'node:crypto';
import {existsSync, readFileSync} from 'node:fs';
import {createServer} from 'node:net';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {describePage, playBrowser} from '../helpers/browser.js';
import {setUpEmulator} from '../helpers/emulator.js';
import {type HandedOverLogin, startHandedOverLogin} from '../helpers/handed-over-login.js';
import {hasIpv6Loopback, isClosed, rawRequest} from '../helpers/loopback-client.js';
import {
	makePeerNamespace,
	ownNetworkAddresses,
	tryConnect,
	whyNoPeerNamespace,
} from '../helpers/network-reach.js';

const ipv6 = await hasIpv6Loopback();
const ownAddresses = ownNetworkAddresses();
const noPeerNamespace = await whyNoPeerNamespace();

const e2e = setUpEmulator({app: {name: 'Hostile callers test'}});
let login: HandedOverLogin | undefined;
afterEach(async () => {
	e2e.emulator.setAutoApprove(false);
	await login?.end();
	login = undefined;
});

async function beginLogin(): Promise<HandedOverLogin> {
	login = await startHandedOverLogin({
		clientId: e2e.app.clientId,
		redirectUri: e2e.redirectUri,
		configDir: e2e.configDir,
		env: e2e.emulator.env,
	});
	return login;
}

/** The person's own browser comes back, and the sign-in ends as it should. */
async function finishNormally(running: HandedOverLogin) {
	const visit = await playBrowser(running.authorizeUrl.href);
	expect(describePage(visit.body).title).toBe('Signed in to Constant Contact · cc-token');
	const result = await running.result;
	expect(result.exitCode, result.stderr).toBe(0);
	const stored = JSON.parse(readFileSync(path.join(e2e.configDir, 'config.json'), 'utf8'));
	expect(stored.profiles.default.apiKey).toBe(e2e.app.clientId);
	expect(await isClosed(e2e.port)).toBe(true);
	return result;
}

describe('forged callbacks from local programs', () => {
	it('are refused with an error page and do not end the wait; the real callback still signs in', async () => {
		const running = await beginLogin();
		const {state} = running;
		const guessed = randomBytes(32).toString('base64url');
		const forgeries = [
			['a guessed state', `/callback?code=stolen-code&state=${guessed}`],
			['no state', '/callback?code=stolen-code'],
			['a refusal with a wrong state', `/callback?error=access_denied&state=${guessed}`],
			['the state twice', `/callback?code=stolen-code&state=${state}&state=${state}`],
		] as const;
		for (const [what, forgedPath] of forgeries) {
			const response = await rawRequest({port: e2e.port, path: forgedPath});
			expect(response.status, what).toBe(400);
			expect(response.headers['content-security-policy'], what).toContain("default-src 'none'");
			const page = describePage(response.body);
			expect(page.title, what).toBe('This sign-in address was not accepted · cc-token');
			expect(page.text, what).toContain('it is still waiting');
			expect(running.hasEnded(), what).toBe(false);
		}

		const result = await finishNormally(running);
		// A refused denial would have ended the sign-in with exit 4; a stolen code would show.
		const ignored = result.stderr.match(/Ignored a request that did not belong to this sign-in/g);
		expect(ignored).toHaveLength(forgeries.length);
		expect(result.stderr).not.toContain('stolen-code');
		expect(result.stderr).toMatch(/Signed in as /);
	});

	it('a request for another host name (DNS rebinding) is refused, even with the right state', async () => {
		const running = await beginLogin();
		const hosts = ipv6 ? ['127.0.0.1', '::1'] : ['127.0.0.1'];
		for (const host of hosts) {
			const rebound = await rawRequest({
				host,
				port: e2e.port,
				path: `/callback?code=stolen-code&state=${running.state}`,
				hostHeader: `evil.example:${e2e.port}`,
			});
			expect(rebound.status, host).toBe(421);
			expect(rebound.body).toBe(
				'This server only answers requests for the sign-in redirect URI.\n',
			);
		}
		expect(running.hasEnded()).toBe(false);
		const result = await finishNormally(running);
		expect(result.stderr).not.toContain('Ignored a request');
	});
});

describe('a code stolen on its way back', () => {
	it('is useless without the verifier only this sign-in holds; the sign-in then fails cleanly', async () => {
		const running = await beginLogin();
		// The person approves, but another program catches the redirect back before the listener.
		const stealCode = async () => {
			e2e.emulator.setAutoApprove('allow');
			const approval = await fetch(running.authorizeUrl, {redirect: 'manual'});
			e2e.emulator.setAutoApprove(false);
			const callbackUrl = approval.headers.get('location') ?? '';
			const code = new URL(callbackUrl).searchParams.get('code') ?? '';
			expect(code).toMatch(/^[\w-]{20,}$/);
			return {callbackUrl, code};
		};

		// Each attempt on a code of its own: any attempt spends a code, so a second attempt on
		// the same one would be refused as spent and prove nothing about the verifier.
		const stolen: string[] = [];
		let callbackUrl = '';
		for (const verifier of [undefined, randomBytes(32).toString('base64url')]) {
			const theft = await stealCode();
			stolen.push(theft.code);
			callbackUrl = theft.callbackUrl;
			const answer = await fetch(e2e.emulator.endpoints.token, {
				method: 'POST',
				headers: {'content-type': 'application/x-www-form-urlencoded'},
				body: new URLSearchParams({
					grant_type: 'authorization_code',
					client_id: e2e.app.clientId,
					code: theft.code,
					redirect_uri: e2e.redirectUri,
					...(verifier ? {code_verifier: verifier} : {}),
				}),
			});
			expect(answer.status).toBe(400);
			// Refused for the verifier, not as a spent or unknown code.
			expect(await answer.json()).toMatchObject({
				error: 'invalid_grant',
				error_description: expect.stringMatching(/^PKCE verification failed/),
			});
		}

		// The attempt used the code up: the real return ends the sign-in with a reason, no code shown.
		const visit = await playBrowser(callbackUrl);
		expect(describePage(visit.body).title).toBe('Sign-in failed · cc-token');
		expect(visit.finalUrl).toBe(`http://localhost:${e2e.port}/callback/done`);
		const result = await running.result;
		expect(result.exitCode).toBe(4);
		expect(result.stderr).toContain('did not accept the authorization code');
		for (const code of stolen)
			expect(result.stdout + result.stderr + visit.body).not.toContain(code);
		expect(existsSync(path.join(e2e.configDir, 'config.json'))).toBe(false);
	});
});

describe('other machines on the network', () => {
	it.skipIf(ownAddresses.length === 0)(
		`cannot connect to the listener on any of this machine's own network addresses${
			ownAddresses.length === 0
				? ' (skipped: this machine has no non-loopback address; the network-namespace test covers it)'
				: ''
		}`,
		async () => {
			const running = await beginLogin();
			expect(await tryConnect('127.0.0.1', e2e.port)).toBe('connected');
			for (const address of ownAddresses) {
				expect(await tryConnect(address, e2e.port), address).toBe('ECONNREFUSED');
			}
			await finishNormally(running);
		},
	);

	it.skipIf(noPeerNamespace !== undefined)(
		`cannot connect from a peer machine on a link of its own (a network namespace)${
			noPeerNamespace ? ` (skipped: ${noPeerNamespace})` : ''
		}`,
		async () => {
			const peer = await makePeerNamespace();
			try {
				// The link works: something listening on this machine's end of it is reachable.
				const reachable = createServer();
				await new Promise<void>((resolve) => reachable.listen(0, peer.hostAddress, resolve));
				const reachablePort = (reachable.address() as {port: number}).port;
				expect(await peer.tryConnectFromPeer(peer.hostAddress, reachablePort)).toBe('connected');
				await new Promise((resolve) => reachable.close(resolve));

				const running = await beginLogin();
				expect(await peer.tryConnectFromPeer(peer.hostAddress, e2e.port)).toBe('ECONNREFUSED');
				await finishNormally(running);
			} finally {
				await peer.remove();
			}
		},
	);
});
