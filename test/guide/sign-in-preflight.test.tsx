// The guide's sign-in asks the server first, on the same core as `cc-token login`: a problem
// stops it before anything opens, a Device Flow app signs in by code with s, and what the
// server's answers could not settle is said.
import {describe, expect, it} from 'vitest';
import {CcTokenError} from '../../source/errors.js';
import {createInitialState} from '../../source/guide/state/guide-state.js';
import {reducer} from '../../source/guide/state/reducer.js';
import {stepIndex} from '../../source/guide/state/step-order.js';
import {apiKey} from '../helpers/fake-services.js';
import {setUpGuideViews} from '../helpers/render-guide.js';

const open = setUpGuideViews();

const atSignIn = (values: Parameters<typeof createInitialState>[0] = {}) =>
	reducer(createInitialState({apiKey, ...values}), {type: 'go', step: stepIndex('sign-in')});

describe('the guide asks before it opens anything', () => {
	it('stops with the server’s verdict and its fix; nothing starts, nothing opens', async () => {
		const view = open({
			initial: atSignIn(),
			services: {
				async preflight() {
					throw new CcTokenError(
						'redirect_uri_unregistered',
						'The redirect URI http://localhost:47325/callback is not registered on this application.',
						{hint: 'Register exactly http://localhost:47325/callback on your application.'},
					);
				},
			},
		});
		await view.press('s');
		const frame = await view.waitFor('Register exactly http://localhost:47325/callback');
		expect(frame).toContain('✗ The redirect URI http://localhost:47325/callback is not registered');
		expect(view.record.sessions).toHaveLength(0);
		expect(view.record.opened).toEqual([]);
	});

	it('a Device Flow app signs in by code with s: no secret, no browser', async () => {
		const view = open({
			initial: atSignIn({clientSecret: 'left-over', kind: 'pkce'}),
			services: {
				async preflight() {
					return {
						inspection: {
							apiKey: 'known',
							kind: 'device',
							redirectUri: 'not-needed',
							secret: 'unused',
							unrecognised: [],
						},
						notes: [],
					};
				},
			},
		});
		await view.press('s');
		await view.waitFor(() => view.record.sessions.length === 1);
		const [session] = view.record.sessions;
		expect(session?.options.routes).toEqual(['device']);
		expect(session?.options.clientSecret).toBeUndefined();
		expect(view.record.opened).toEqual([]);
	});

	it('says what it could not tell, and goes on', async () => {
		const view = open({
			initial: atSignIn(),
			services: {
				async preflight() {
					return {notes: ['Could not tell everything about the application beforehand.']};
				},
			},
		});
		await view.press('s');
		await view.waitFor('◌ Waiting');
		expect(view.frame()).toContain('Could not tell everything about the application');
		expect(view.record.sessions).toHaveLength(1);
	});
});

describe('the hand-over', () => {
	it('the credentials step says what login says about integrations and scripts', async () => {
		const view = open({initial: atSignIn()});
		await view.press('s');
		await view.waitFor('◌ Waiting');
		view.record.sessions[0]?.succeed();
		const frame = await view.waitFor('Step 9 of 10');
		const text = frame.replace(/[│\s]+/g, ' ');
		expect(text).toContain('An access token alone stops working after 24 hours.');
		expect(text).toContain('A script should run cc-token token');
	});
});

describe('what the check found', () => {
	it('is shown while the sign-in waits, and the steps follow the kind the server named', async () => {
		const view = open({
			initial: atSignIn(),
			columns: 200,
			services: {
				async preflight() {
					return {
						inspection: {
							apiKey: 'known',
							kind: 'pkce',
							redirectUri: 'registered',
							secret: 'not-needed',
							unrecognised: [],
						},
						notes: [],
					};
				},
			},
		});
		await view.press('s');
		const frame = await view.waitFor('✓ Checked with Constant Contact');
		expect(frame).toContain(
			'✓ Checked with Constant Contact: the API key is known, the application uses the PKCE Flow, the redirect URI is registered.',
		);
		// A PKCE app has no secret: its step is marked as not needed.
		expect(frame).toMatch(/– +5/);
	});
});
