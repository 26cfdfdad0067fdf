import {describe, expect, it} from 'vitest';
import {CcTokenError} from '../../source/errors.js';
import {createInitialState} from '../../source/guide/state/guide-state.js';
import {reducer} from '../../source/guide/state/reducer.js';
import {stepIndex} from '../../source/guide/state/step-order.js';
import {steps} from '../../source/guide/steps.js';
import {accessToken, apiKey, now, refreshToken, setup, tokens} from '../helpers/fake-services.js';
import {keys, setUpGuideViews} from '../helpers/render-guide.js';

const open = setUpGuideViews();

const withKeyAt = (step: string) =>
	reducer(createInitialState({apiKey}), {type: 'go', step: stepIndex(step as never)});

describe('the first frame', () => {
	it('names the tool and the first step, and says nobody is signed in', () => {
		const guide = open();
		const frame = guide.frame();
		expect(frame).toContain('cc-token');
		expect(frame).toContain('Step 1 of 10');
		expect(frame).toContain('What you will get and how this works');
		expect(frame).toContain('Following the old V2 guide? Mashery');
		expect(frame).toContain('○ Not signed in');
		expect(frame).not.toContain('DEMO');
	});

	it('shows stored credentials as signed in, with the time left on the token', () => {
		const guide = open({
			initial: createInitialState({
				apiKey,
				credentials: {
					apiKey,
					accessToken,
					accessTokenExpiresAt: now + 3 * 3_600_000,
					account: {name: 'Maya Okafor', email: 'maya@bakery.example'},
				},
			}),
		});
		expect(guide.frame()).toContain(
			'✓ Signed in (token 3 h 0 min left) as Maya Okafor <maya@bakery.example>',
		);
	});

	it('asks for a bigger window instead of drawing a broken layout, and recovers', async () => {
		const guide = open({columns: 59, rows: 30});
		expect(guide.frame()).toContain('Make the window at least 60×18 (now 59×30)');
		expect(guide.frame()).not.toContain('Step 1 of 10');
		guide.resize(80, 17);
		await guide.waitFor('(now 80×17)');
		guide.resize(80, 24);
		await guide.waitFor('Step 1 of 10');
	});

	it('is one row shorter than the terminal', () => {
		const guide = open({columns: 80, rows: 24});
		expect(guide.frame().split('\n')).toHaveLength(23);
	});
});

describe('moving around', () => {
	it('arrows and digits reach every step', async () => {
		const guide = open();
		await guide.press(keys.right);
		await guide.waitFor('Step 2 of 10');
		await guide.press(keys.left);
		await guide.waitFor('Step 1 of 10');
		for (const [index, step] of steps.entries()) {
			await guide.press(index === 9 ? '0' : String(index + 1));
			const frame = await guide.waitFor(`Step ${index + 1} of 10`);
			expect(frame).toContain(step.title);
		}
	});

	it('o opens the developer portal, after showing its address', async () => {
		const guide = open();
		await guide.press('2');
		expect(await guide.waitFor('Step 2 of 10')).toContain(setup.portalUrl);
		await guide.press('o');
		await guide.waitFor('Opened the address in your browser.');
		expect(guide.record.opened).toEqual([setup.portalUrl]);
	});

	it('? shows every key, and any key closes the help', async () => {
		const guide = open();
		await guide.press('?');
		expect(await guide.waitFor('Keys')).toContain('show or hide the tokens in step 9');
		await guide.press('x');
		await guide.waitFor('Step 1 of 10');
	});

	it('shows the demo tag, even on the narrowest screen, and the demo hints', async () => {
		const narrow = open({setup: {...setup, demo: true}, columns: 60, rows: 18});
		expect(narrow.frame()).toContain('cc-token  DEMO');
		narrow.unmount();
		const guide = open({setup: {...setup, demo: true}, initial: withKeyAt('api-key')});
		expect(guide.frame()).toContain('Demo: filled in with the demo application’s API key.');
	});
});

describe('the API key field', () => {
	it('checks the key as it is typed, and keeps digits and letters while focused', async () => {
		const guide = open();
		await guide.press('4');
		await guide.waitFor('Step 4 of 10');
		await guide.press(keys.enter);
		await guide.waitFor('› API key:');
		await guide.press('1b2c3d4e');
		expect(
			await guide.waitFor('That looks like part of an API key (8 of 36 characters)'),
		).toContain('Step 4 of 10');
		await guide.press('-5f60-4a7b-8c9d-0e1f2a3b4c5dX');
		await guide.waitFor('That is not an API key');
		await guide.press(keys.backspace);
		await guide.waitFor('✓ That is an API key.');
		await guide.press(keys.escape);
		await guide.press(keys.right);
		expect(await guide.waitFor('Step 5 of 10')).toContain('✓ ');
	});

	it('takes a paste without Enter, strips its line break and moves on', async () => {
		const guide = open();
		await guide.press('4');
		await guide.waitFor('Step 4 of 10');
		await guide.press(`${apiKey}\r`);
		await guide.waitFor('Step 5 of 10');
		await guide.press('4');
		expect(await guide.waitFor(`API key: ${apiKey}`)).toContain('✓ That is an API key.');
	});

	it('Enter on a wrong key says what is wrong and stays', async () => {
		const guide = open();
		await guide.press('4', keys.enter);
		await guide.waitFor('› API key:');
		await guide.press('not a key', keys.enter);
		await guide.waitFor('That is not an API key');
		expect(guide.frame()).toContain('Step 4 of 10');
	});
});

describe('the secret field', () => {
	it('never shows the secret', async () => {
		const guide = open();
		await guide.press('5', keys.enter);
		await guide.waitFor('› Secret:');
		await guide.press('top-secret-value');
		const frame = await guide.waitFor('••••••••••••••••');
		expect(frame).not.toContain('top-secret-value');
		expect(frame).toContain('cc-token will send this secret');
	});
});

describe('the redirect URI', () => {
	it('copies the address, and follows a new port', async () => {
		const guide = open();
		await guide.press('6');
		expect(await guide.waitFor('Step 6 of 10')).toContain('http://localhost:47325/callback');
		await guide.press('c');
		await guide.waitFor('Copied the redirect URI to the clipboard.');
		await guide.press(keys.enter);
		await guide.waitFor('› Port:');
		await guide.press(...Array(5).fill(keys.backspace), '99');
		await guide.waitFor('The port must be a number from 1024 to 65535, not “99”.');
		await guide.press(keys.backspace, keys.backspace, '8080', keys.enter);
		await guide.waitFor('Register http://localhost:8080/callback in the portal');
		await guide.press('c');
		await guide.waitFor('Copied the redirect URI');
		expect(guide.record.copied).toEqual([
			'http://localhost:47325/callback',
			'http://localhost:8080/callback',
		]);
	});
});

describe('scopes', () => {
	it('toggles with Space and warns when offline_access is off', async () => {
		const guide = open();
		await guide.press('7');
		await guide.waitFor('[x] offline_access');
		await guide.press(keys.down, keys.down, keys.down, keys.down, ' ');
		expect(await guide.waitFor('[ ] offline_access')).toContain(
			'Without offline_access Constant Contact issues no refresh token',
		);
	});
});

describe('signing in', () => {
	it('needs an API key first', async () => {
		const guide = open();
		await guide.press('s');
		await guide.waitFor('Paste your API key first (step 4).');
		expect(guide.record.sessions).toHaveLength(0);
	});

	it('shows the address, opens it, waits with a countdown, and saves what comes back', async () => {
		const guide = open({initial: withKeyAt('scopes')});
		await guide.press('s');
		const waiting = await guide.waitFor(
			'◌ Waiting (5:00 left) for the browser at http://localhost:47325/callback',
		);
		expect(waiting).toContain('Step 8 of 10');
		expect(waiting).toContain('https://authz.example.test/authorize');
		const [session] = guide.record.sessions;
		expect(session?.options.clientSecret).toBeUndefined();
		expect(session?.options).toMatchObject({
			apiKey: apiKey,
			routes: ['loopback', 'paste'],
			redirectUri: 'http://localhost:47325/callback',
			scopes: ['account_read', 'account_update', 'contact_data', 'campaign_data', 'offline_access'],
			timeoutMs: 300_000,
		});
		await guide.waitFor('Opened the address in your browser.');
		expect(guide.record.opened).toEqual([
			`https://authz.example.test/authorize?client_id=${apiKey}&state=s1`,
		]);

		session?.succeed();
		const done = await guide.waitFor('Maya Okafor <maya@bakery.example> (Juniper Bakery)');
		expect(done).toContain('Step 9 of 10');
		expect(done).toContain('left) as Maya Okafor');
		expect(done).toContain('Saved to profile “default” in');
		expect(done).toContain(setup.storeFile);
		expect(done).not.toContain(accessToken);
		expect(done).not.toContain(refreshToken);
		expect(guide.record.saved).toEqual([
			expect.objectContaining({
				apiKey,
				redirectUri: 'http://localhost:47325/callback',
				accessToken,
			}),
		]);
		expect(guide.record.accounts).toEqual([
			{name: 'Maya Okafor', email: 'maya@bakery.example', organization: 'Juniper Bakery'},
		]);
	});

	it('shows, hides and copies the credentials', async () => {
		const guide = open({
			initial: withKeyAt('credentials'),
		});
		await guide.press('s');
		await guide.waitFor('◌ Waiting');
		guide.record.sessions[0]?.succeed();
		await guide.waitFor('Step 9 of 10');
		await guide.press(keys.down);
		await guide.press('r');
		await guide.waitFor(`${accessToken.slice(0, 24)}…`);
		// w: every value whole, on a line of its own, with nothing drawn around it.
		await guide.press('w');
		const whole = await guide.waitFor('Each value whole');
		expect(whole.split('\r\n')).toEqual(expect.arrayContaining(['Access token:', accessToken]));
		expect(whole).toContain(refreshToken);
		expect(whole).not.toContain('│');
		await guide.press('x');
		await guide.waitFor('Step 9 of 10');
		await guide.press('c');
		await guide.waitFor('Copied the access token to the clipboard.');
		await guide.press('r');
		await guide.waitFor('r shows');
		expect(guide.frame()).not.toContain(accessToken);
		expect(guide.record.copied).toEqual([accessToken]);
	});

	it('takes the pasted address-bar URL, and says why a wrong one did not count', async () => {
		const guide = open({initial: withKeyAt('sign-in')});
		await guide.press(keys.enter);
		await guide.waitFor('◌ Waiting');
		await guide.press(keys.enter);
		await guide.waitFor('› Address bar:');
		await guide.press('https://localhost/?nothing=here\r');
		await guide.waitFor('✗ That address has no code in it.');
		await guide.press(keys.ctrlU);
		await guide.press('https://localhost/?code=abc&state=s1\r');
		await guide.waitFor('Step 9 of 10');
		expect(guide.record.sessions[0]?.pasted).toEqual([
			'https://localhost/?nothing=here',
			'https://localhost/?code=abc&state=s1',
		]);
	});

	it('shows a failure with what to do, and starts again with s', async () => {
		const guide = open({initial: withKeyAt('sign-in')});
		await guide.press('s');
		await guide.waitFor('◌ Waiting');
		guide.record.sessions[0]?.fail(
			new CcTokenError('timeout', 'Nothing came back within 5 minutes.', {
				hint: 'Register http://localhost:47325/callback exactly.',
			}),
		);
		const failed = await guide.waitFor('✗ Sign-in failed: Nothing came back within 5 minutes.');
		expect(failed).toContain('Register http://localhost:47325/callback exactly.');
		await guide.press('s');
		await guide.waitFor('◌ Waiting');
		expect(guide.record.sessions).toHaveLength(2);
	});

	it('a new sign-in cancels the old one, whose late answer is ignored', async () => {
		const guide = open({initial: withKeyAt('sign-in')});
		await guide.press('s');
		await guide.waitFor('◌ Waiting');
		await guide.press('s');
		await guide.waitFor(
			(frame) => guide.record.sessions.length === 2 && frame.includes('◌ Waiting'),
		);
		const [first, second] = guide.record.sessions;
		expect(first?.cancelled).toBe(true);
		first?.succeed();
		await guide.press('1');
		await guide.waitFor('Step 1 of 10');
		expect(guide.record.saved).toHaveLength(0);
		second?.succeed();
		await guide.waitFor('Step 9 of 10');
		expect(guide.record.saved).toHaveLength(1);
	});

	it('warns, without failing, when the account cannot be read or no refresh token came', async () => {
		const guide = open({
			initial: withKeyAt('sign-in'),
			services: {
				async fetchAccount() {
					throw new CcTokenError('rate_limited', 'Constant Contact says: too many requests.');
				},
			},
		});
		await guide.press('s');
		await guide.waitFor('◌ Waiting');
		guide.record.sessions[0]?.succeed(tokens(['account_read']));
		await guide.waitFor(
			'Signed in and saved, but the account could not be read: Constant Contact says: too many requests.',
		);
		expect(guide.frame()).toContain('✓ Signed in (token 24 h 0 min left) as API key');
	});

	it('does not ask for the account without account_read', async () => {
		const guide = open({initial: withKeyAt('sign-in')});
		await guide.press('s');
		await guide.waitFor('◌ Waiting');
		guide.record.sessions[0]?.succeed(tokens(['contact_data']));
		await guide.waitFor('the scopes leave out offline_access');
		expect(guide.record.accounts).toEqual([]);
	});
});

describe('copying', () => {
	it('says when it asked the terminal to copy, and when the copy failed', async () => {
		let outcome: Awaited<
			ReturnType<import('../../source/guide/services.js').GuideServices['copy']>
		> = {ok: true, via: 'terminal (OSC 52)'};
		const guide = open({
			initial: withKeyAt('redirect'),
			services: {copy: async () => outcome},
		});
		await guide.press('c');
		await guide.waitFor('Asked the terminal to copy the redirect URI (OSC 52)');
		outcome = {ok: false, reason: 'the text is too long for the terminal'};
		await guide.press('c');
		await guide.waitFor('Could not copy the redirect URI: the text is too long for the terminal');
	});
});

describe('quitting', () => {
	it('q quits at once when nothing is running', async () => {
		const guide = open();
		let exited = false;
		void guide.exited.then(() => {
			exited = true;
		});
		await guide.press('q');
		// No question first, and no other key needed.
		expect(exited).toBe(true);
		expect(guide.frame()).not.toContain('Quit anyway?');
		expect(guide.record.sessions).toEqual([]);
	});

	it('q asks while a sign-in waits; n keeps waiting, y cancels it and quits', async () => {
		const guide = open({initial: withKeyAt('sign-in')});
		await guide.press('s');
		await guide.waitFor('◌ Waiting');
		await guide.press('q');
		await guide.waitFor('A sign-in is still waiting. Quit anyway? (y/n)');
		await guide.press('n');
		await guide.waitFor('Enter paste address');
		expect(guide.record.sessions[0]?.cancelled).toBe(false);
		await guide.press('q', 'y');
		await guide.exited;
		expect(guide.record.sessions[0]?.cancelled).toBe(true);
	});

	it('Ctrl+C quits at once, even from a text field, and cancels the sign-in', async () => {
		const guide = open({initial: withKeyAt('sign-in')});
		await guide.press('s');
		await guide.waitFor('◌ Waiting');
		await guide.press(keys.enter);
		await guide.waitFor('› Address bar:');
		await guide.press(keys.ctrlC);
		await guide.exited;
		expect(guide.record.sessions[0]?.cancelled).toBe(true);
	});
});

describe('the kind of application', () => {
	it('an Authorization Code app: asks for its secret before any sign-in, then sends it', async () => {
		const guide = open({initial: createInitialState({apiKey, kind: 'code'})});
		await guide.press('s');
		await guide.waitFor('Paste the client secret first (step 5)');
		expect(guide.record.sessions).toHaveLength(0);
		await guide.press('5', keys.enter, 'the-secret', keys.enter);
		await guide.waitFor('Step 6 of 10');
		await guide.press('s');
		await guide.waitFor('◌ Waiting');
		expect(guide.record.sessions[0]?.options).toMatchObject({clientSecret: 'the-secret'});
	});

	it('a PKCE app never sends a secret, and d says it needs a Device Flow app', async () => {
		const guide = open({
			initial: createInitialState({apiKey, clientSecret: 'left-over', kind: 'pkce'}),
		});
		await guide.press('d');
		await guide.waitFor('A PKCE Flow app cannot sign in with a code on another device');
		expect(guide.record.sessions).toHaveLength(0);
		await guide.press('s');
		await guide.waitFor('◌ Waiting');
		expect(guide.record.sessions[0]?.options.clientSecret).toBeUndefined();
		expect(guide.record.sessions[0]?.options.routes).toEqual(['loopback', 'paste']);
	});
});

describe('the bottom lines tell the truth', () => {
	it('a failed second attempt does not hide the credentials that are saved', async () => {
		const guide = open({
			initial: createInitialState({
				apiKey,
				credentials: {apiKey, accessToken, accessTokenExpiresAt: now + 3_600_000},
			}),
		});
		await guide.press('s');
		await guide.waitFor('◌ Waiting');
		guide.record.sessions[0]?.fail(new CcTokenError('timeout', 'Nothing came back.'));
		const failed = await guide.waitFor('the last sign-in failed');
		expect(failed).toContain('✓ Signed in (token 1 h 0 min left) · the last sign-in failed');
		expect(failed).not.toContain('✗ Sign-in failed');
		expect(failed).toContain('✗ Nothing came back.');
	});

	it('the quit question goes once the sign-in it was about has finished', async () => {
		const guide = open({initial: withKeyAt('sign-in')});
		await guide.press('s');
		await guide.waitFor('◌ Waiting');
		await guide.press('q');
		await guide.waitFor('A sign-in is still waiting. Quit anyway? (y/n)');
		guide.record.sessions[0]?.succeed();
		const done = await guide.waitFor('Step 9 of 10');
		expect(done).not.toContain('still waiting');
		await guide.press('q');
		await guide.exited;
	});
});

describe('narrow screens', () => {
	it('at 60 columns the API key is not broken across lines', async () => {
		const guide = open({
			columns: 60,
			rows: 20,
			initial: createInitialState({apiKey, credentials: {apiKey, accessToken}}),
		});
		const frame = await guide.waitFor('Step 9 of 10');
		expect(frame).toContain(apiKey);
	});
});

describe('Enter in a field', () => {
	it('is taken once, the same in every field: one step on from the key and from the secret', async () => {
		const guide = open({initial: createInitialState({kind: 'code'})});
		await guide.press('4', keys.enter);
		await guide.waitFor('› API key:');
		await guide.press(apiKey, keys.enter);
		// One step on, and that step did not take the same Enter (it would focus its field).
		const secretStep = await guide.waitFor('Step 5 of 10');
		expect(secretStep).not.toContain('› Secret:');
		await guide.press(keys.enter, 'the-secret', keys.enter);
		await guide.waitFor('Step 6 of 10');
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect(guide.frame()).toContain('Step 6 of 10');
		expect(guide.frame()).not.toContain('› Port:');
	});

	it('typed in one burst with the key, submits the whole key once', async () => {
		const guide = open({initial: createInitialState({kind: 'code'})});
		await guide.press('4', keys.enter);
		await guide.waitFor('› API key:');
		await guide.press(`${apiKey}\r`);
		const secretStep = await guide.waitFor('Step 5 of 10');
		expect(secretStep).not.toContain('› Secret:');
		await guide.press('4');
		expect(await guide.waitFor(`API key: ${apiKey}`)).toContain('✓ That is an API key.');
	});
});

describe('what fields take', () => {
	const bracketedPaste = (text: string) => `\u001B[200~${text}\u001B[201~`;

	it('a pasted secret is masked on the screen, focused or not', async () => {
		const secret = 'Zq7-pasted-secret-4xW';
		const guide = open({initial: createInitialState({kind: 'code'})});
		await guide.press('5');
		await guide.waitFor('Step 5 of 10');
		// Pasted on the step: it goes into the field, which takes the focus.
		await guide.press(bracketedPaste(secret));
		const focused = await guide.waitFor(`› Secret: ${'•'.repeat(secret.length)}`);
		expect(focused).not.toContain(secret);
		await guide.press(keys.escape);
		const left = await guide.waitFor(`  Secret: ${'•'.repeat(secret.length)}`);
		expect(left).not.toContain(secret);
		expect(left).toContain('cc-token will send this secret');
	});

	it('Ctrl+U clears a field, to replace what it holds', async () => {
		const guide = open({initial: withKeyAt('api-key')});
		await guide.waitFor(`API key: ${apiKey}`);
		await guide.press(keys.enter);
		await guide.waitFor(`› API key: ${apiKey}`);
		await guide.press(keys.ctrlU);
		const cleared = await guide.waitFor(/› API key: +│/);
		expect(cleared).not.toContain('That is an API key');
		// Nothing of the key is typed: no “u” either.
		await guide.press('1b2c3d4e');
		expect(await guide.waitFor('(8 of 36 characters)')).toContain('› API key: 1b2c3d4e');
	});

	it('keys typed in one burst are each taken in turn, on what the one before left', async () => {
		const guide = open();
		await guide.press('4', keys.enter);
		await guide.waitFor('› API key:');
		await guide.press(
			`xy${keys.backspace}${keys.backspace}acd${keys.left}${keys.left}b${keys.right}${keys.right}e`,
		);
		await guide.waitFor('› API key: abcde');
	});

	it('← and → move the cursor, and typing goes in there', async () => {
		const guide = open();
		await guide.press('4', keys.enter);
		await guide.waitFor('› API key:');
		await guide.press('acd', keys.left, keys.left, 'b', keys.right, keys.right, 'e');
		await guide.waitFor('› API key: abcde');
	});

	it('a pasted redirect address with a code is taken, on Enter', async () => {
		const guide = open({initial: withKeyAt('sign-in')});
		await guide.press(keys.enter);
		await guide.waitFor('◌ Waiting');
		// Pasted without focusing the box first, the way people do.
		await guide.press(bracketedPaste('https://localhost/callback?code=abc&state=s1'));
		await guide.waitFor('› Address bar: https://localhost/callback?code=abc&state=s1');
		expect(guide.record.sessions[0]?.pasted).toEqual([]);
		await guide.press(keys.enter);
		await guide.waitFor('Step 9 of 10');
		expect(guide.record.sessions[0]?.pasted).toEqual([
			'https://localhost/callback?code=abc&state=s1',
		]);
	});
});
