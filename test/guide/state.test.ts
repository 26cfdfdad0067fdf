import {describe, expect, it} from 'vitest';
import {credentialRows} from '../../source/guide/state/credentials.js';
import {
	createInitialState,
	type GuideState,
	prefillFrom,
} from '../../source/guide/state/guide-state.js';
import {
	apiKeyCheck,
	portProblem,
	redirectUri,
	selectedScopes,
} from '../../source/guide/state/inputs.js';
import {signInBlocker, signInWay} from '../../source/guide/state/readiness.js';
import {type Action, reducer} from '../../source/guide/state/reducer.js';
import {staleInputs} from '../../source/guide/state/stale.js';
import {stepIndex, stepNumber} from '../../source/guide/state/step-order.js';
import {stepAfter, steps} from '../../source/guide/steps.js';
import {accessToken, apiKey, now, refreshToken} from '../helpers/fake-services.js';

const run = (state: GuideState, ...actions: Action[]) => actions.reduce(reducer, state);
const withKey = () => createInitialState({apiKey});

describe('navigation', () => {
	it.each([
		['next from the first step', [{type: 'go', step: 1}], 1],
		['never before the first step', [{type: 'go', step: -1}], 0],
		['never past the last step', [{type: 'go', step: 42}], 9],
		['jumps anywhere', [{type: 'go', step: 7}], 7],
	] satisfies [string, Action[], number][])('%s', (_name, actions, step) => {
		expect(run(createInitialState(), ...actions).step).toBe(step);
	});

	it('leaves a focused field and clears the notice when the step changes', () => {
		const state = run(
			createInitialState(),
			{type: 'go', step: stepIndex('api-key')},
			{type: 'focus', field: 'apiKey'},
			{type: 'notice', notice: {tone: 'info', text: 'hello'}},
			{type: 'go', step: 4},
		);
		expect(state.focus).toBeUndefined();
		expect(state.notice).toBeUndefined();
		expect(state.furthest).toBe(4);
	});

	it('focuses only the fields of the current step, and Tab leaves them again', () => {
		const onIntro = run(createInitialState(), {type: 'focus', field: 'apiKey'});
		expect(onIntro.focus).toBeUndefined();
		const onKey = run(createInitialState(), {type: 'go', step: stepIndex('api-key')});
		const tabbed = run(onKey, {type: 'cycle-focus', delta: 1});
		expect(tabbed.focus).toBe('apiKey');
		expect(run(tabbed, {type: 'cycle-focus', delta: 1}).focus).toBeUndefined();
	});

	it('offers the paste box only while a sign-in waits', () => {
		const onSignIn = run(withKey(), {type: 'go', step: stepIndex('sign-in')});
		expect(run(onSignIn, {type: 'focus', field: 'paste'}).focus).toBeUndefined();
		const waiting = run(
			onSignIn,
			{type: 'sign-in-starting', way: 'browser', redirectUri: 'http://localhost:47325/callback'},
			{type: 'sign-in-waiting', authorizeUrl: 'https://a.example.test/', deadline: now},
		);
		expect(run(waiting, {type: 'focus', field: 'paste'}).focus).toBe('paste');
	});
});

describe('the redirect URI and its port', () => {
	it.each([
		['http://localhost:47325/callback', '8080', 'http://localhost:8080/callback', undefined],
		['http://127.0.0.1:47325/cb?x=1', '50000', 'http://127.0.0.1:50000/cb?x=1', undefined],
		['http://[::1]:47325/callback', '2000', 'http://[::1]:2000/callback', undefined],
		// The portal default has no port: left exactly as registered, with no slash added.
		['https://localhost', '', 'https://localhost', undefined],
		['http://localhost:47325/callback', '80', 'http://localhost:47325/callback', 'from 1024'],
		['http://localhost:47325/callback', '70000', 'http://localhost:47325/callback', 'from 1024'],
		['http://localhost:47325/callback', 'abc', 'http://localhost:47325/callback', '“abc”'],
		['http://localhost:47325/callback', '', 'http://localhost:47325/callback', 'from 1024'],
	])('%s with port “%s” → %s', (base, port, expected, problem) => {
		const state = run(createInitialState({redirectUri: base}), {
			type: 'edit',
			field: 'port',
			value: port,
		});
		expect(redirectUri(state)).toBe(expected);
		if (problem) expect(portProblem(state)).toContain(problem);
		else expect(portProblem(state)).toBeUndefined();
	});
});

describe('scopes', () => {
	it('starts with every scope and toggles the one under the cursor', () => {
		const state = createInitialState();
		expect(selectedScopes(state)).toEqual([
			'account_read',
			'account_update',
			'contact_data',
			'campaign_data',
			'offline_access',
		]);
		const toggled = run(
			state,
			{type: 'go', step: stepIndex('scopes')},
			{type: 'move', delta: 1},
			{type: 'move', delta: 1},
			{type: 'toggle-scope'},
		);
		expect(selectedScopes(toggled)).not.toContain('contact_data');
		expect(run(toggled, {type: 'move', delta: 1}).scopeCursor).toBe(3);
	});

	it('keeps the cursor inside the list', () => {
		const state = run(
			createInitialState(),
			{type: 'go', step: stepIndex('scopes')},
			{
				type: 'move',
				delta: -1,
			},
		);
		expect(state.scopeCursor).toBe(0);
	});
});

describe('what stands in the way of a sign-in', () => {
	it.each([
		['no API key', createInitialState(), 'Paste your API key first (step 4).'],
		['a broken API key', createInitialState({apiKey: '1b2c3d4e'}), 'Check the API key first'],
		[
			'a bad port',
			run(withKey(), {type: 'edit', field: 'port', value: '99'}),
			'Fix the redirect port first (step 6)',
		],
		[
			'a redirect URI cc-token cannot finish on',
			createInitialState({apiKey, redirectUri: 'https://example.com/callback'}),
			'Fix the redirect URI first (step 6)',
		],
		[
			'no scope',
			run(
				withKey(),
				{type: 'go', step: stepIndex('scopes')},
				...[0, 1, 2, 3, 4].flatMap((): Action[] => [
					{type: 'toggle-scope'},
					{type: 'move', delta: 1},
				]),
			),
			'Choose at least one scope first (step 7).',
		],
	])('%s', (_name, state, expected) => {
		expect(signInBlocker(state)).toContain(expected);
	});

	it('nothing once the key is right', () => {
		expect(signInBlocker(withKey())).toBeUndefined();
	});
});

describe('the sign-in as the reducer sees it', () => {
	const uri = 'http://localhost:47325/callback';
	const waiting = run(
		withKey(),
		{type: 'sign-in-starting', way: 'browser', redirectUri: uri},
		{type: 'sign-in-listening', address: uri},
		{
			type: 'sign-in-waiting',
			authorizeUrl: 'https://a.example.test/?state=1',
			deadline: now + 1000,
		},
	);

	it('carries what the engine reported while starting into the wait', () => {
		expect(waiting.signIn).toMatchObject({
			phase: 'waiting',
			listening: uri,
			authorizeUrl: 'https://a.example.test/?state=1',
			exchanging: false,
		});
	});

	it('ignores late news once the sign-in is over', () => {
		const failed = run(waiting, {
			type: 'sign-in-failed',
			message: 'Timed out.',
			hint: 'Try again.',
		});
		expect(run(failed, {type: 'sign-in-browser', message: 'late'})).toBe(failed);
		expect(run(failed, {type: 'sign-in-exchanging'})).toBe(failed);
	});

	it('keeps a rejected paste next to the paste box until the exchange starts', () => {
		const rejected = run(waiting, {type: 'paste-rejected', problem: 'No code in it.'});
		expect(rejected.signIn).toMatchObject({pasteProblem: 'No code in it.'});
		expect(run(rejected, {type: 'sign-in-exchanging'}).signIn).toMatchObject({
			exchanging: true,
			pasteProblem: undefined,
		});
	});

	it('jumps to the credentials, hidden, when signed in', () => {
		const state = run(
			{...waiting, revealed: true, fields: {...waiting.fields, paste: 'https://x'}},
			{type: 'signed-in', credentials: {apiKey, accessToken, refreshToken}},
		);
		expect(state.step).toBe(stepIndex('credentials'));
		expect(state.signIn).toEqual({phase: 'idle'});
		expect(state.revealed).toBe(false);
		expect(state.fields.paste).toBe('');
		expect(state.notice?.tone).toBe('success');
	});
});

describe('done marks, derived', () => {
	const done = (state: GuideState) => steps.map((step) => step.done(state));

	it('nothing is done at the start', () => {
		expect(done(createInitialState())).toEqual(Array(10).fill(false));
	});

	it('reading steps are done once passed, the others once their condition holds', () => {
		// A step jumped over was never read: no ✓.
		expect(done(run(createInitialState(), {type: 'go', step: 3})).slice(0, 4)).toEqual([
			true,
			false,
			false,
			false,
		]);
		const state = run(
			createInitialState(),
			{type: 'go', step: 1},
			{type: 'go', step: 2},
			{type: 'go', step: 3},
		);
		// Passing the create-app step does not say which flow the application has.
		expect(done(state).slice(0, 4)).toEqual([true, true, false, false]);
		const keyed = run(state, {type: 'edit', field: 'apiKey', value: apiKey});
		expect(done(keyed)[3]).toBe(true);
		// The secret step is done only by a secret, and only an Authorization Code app has one.
		expect(done(keyed)[stepIndex('secret')]).toBe(false);
		const code = run(keyed, {type: 'kind', kind: 'code'});
		expect(done(code)[stepIndex('create-app')]).toBe(true);
		expect(
			done(run(code, {type: 'edit', field: 'clientSecret', value: 's3cret'}))[stepIndex('secret')],
		).toBe(true);
	});

	it('the sign-in and credentials steps are done once there are tokens', () => {
		const state = createInitialState({apiKey, credentials: {apiKey, accessToken}});
		expect(done(state).slice(7, 9)).toEqual([true, true]);
	});
});

describe('credential rows', () => {
	it('lists what the profile has, marking the tokens secret', () => {
		const state = createInitialState({
			credentials: {
				apiKey,
				accessToken,
				refreshToken,
				accessTokenExpiresAt: now,
				account: {name: 'Maya Okafor', email: 'maya@bakery.example'},
			},
		});
		expect(credentialRows(state).map((row) => [row.label, row.secret])).toEqual([
			['API key', false],
			['Access token', true],
			['Refresh token', true],
			['Expires', false],
			['Account', false],
		]);
		expect(credentialRows(state)[4]?.value).toBe('Maya Okafor <maya@bakery.example>');
	});
});

describe('prefill', () => {
	const stored = {
		apiKey,
		clientSecret: 'stored-secret',
		redirectUri: 'http://127.0.0.1:50000/callback',
		scopes: ['account_read', 'offline_access'],
		accessToken,
	};

	it('takes the stored profile', () => {
		expect(prefillFrom({}, stored)).toEqual({
			apiKey,
			clientSecret: 'stored-secret',
			redirectUri: 'http://127.0.0.1:50000/callback',
			scopes: ['account_read', 'offline_access'],
			credentials: stored,
		});
	});

	it('prefers the environment, and drops a stored secret that belongs to another key', () => {
		const other = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
		expect(prefillFrom({CC_CLIENT_ID: other}, stored)).toMatchObject({
			apiKey: other,
			clientSecret: undefined,
			redirectUri: undefined,
		});
		expect(
			prefillFrom(
				{
					CC_CLIENT_ID: apiKey,
					CC_CLIENT_SECRET: 'env-secret',
					CC_REDIRECT_URI: 'https://localhost',
				},
				stored,
			),
		).toMatchObject({clientSecret: 'env-secret', redirectUri: 'https://localhost'});
	});

	it('shows no credentials for a profile without tokens', () => {
		expect(prefillFrom({}, {apiKey}).credentials).toBeUndefined();
	});
});

describe('step numbers come from the steps’ order', () => {
	it('numbers each step by its place, and the prose names the numbers of today’s order', () => {
		for (const [index, step] of steps.entries()) expect(stepNumber(step.id)).toBe(index + 1);
		expect(signInBlocker(createInitialState())).toBe(
			`Paste your API key first (step ${stepNumber('api-key')}).`,
		);
		const redirect = steps[stepIndex('redirect')]!;
		expect(redirect.note).toContain(`paste its address in step ${stepNumber('sign-in')}`);
	});

	it('opens at the credentials when the profile is already signed in', () => {
		const state = createInitialState({apiKey, credentials: {apiKey, accessToken}});
		expect(steps[state.step]?.id).toBe('credentials');
		expect(createInitialState({apiKey}).step).toBe(0);
	});
});

describe('the steps follow the kind of application', () => {
	const at = (state: GuideState, id: Parameters<typeof stepIndex>[0]) =>
		run(state, {type: 'go', step: stepIndex(id)});
	const chosen = (kind: 'code' | 'pkce' | 'device') =>
		run(createInitialState({apiKey}), {type: 'kind', kind});
	const skipped = (state: GuideState) =>
		steps.filter((step) => step.skipped?.(state)).map((step) => step.id);

	it('offers the three flows of the portal, PKCE first, and Enter picks the one under the cursor', () => {
		const onCreate = at(createInitialState(), 'create-app');
		expect(onCreate.kind).toBeUndefined();
		const picked = run(onCreate, {type: 'move', delta: 1}, {type: 'choose-kind'});
		expect(picked.kind).toBe('device');
		expect(run(onCreate, {type: 'choose-kind'}).kind).toBe('pkce');
	});

	it('skips the secret for public clients and the redirect URI for a device app', () => {
		expect(skipped(createInitialState())).toEqual([]);
		expect(skipped(chosen('code'))).toEqual([]);
		expect(skipped(chosen('pkce'))).toEqual(['secret']);
		expect(skipped(chosen('device'))).toEqual(['secret', 'redirect']);
	});

	it('→ and ← pass over the skipped steps', () => {
		const device = at(chosen('device'), 'api-key');
		expect(steps[stepAfter(device, 1)]?.id).toBe('scopes');
		expect(steps[stepAfter(at(chosen('device'), 'scopes'), -1)]?.id).toBe('api-key');
		expect(steps[stepAfter(at(chosen('code'), 'api-key'), 1)]?.id).toBe('secret');
	});

	it('an Authorization Code app needs its secret before it signs in', () => {
		expect(signInBlocker(chosen('code'))).toBe(
			`Paste the client secret first (step ${stepNumber('secret')}): an Authorization Code Flow and Implicit Flow app cannot sign in without it.`,
		);
		expect(signInBlocker(chosen('pkce'))).toBeUndefined();
	});

	it('a device app signs in by code, whatever was asked; the others never by code', () => {
		expect(signInWay(chosen('device'), 'browser')).toBe('device');
		expect(signInWay(chosen('pkce'), 'browser')).toBe('browser');
		// A device app has no redirect URI, so a broken port does not stand in its way.
		const badPort = run(chosen('device'), {type: 'edit', field: 'port', value: '1'});
		expect(signInBlocker(badPort, 'browser')).toBeUndefined();
		expect(signInBlocker(chosen('pkce'), 'device')).toContain(
			'A PKCE Flow app cannot sign in with a code on another device',
		);
		expect(signInBlocker(createInitialState({apiKey}), 'device')).toBeUndefined();
	});

	it('the demo fills in its application of the kind chosen', () => {
		const demo = createInitialState({
			kind: 'code',
			apiKey,
			clientSecret: 'code-secret',
			demoApps: {code: {apiKey, clientSecret: 'code-secret'}, pkce: {apiKey: 'pkce-key'}},
		});
		const pkce = run(
			demo,
			{type: 'go', step: stepIndex('create-app')},
			{type: 'move', delta: -1},
			{type: 'move', delta: -1},
			{type: 'choose-kind'},
		);
		expect(pkce.kind).toBe('pkce');
		expect(pkce.fields).toMatchObject({apiKey: 'pkce-key', clientSecret: ''});
	});
});

describe('an API key as people paste it', () => {
	it.each([
		['upper case', '6F1D2C8E-3B7A-4E5F-9A0C-8D4B2E6F1A37'],
		['with blanks around and inside', ' 6f1d2c8e-3b7a-4e5f-\n9a0c-8d4b2e6f1a37 '],
		['in quotes', '"6F1D2C8E-3B7A-4E5F-9A0C-8D4B2E6F1A37"'],
	])('%s is judged as the key itself, lower-cased', (_name, typed) => {
		const state = run(createInitialState(), {type: 'edit', field: 'apiKey', value: typed});
		expect(apiKeyCheck(state)).toEqual({ok: true, apiKey: '6f1d2c8e-3b7a-4e5f-9a0c-8d4b2e6f1a37'});
	});
});

describe('a stale sign-in', () => {
	const started = (state: GuideState) =>
		run(
			state,
			{
				type: 'sign-in-asked',
				inputs: {
					apiKey,
					clientSecret: 'left-over',
					redirectUri: 'http://localhost:47325/callback',
					scopes: selectedScopes(state),
				},
			},
			{type: 'sign-in-starting', way: 'browser', redirectUri: 'http://localhost:47325/callback'},
		);
	const withSecret = run(createInitialState({apiKey}), {
		type: 'edit',
		field: 'clientSecret',
		value: 'left-over',
	});

	it('is not stale when the server names the kind (a public client sends no secret)', () => {
		expect(staleInputs(run(started(withSecret), {type: 'kind', kind: 'pkce'}))).toEqual([]);
	});

	it('names what the person changed', () => {
		const changed = run(started(withSecret), {type: 'edit', field: 'port', value: '8080'});
		expect(staleInputs(changed)).toEqual(['the redirect URI']);
	});
});
