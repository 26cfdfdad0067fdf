import {describe, expect, it} from 'vitest';
import {startSignIn} from '../../source/auth/sign-in.js';
import type {DeviceCode, SignInEvent, SignInOptions} from '../../source/auth/types.js';
import type {EmulatorApp} from '../../source/provider/emulator/index.js';
import {playBrowser} from '../helpers/browser.js';
import {setUpEmulatorPerVariant} from '../helpers/emulator.js';
import {failure} from '../helpers/failure.js';
import {oktaVariants} from '../helpers/okta-variants.js';
import {freePort} from '../helpers/ports.js';
import {setUpSignInCleanup} from '../helpers/sign-in-sessions.js';

const deviceGrant = 'urn:ietf:params:oauth:grant-type:device_code';
const scopes = ['account_read', 'offline_access'];
const variants = setUpEmulatorPerVariant();
const emulator = variants.emulator;
const sessions = setUpSignInCleanup();

type ShownDevice = Omit<DeviceCode, 'deviceCode'>;

/**
 * Starts a sign-in whose device polls wait on the emulator's clock instead of real time.
 * `onDevice` plays the person at the activation page; `waits` lists each wait's length.
 */
async function begin(
	app: EmulatorApp,
	options: Partial<SignInOptions> & {
		onDevice?: (device: ShownDevice, polls: number) => void;
		clockStep?: (ms: number, wait: number) => number;
	} = {},
) {
	const events: SignInEvent[] = [];
	const waits: number[] = [];
	let device: ShownDevice | undefined;
	let polls = 0;
	const {onDevice, clockStep, ...signInOptions} = options;
	const session = await startSignIn({
		apiKey: app.clientId,
		...(app.clientSecret ? {clientSecret: app.clientSecret} : {}),
		redirectUri: app.redirectUris[0] ?? '',
		scopes,
		routes: ['device'],
		endpoints: emulator.endpoints,
		sleep: async (ms) => {
			waits.push(ms);
			emulator.advanceClock(clockStep ? clockStep(ms, waits.length) : ms);
		},
		onEvent: (event) => {
			events.push(event);
			if (event.type === 'device-code') device = event.device;
			if (event.type === 'device-poll') polls++;
			if (device && (event.type === 'device-code' || event.type === 'device-poll')) {
				onDevice?.(device, polls);
			}
		},
		...signInOptions,
	});
	sessions.track(session);
	return {session, events, waits};
}

// Every device sign-in, under each way Okta may answer.
describe.each(oktaVariants)('Okta answering $name', ({emulatorOptions}) => {
	variants.startFor(emulatorOptions);

	describe('the device route', () => {
		it('shows the code, keeps polling while pending, and signs in once approved', async () => {
			const app = emulator.registerApp({kind: 'device'});
			const {session, events, waits} = await begin(app, {
				onDevice: (device, polls) => {
					if (polls === 3) emulator.approveDevice(device.userCode, 'allow');
				},
			});
			expect(session.authorizeUrl).toBeUndefined();
			const {route, tokens} = await session.result;
			expect(route).toBe('device');
			expect(tokens.refreshToken).toMatch(/^[\w-]{43}$/);
			const device = events.find((event) => event.type === 'device-code');
			expect(device).toEqual({
				type: 'device-code',
				device: {
					// As the server wrote it: `BCDF-GHJK`, or a live Okta's `BCDFGHJK`.
					userCode: expect.stringMatching(/^[A-Z]{4}-?[A-Z]{4}$/),
					verificationUri: `${emulator.origin}/activate`,
					verificationUriComplete: expect.stringContaining('/activate?user_code='),
					expiresAt: expect.any(Number),
					interval: 5,
				},
			});
			expect(JSON.stringify(device)).not.toContain('deviceCode');
			expect(waits).toEqual([6000, 6000, 6000]);
			expect(events.filter((event) => event.type === 'device-poll')).toHaveLength(3);
			expect(events.at(-1)?.type).toBe('signed-in');
		});

		it('refuses a code app at once, its secret notwithstanding: it was not created with the Device Flow', async () => {
			const {session} = await begin(emulator.demoApp);
			const error = await failure(session.result);
			expect(error.code).toBe('unauthorized_client');
			expect(error.message).toMatch(/not created with the Device Flow/);
		});

		it('slows down by 5 seconds when the server says so', async () => {
			const app = emulator.registerApp({kind: 'device'});
			const {session, events, waits} = await begin(app, {
				// The second wait is cut short on the server's clock: that poll comes too soon.
				clockStep: (ms, wait) => (wait === 2 ? 1000 : ms),
				onDevice: (device, polls) => {
					if (polls === 4) emulator.approveDevice(device.userCode, 'allow');
				},
			});
			await session.result;
			expect(
				events.flatMap((event) => (event.type === 'device-poll' ? [event.interval] : [])),
			).toEqual([5, 5, 10, 10]);
			expect(waits).toEqual([6000, 6000, 11_000, 11_000]);
		});

		it('ends on a refusal at the activation page', async () => {
			const app = emulator.registerApp({kind: 'device'});
			const {session} = await begin(app, {
				onDevice: (device, polls) => {
					if (polls === 1) emulator.approveDevice(device.userCode, 'deny');
				},
			});
			const error = await failure(session.result);
			expect(error.code).toBe('access_denied');
			expect(error.message).toMatch(/activation page/);
		});

		it('ends when the device code expires unapproved', async () => {
			const app = emulator.registerApp({kind: 'device'});
			const {session, waits} = await begin(app, {clockStep: () => 11 * 60_000});
			const error = await failure(session.result);
			// The first poll after the expiry ends it, whichever way the server words it.
			expect(waits).toHaveLength(1);
			// Either answer is told as the expiry it is, with the way to start again.
			expect(error.code).toBe('expired_token');
			expect(error.hint).toMatch(/--device/);
			if (emulatorOptions.okta?.expiredDeviceCode === 'invalid_grant') {
				expect(error.message).toContain('The device code is invalid or has expired.');
			}
		});

		it('fails plainly when a pkce app asks for a device sign-in and nothing else can finish', async () => {
			const app = emulator.registerApp({kind: 'pkce'});
			const {session} = await begin(app);
			const error = await failure(session.result);
			expect(error.code).toBe('unauthorized_client');
			expect(error.message).toMatch(/not created with the Device Flow/);
			expect(error.hint).toMatch(/PKCE Flow/);
		});

		it('times out with a device-specific reason', async () => {
			const app = emulator.registerApp({kind: 'device'});
			const {session} = await begin(app, {timeoutMs: 100, sleep: () => new Promise(() => {})});
			const error = await failure(session.result);
			expect(error.code).toBe('timeout');
			expect(error.message).toMatch(/device sign-in was not approved/);
		});
	});

	describe('routes raced', () => {
		// An app has one kind, so a race of the browser and the device only happens when the kind
		// is not known beforehand: the route the app cannot use is refused and the other wins.
		it('lets the browser win for a code app, whose device route is refused before any poll', async () => {
			const port = await freePort();
			const redirectUri = `http://localhost:${port}/callback`;
			const app = emulator.registerApp({
				kind: 'code',
				clientSecret: 'its-secret',
				redirectUris: [redirectUri],
			});
			const before = emulator.counts.grants[deviceGrant] ?? 0;
			const {session, events} = await begin(app, {
				redirectUri,
				routes: ['loopback', 'paste', 'device'],
				sleep: () => new Promise(() => {}),
			});
			await expect
				.poll(() => events.find((event) => event.type === 'warning'))
				.toMatchObject({message: expect.stringMatching(/device sign-in is not available/)});
			await playBrowser(session.authorizeUrl ?? '', {decision: 'allow'});
			expect((await session.result).route).toBe('loopback');
			expect(emulator.counts.grants[deviceGrant] ?? 0).toBe(before);
			expect(events.some((event) => event.type === 'device-poll')).toBe(false);
		});

		it('lets the device win for a device app and closes the listener', async () => {
			const port = await freePort();
			const redirectUri = `http://localhost:${port}/callback`;
			const app = emulator.registerApp({kind: 'device'});
			const {session} = await begin(app, {
				redirectUri,
				routes: ['loopback', 'device'],
				onDevice: (device) => emulator.approveDevice(device.userCode, 'allow'),
			});
			expect((await session.result).route).toBe('device');
			await expect(fetch(`http://127.0.0.1:${port}/callback`)).rejects.toThrow();
		});

		it('keeps the browser route for a pkce app, which has no device flow', async () => {
			const port = await freePort();
			const redirectUri = `http://localhost:${port}/callback`;
			const app = emulator.registerApp({kind: 'pkce', redirectUris: [redirectUri]});
			const {session, events} = await begin(app, {
				redirectUri,
				routes: ['loopback', 'paste', 'device'],
			});
			await expect
				.poll(() => events.find((event) => event.type === 'warning'))
				.toMatchObject({message: expect.stringMatching(/device sign-in is not available/)});
			await playBrowser(session.authorizeUrl ?? '');
			expect((await session.result).route).toBe('loopback');
		});
	});
});
