import {describe, expect, it} from 'vitest';
import type {KeyPress} from '../../source/guide/key-bindings.js';
import {fitHints, keyHints} from '../../source/guide/key-hints.js';
import {type Command, keyPresses, routeKey} from '../../source/guide/route-key.js';
import {createInitialState, type GuideState} from '../../source/guide/state/guide-state.js';
import {type Action, reducer} from '../../source/guide/state/reducer.js';
import {stepIndex} from '../../source/guide/state/step-order.js';
import {steps} from '../../source/guide/steps.js';
import {accessToken, apiKey, now, setup} from '../helpers/fake-services.js';

const at = (step: string, state = createInitialState({apiKey})) =>
	reducer(state, {type: 'go', step: stepIndex(step as never)});
const waiting = (state: GuideState) =>
	[
		{type: 'sign-in-starting', way: 'browser', redirectUri: 'http://localhost:47325/callback'},
		{type: 'sign-in-waiting', authorizeUrl: 'https://a.example.test/?state=1', deadline: now},
	].reduce((s, action) => reducer(s, action as Action), state);
const press = (state: GuideState, input: string, key: KeyPress = {}) =>
	routeKey(state, setup, input, key);
const go = (step: number): Command => ({type: 'dispatch', action: {type: 'go', step}});

describe('moving between steps', () => {
	it.each([
		['→', '', {rightArrow: true}, [go(1)]],
		['← (never before the first)', '', {leftArrow: true}, [go(0)]],
		['1', '1', {}, [go(0)]],
		['9', '9', {}, [go(8)]],
		['0 (step 10)', '0', {}, [go(9)]],
	] satisfies [string, string, KeyPress, Command[]][])('%s', (_name, input, key, expected) => {
		expect(press(createInitialState(), input, key)).toEqual(expected);
	});
});

describe('a focused text field keeps its keys', () => {
	const focused = reducer(at('api-key'), {type: 'focus', field: 'apiKey'});

	// The field itself (ink-text-input) takes them: the guide does nothing with them, so one
	// Enter is never taken twice.
	it.each([
		['a letter', 'q', {}],
		['a digit', '4', {}],
		['s', 's', {}],
		['?', '?', {}],
		['a paste', apiKey, {}],
		['←', '', {leftArrow: true}],
		['→', '', {rightArrow: true}],
		['Backspace', '', {delete: true}],
		['Enter', '', {return: true}],
	] satisfies [string, string, KeyPress][])('%s is left to the field', (_name, input, key) => {
		expect(press(focused, input, key)).toEqual([]);
	});

	it('Esc leaves the field, Tab moves on', () => {
		expect(press(focused, '', {escape: true})).toEqual([
			{type: 'dispatch', action: {type: 'focus', field: undefined}},
		]);
		expect(press(focused, '', {tab: true})).toEqual([
			{type: 'dispatch', action: {type: 'cycle-focus', delta: 1}},
		]);
	});

	it('Ctrl+C still quits at once', () => {
		expect(press(focused, 'c', {ctrl: true})).toEqual([{type: 'quit', exitCode: 130}]);
	});
});

describe('pasting without focusing first', () => {
	it('puts the text into the step’s field and focuses it, for Enter to take', () => {
		expect(press(at('api-key', createInitialState()), ` ${apiKey} `)).toEqual([
			{type: 'dispatch', action: {type: 'focus', field: 'apiKey'}},
			{type: 'dispatch', action: {type: 'edit', field: 'apiKey', value: apiKey}},
		]);
	});

	it('does nothing on a step without a field', () => {
		expect(press(createInitialState(), 'pasted text')).toEqual([]);
	});
});

describe('keys that arrive together', () => {
	it('are taken one by one on a step without a field', () => {
		expect(keyPresses(createInitialState(), '4q', {})).toEqual([
			['4', {}],
			['q', {}],
		]);
	});

	it('are one paste on a step with a field, and one escape sequence stays whole', () => {
		expect(keyPresses(at('api-key'), 'abc', {})).toEqual([['abc', {}]]);
		expect(keyPresses(createInitialState(), '', {rightArrow: true})).toEqual([
			['', {rightArrow: true}],
		]);
	});
});

describe('quitting', () => {
	it('q quits when nothing is running', () => {
		expect(press(createInitialState(), 'q')).toEqual([{type: 'quit', exitCode: 0}]);
	});

	it('q asks first while a sign-in waits; y quits, n and Esc stay, other keys do nothing', () => {
		const asked = waiting(at('scopes'));
		expect(press(asked, 'q')).toEqual([
			{type: 'dispatch', action: {type: 'overlay', overlay: 'confirm-quit'}},
		]);
		const confirming = reducer(asked, {type: 'overlay', overlay: 'confirm-quit'});
		expect(press(confirming, 'y')).toEqual([{type: 'quit', exitCode: 0}]);
		const stay = [{type: 'dispatch', action: {type: 'overlay', overlay: undefined}}];
		expect(press(confirming, 'n')).toEqual(stay);
		expect(press(confirming, '', {escape: true})).toEqual(stay);
		expect(press(confirming, '', {rightArrow: true})).toEqual([]);
	});
});

describe('step keys', () => {
	it('o opens the portal on the portal step, and the live address on the sign-in step', () => {
		expect(press(at('portal'), 'o')).toEqual([
			{type: 'open', url: setup.portalUrl, label: 'the developer portal'},
		]);
		expect(press(at('sign-in'), 'o')[0]).toMatchObject({
			action: {
				notice: {text: 'Start the sign-in first: Enter or s (or d for a code on another device).'},
			},
		});
		expect(press(waiting(at('sign-in')), 'o')).toEqual([
			{type: 'open', url: 'https://a.example.test/?state=1', label: 'the sign-in page'},
		]);
	});

	it('c copies the redirect URI, the address, the selected credential or command', () => {
		expect(press(at('redirect'), 'c')).toEqual([
			{type: 'copy', text: 'http://localhost:47325/callback', label: 'the redirect URI'},
		]);
		expect(press(waiting(at('sign-in')), 'c')).toEqual([
			{type: 'copy', text: 'https://a.example.test/?state=1', label: 'the sign-in address'},
		]);
		const signedIn = createInitialState({apiKey, credentials: {apiKey, accessToken}});
		const second = reducer(at('credentials', signedIn), {type: 'move', delta: 1});
		expect(press(second, 'c')).toEqual([
			{type: 'copy', text: accessToken, label: 'the access token'},
		]);
		expect(press(at('use-it'), 'c')).toEqual([
			{type: 'copy', text: 'eval "$(cc-token env)"', label: 'the command'},
		]);
		expect(press(createInitialState(), 'c')[0]).toMatchObject({
			action: {notice: {text: 'Nothing to copy on this step.'}},
		});
	});

	it('Enter does what the step offers', () => {
		expect(press(createInitialState(), '', {return: true})).toEqual([go(1)]);
		expect(press(at('api-key'), '', {return: true})).toEqual([
			{type: 'dispatch', action: {type: 'focus', field: 'apiKey'}},
		]);
		expect(press(at('scopes'), '', {return: true})).toEqual([
			{type: 'dispatch', action: {type: 'toggle-scope'}},
		]);
		expect(press(at('sign-in'), '', {return: true})).toEqual([
			{type: 'start-sign-in', way: 'browser'},
		]);
		expect(press(waiting(at('sign-in')), '', {return: true})).toEqual([
			{type: 'dispatch', action: {type: 'focus', field: 'paste'}},
		]);
	});

	it('Space toggles scopes, r reveals only on the credentials step, s starts from anywhere', () => {
		expect(press(at('scopes'), ' ')).toEqual([{type: 'dispatch', action: {type: 'toggle-scope'}}]);
		expect(press(at('portal'), ' ')).toEqual([]);
		expect(press(at('credentials'), 'r')).toEqual([
			{type: 'dispatch', action: {type: 'toggle-reveal'}},
		]);
		expect(press(at('portal'), 'r')).toEqual([]);
		expect(press(createInitialState(), 's')).toEqual([{type: 'start-sign-in', way: 'browser'}]);
		expect(press(at('portal'), 'd')).toEqual([{type: 'start-sign-in', way: 'device'}]);
	});

	it('? opens the help, and any key closes it', () => {
		expect(press(createInitialState(), '?')).toEqual([
			{type: 'dispatch', action: {type: 'overlay', overlay: 'help'}},
		]);
		const help = reducer(createInitialState(), {type: 'overlay', overlay: 'help'});
		expect(press(help, 'x')).toEqual([
			{type: 'dispatch', action: {type: 'overlay', overlay: undefined}},
		]);
	});
});

describe('the keys line', () => {
	it('says what works here', () => {
		const line = (state: GuideState) => fitHints(keyHints(state, setup), 200);
		expect(line(at('scopes'))).toContain('Space toggle');
		expect(line(reducer(at('api-key'), {type: 'focus', field: 'apiKey'}))).toContain(
			'Esc leave the field',
		);
		expect(line(reducer(createInitialState(), {type: 'overlay', overlay: 'confirm-quit'}))).toBe(
			'y quit · n keep waiting',
		);
	});
});

describe('hints that fit', () => {
	const hints = [
		{text: 'c copy', rank: 90},
		{text: 'Enter change port', rank: 70},
		{text: 'o open', rank: 45},
		{text: '←→ steps', rank: 60},
		{text: 's sign in', rank: 30},
		{text: '? help', rank: Number.POSITIVE_INFINITY},
		{text: 'q quit', rank: Number.POSITIVE_INFINITY},
	];

	it('keeps them all when there is room', () => {
		expect(fitHints(hints, 200)).toBe(
			'c copy · Enter change port · o open · ←→ steps · s sign in · ? help · q quit',
		);
	});

	it('drops the lowest ranks first, keeping the order of the rest', () => {
		expect(fitHints(hints, 60)).toBe('c copy · Enter change port · ←→ steps · ? help · q quit');
		expect(fitHints(hints, 30)).toBe('c copy · ? help · q quit');
	});

	it('never drops help and quit, however narrow', () => {
		expect(fitHints(hints, 5)).toBe('? help · q quit');
	});

	it.each([80, 60])('every step’s line ends with “? help · q quit” at %i columns', (width) => {
		for (const step of steps) {
			const state = reducer(createInitialState({apiKey}), {type: 'go', step: stepIndex(step.id)});
			const line = fitHints(keyHints(state, setup), width - 2);
			expect(line.endsWith('? help · q quit')).toBe(true);
			expect(line.length).toBeLessThanOrEqual(width - 2);
		}
	});
});
