// What a newcomer meets first, on in-memory services: one account of the secret per kind of
// application, panes that open at their top and scroll by page, lines that leave parts out
// rather than cutting words, and the lines left on the screen when the guide ends.
import {describe, expect, it} from 'vitest';
import {quitSummary} from '../../source/guide/quit-summary.js';
import {createInitialState, type GuideState} from '../../source/guide/state/guide-state.js';
import {reducer} from '../../source/guide/state/reducer.js';
import {stepIndex} from '../../source/guide/state/step-order.js';
import {lastStepCommands} from '../../source/guide/steps.js';
import {accessToken, apiKey, setup} from '../helpers/fake-services.js';
import {keys, setUpGuideViews} from '../helpers/render-guide.js';

const open = setUpGuideViews();

const at = (step: Parameters<typeof stepIndex>[0], state = createInitialState()) =>
	reducer(state, {type: 'go', step: stepIndex(step)});

describe('the secret step says one thing for the kind in hand', () => {
	it('flow not said yet: needed only for an Authorization Code app, never “a confidential client” beside “none”', async () => {
		const guide = open({initial: at('secret', createInitialState({apiKey}))});
		const frame = await guide.waitFor('Step 5 of 10');
		expect(frame).not.toContain('confidential');
		expect(frame).toContain('Only an Authorization Code Flow and Implicit Flow app has a secret');
		expect(frame).toContain('Secret: none');
	});

	it('an Authorization Code app: the secret is required, and PKCE is not offered', async () => {
		const guide = open({initial: at('secret', createInitialState({apiKey, kind: 'code'}))});
		const frame = await guide.waitFor('Step 5 of 10');
		expect(frame).toContain('confidential');
		expect(frame).toContain('required: press Enter, then paste');
		expect(frame).not.toContain('PKCE');
	});
});

describe('scrolling', () => {
	it('a list step opens at its top with its last choice chosen; PgDn and PgUp move it', async () => {
		const guide = open({
			columns: 80,
			rows: 24,
			initial: at('create-app', createInitialState({kind: 'code'})),
		});
		// The pane is measured once drawn: the scroll hint comes with the frame after.
		const top = await guide.waitFor('PgUp/PgDn scroll');
		expect(top).toContain('Step 3 of 10');
		expect(top).toContain('Click New Application');
		await guide.press('\u001B[6~');
		await guide.waitFor((frame) => !frame.includes('Click New Application'));
		await guide.press('\u001B[5~');
		await guide.waitFor('Click New Application');
		// ↑ still brings the chosen row into view when the choice moves.
		await guide.press(keys.up);
		await guide.waitFor('› ( ) Device Flow');
	});

	it('PgUp and PgDn scroll while a field is typed in, and the key bar names them', async () => {
		const guide = open({columns: 60, rows: 20, initial: at('secret')});
		await guide.waitFor('↓ more');
		await guide.press(keys.enter);
		expect(await guide.waitFor('Esc leave the field')).toContain('PgUp/PgDn scroll');
		await guide.press('\u001B[6~');
		await guide.waitFor('↑');
		await guide.press('\u001B[5~');
		await guide.waitFor('↓ more');
		// Still typing in the field.
		await guide.press('x', '\u001B[6~');
		await guide.waitFor('Secret: •');
	});
});

describe('narrow screens', () => {
	it('at 60 columns no line of the guide is cut inside a word', async () => {
		const guide = open({columns: 60, rows: 20, initial: createInitialState({kind: 'code'})});
		for (const digit of ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0']) {
			await guide.press(digit);
			const frame = await guide.waitFor(`Step ${digit === '0' ? 10 : digit} of 10`);
			expect(frame).not.toMatch(/\p{L}…/u);
		}
	});

	it('no ✓ on a step filled in beforehand until it has been visited', async () => {
		const guide = open({initial: createInitialState({apiKey, kind: 'code', clientSecret: 's'})});
		expect(await guide.waitFor('Step 1 of 10')).not.toContain('✓');
		await guide.press('4');
		await guide.waitFor('Step 4 of 10');
		expect(guide.frame()).toMatch(/✓ › +4 /);
		expect(guide.frame()).not.toMatch(/✓ +5 /);
	});
});

describe('the lines left when the guide ends', () => {
	const signedIn: GuideState = {
		...createInitialState(),
		credentials: {apiKey, accessToken, account: {name: 'Maya Okafor', email: 'maya@example.com'}},
		signedInHere: true,
	};

	it('wrap by word at 80 columns, a command and its words apart when together they are too long', () => {
		const lines = quitSummary(
			signedIn,
			{...setup, storeFile: '/home/maya/.config/cc-token-nodejs/config.json'},
			0,
			80,
		)!;
		for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
		expect(lines.join('\n')).toContain('prints a fresh access token whenever one is needed');
	});

	it('Ctrl+C: one line, saying what was kept', () => {
		expect(quitSummary(createInitialState(), setup, 130, 80)).toEqual([
			'Cancelled; nothing was saved.',
		]);
		expect(quitSummary(signedIn, setup, 130, 80)).toEqual([
			'Cancelled; the sign-in is saved in profile “default”.',
		]);
	});

	it('the demo always shows the way on, and its last step offers the same commands', () => {
		const demo = createInitialState({demoApps: {}});
		const lines = quitSummary(demo, {...setup, demo: true}, 0, 80)!;
		expect(lines.join('\n')).toContain('Go on: cc-token emulator');
		expect(lastStepCommands(demo, setup).map((line) => line.command)).toEqual([
			'cc-token emulator',
			'cc-token',
		]);
	});

	it('the last step calls the API server the sign-in went to', () => {
		const lines = lastStepCommands(
			{
				...signedIn,
				credentials: {
					...signedIn.credentials!,
					server: {authBaseUrl: 'http://127.0.0.1:9/oauth2', apiBaseUrl: 'http://127.0.0.1:9/v3'},
				},
			},
			setup,
		);
		expect(lines[1]!.command).toContain('http://127.0.0.1:9/v3/account/summary');
		expect(lines.map((line) => line.command).join(' ')).not.toContain('api.cc.email');
	});
});
