// The guide's second way to sign in (a code entered on another device), its way out of a taken
// port, and steps taller than the window, on in-memory services.
import {describe, expect, it} from 'vitest';
import {CcTokenError} from '../../source/errors.js';
import {createInitialState} from '../../source/guide/state/guide-state.js';
import {reducer} from '../../source/guide/state/reducer.js';
import {stepIndex} from '../../source/guide/state/step-order.js';
import {renderQrCode} from '../../source/system/qr-code.js';
import {apiKey, now} from '../helpers/fake-services.js';
import {type GuideView, keys, setUpGuideViews} from '../helpers/render-guide.js';

const open = setUpGuideViews();

const onSignIn = () =>
	reducer(createInitialState({apiKey}), {type: 'go', step: stepIndex('sign-in')});

const device = {
	userCode: 'WDJB-MJHT',
	verificationUri: 'https://authz.example.test/activate',
	verificationUriComplete: 'https://authz.example.test/activate?user_code=WDJB-MJHT',
	expiresAt: now + 600_000,
	interval: 5,
};

/** Starts a device sign-in with d and lets the fake engine hand out the code. */
async function deviceSignIn(guide: GuideView) {
	await guide.press('d');
	await guide.waitFor('Asking Constant Contact for a code…');
	const session = guide.record.sessions.at(-1)!;
	session.emit({type: 'device-code', device});
	await guide.waitFor('W D J B - M J H T');
	return session;
}

describe('signing in with a code on another device', () => {
	it('shows the code large, the page, a whole QR code and the time left; c copies, o opens', async () => {
		const guide = open({initial: onSignIn(), columns: 120, rows: 40});
		const session = await deviceSignIn(guide);
		expect(session.options).toMatchObject({routes: ['device'], apiKey: apiKey});
		const frame = guide.frame();
		expect(frame).toContain('https://authz.example.test/activate');
		expect(frame).toContain('The code expires in 10:00.');
		expect(frame).toContain('Waiting (10:00 left) for the code WDJB-MJHT to be entered');
		// Every line of the QR code is on screen, whole.
		const qr = renderQrCode(device.verificationUriComplete)!.split('\n');
		for (const line of qr) expect(frame).toContain(line);
		// Nothing is opened here unless asked: the point is another device.
		expect(guide.record.opened).toEqual([]);

		await guide.press('c');
		await guide.waitFor('Copied the code to the clipboard.');
		await guide.press('o');
		await guide.waitFor('Opened the address in your browser.');
		expect(guide.record.copied).toEqual(['WDJB-MJHT']);
		expect(guide.record.opened).toEqual([device.verificationUriComplete]);

		session.succeed();
		expect(await guide.waitFor('Step 9 of 10')).toContain('Maya Okafor');
	});

	it('leaves the QR code out when the window is too small for all of it, and says what size is', async () => {
		const guide = open({initial: onSignIn(), columns: 80, rows: 24});
		await deviceSignIn(guide);
		const frame = await guide.waitFor(/A QR code to scan appears in a window of at least \d+×\d+/);
		expect(frame).not.toContain('▀▀▀▀▀▀▀▀');
		const [, columns, rows] = /at least (\d+)×(\d+)/.exec(frame)!;
		guide.resize(Number(columns), Number(rows));
		const qr = renderQrCode(device.verificationUriComplete)!.split('\n');
		await guide.waitFor((screen) => qr.every((line) => screen.includes(line)));
	});

	it('works when the redirect port is wrong, which only the browser needs', async () => {
		const wrongPort = reducer(onSignIn(), {type: 'edit', field: 'port', value: '80'});
		const guide = open({initial: wrongPort});
		expect(guide.frame()).toContain('Or press d to sign in with a code on');
		await guide.press('s');
		await guide.waitFor('Fix the redirect port first (step 6)');
		expect(guide.record.sessions).toHaveLength(0);
		await deviceSignIn(guide);
	});

	it('says so when the application has no device flow, and offers the browser', async () => {
		const guide = open({initial: onSignIn()});
		const session = await deviceSignIn(guide);
		session.fail(
			new CcTokenError(
				'unauthorized_client',
				'The device flow is not enabled on this application.',
				{
					hint: 'Enable the flow on your application’s page in the developer portal.',
				},
			),
		);
		const failed = await guide.waitFor('✗ The device flow is not enabled on this application.');
		expect(failed).toContain('Enable the flow on your application’s page');
		expect(failed).toContain('Enter tries again. s signs in in the browser instead.');
		await guide.press(keys.enter);
		await guide.waitFor('Asking Constant Contact for a code…');
		expect(guide.record.sessions.at(-1)?.options.routes).toEqual(['device']);
	});
});

describe('a taken port', () => {
	it('offers another port (step 6) or the device flow, and d takes the second', async () => {
		let calls = 0;
		const guide = open({
			initial: onSignIn(),
			services: {
				async startSignIn() {
					calls += 1;
					throw new CcTokenError(
						'port_in_use',
						'Port 47325 is already in use by node (pid 4242), so cc-token cannot receive the browser’s return at http://localhost:47325/callback.',
						{hint: 'Close node (pid 4242) and try again, or sign in with --device.'},
					);
				},
			},
		});
		await guide.press('s');
		const failed = await guide.waitFor('Ways out:');
		expect(failed).toContain('✗ Port 47325 is already in use by node (pid 4242)');
		expect(failed).toContain('press 6, choose another port');
		expect(failed).toContain('press d to sign in with a code on another device');
		// The command-line hint is replaced by keys that work here.
		expect(failed).not.toContain('--device');
		await guide.press('6', keys.enter);
		await guide.waitFor('› Port:');
		await guide.press(keys.escape, '8');
		await guide.press('d');
		await guide.waitFor('Ways out:');
		expect(calls).toBe(2);
	});
});

describe('a step taller than the window', () => {
	it('scrolls with ↓ and ↑ and says where more is', async () => {
		const guide = open({columns: 60, rows: 18});
		const top = await guide.waitFor('↓ more');
		expect(top).toContain('An API key names your integration');
		expect(top).toContain('↑↓ PgUp/PgDn scroll');
		await guide.press(keys.down, keys.down);
		const scrolled = await guide.waitFor('↑↓ more');
		expect(scrolled).not.toContain('An API key names your integration');
		await guide.press(...Array(20).fill(keys.down));
		const bottom = await guide.waitFor('↑ more');
		expect(bottom).toContain('walks you through it.');
		await guide.press(...Array(20).fill(keys.up));
		await guide.waitFor('An API key names your integration');
	});

	it('keeps the chosen row of a list in view', async () => {
		const guide = open({
			columns: 60,
			rows: 18,
			initial: reducer(createInitialState(), {type: 'go', step: stepIndex('scopes')}),
		});
		expect(await guide.waitFor('↓ more')).not.toContain('offline_access');
		await guide.press(keys.down, keys.down, keys.down, keys.down);
		await guide.waitFor('› [x] offline_access');
		await guide.press(' ');
		await guide.waitFor('› [ ] offline_access');
	});

	it('the help scrolls too, and any other key closes it', async () => {
		const guide = open({columns: 60, rows: 18});
		await guide.press('?');
		expect(await guide.waitFor('Keys')).not.toContain('clear the field');
		await guide.press(...Array(60).fill(keys.down));
		expect(await guide.waitFor('↑ more')).toContain('clear the field');
		await guide.press('x');
		await guide.waitFor('Step 1 of 10');
	});
});
