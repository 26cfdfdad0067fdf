// The one pure reducer: moving between steps, editing fields, choosing in lists, overlays and
// scrolling here; the sign-in's own news in sign-in-state.ts.
import {type AppKind, allScopes, appKinds} from '../../provider/constant-contact.js';
import type {Account, Profile} from '../../store/index.js';
import {currentStep, stepFields} from '../steps.js';
import type {FieldName, GuideState, Notice} from './guide-state.js';
import {type SignInAction, signInReducer} from './sign-in-state.js';
import {stepCount, stepIndex} from './step-order.js';

export type Action =
	| {type: 'go'; step: number}
	| {type: 'move'; delta: 1 | -1}
	| {type: 'focus'; field: FieldName | undefined}
	| {type: 'cycle-focus'; delta: 1 | -1}
	/** A field's new value: typed into it, pasted on its step, or cleared. */
	| {type: 'edit'; field: FieldName; value: string}
	/** The kind under the cursor is the one the application was created with. */
	| {type: 'choose-kind'}
	/** The kind became known some other way. */
	| {type: 'kind'; kind: AppKind}
	| {type: 'toggle-scope'}
	| {type: 'toggle-reveal'}
	| {type: 'overlay'; overlay: GuideState['overlay']}
	| {type: 'notice'; notice: Notice | undefined}
	| {type: 'scroll'; delta: number}
	| {type: 'pane-measured'; rows: number; overflow: number}
	| {type: 'reveal'; top: number; bottom: number}
	| SignInAction
	| {type: 'signed-in'; credentials: Profile}
	| {type: 'account'; account: Account};

function clamp(value: number, min: number, max: number): number {
	return Math.min(max, Math.max(min, value));
}

function goTo(state: GuideState, step: number): GuideState {
	const target = clamp(step, 0, stepCount - 1);
	if (target === state.step) return state;
	return {
		...state,
		step: target,
		furthest: Math.max(state.furthest, target),
		visited: state.visited.includes(target) ? state.visited : [...state.visited, target],
		focus: undefined,
		notice: undefined,
		scroll: 0,
	};
}

function focus(state: GuideState, field: FieldName | undefined): GuideState {
	return field === state.focus ? state : {...state, focus: field};
}

export function reducer(state: GuideState, action: Action): GuideState {
	switch (action.type) {
		case 'go':
			return goTo(state, action.step);
		case 'move': {
			const list = currentStep(state).list;
			if (!list) return state;
			const last = Math.max(0, list.length(state) - 1);
			return {...state, [list.cursor]: clamp(state[list.cursor] + action.delta, 0, last)};
		}
		case 'focus':
			if (action.field !== undefined && !stepFields(state).includes(action.field)) return state;
			return focus(state, action.field);
		case 'cycle-focus': {
			// Tab walks the step's fields and then leaves them, so it never traps the person.
			const order: (FieldName | undefined)[] = [undefined, ...stepFields(state)];
			if (order.length === 1) return state;
			const at = order.indexOf(state.focus);
			return focus(state, order[(at + action.delta + order.length) % order.length]);
		}
		case 'edit':
			if (state.fields[action.field] === action.value) return state;
			return {...state, fields: {...state.fields, [action.field]: action.value}};
		case 'choose-kind': {
			const kind = appKinds[state.kindCursor]!;
			const ready = state.demoApps?.[kind];
			if (!ready) return {...state, kind};
			return {
				...state,
				kind,
				fields: {...state.fields, apiKey: ready.apiKey, clientSecret: ready.clientSecret ?? ''},
			};
		}
		case 'kind': {
			// Learned from the server for the running sign-in: it is what that sign-in used (a
			// public client sent no secret), not a change that makes it stale.
			const started = state.signInInputs;
			const publicClient = action.kind === 'pkce' || action.kind === 'device';
			return {
				...state,
				kind: action.kind,
				kindCursor: appKinds.indexOf(action.kind),
				signInInputs: started && {
					...started,
					kind: action.kind,
					clientSecret: publicClient ? undefined : started.clientSecret,
				},
			};
		}
		case 'toggle-scope': {
			const scope = allScopes[state.scopeCursor]!;
			return {...state, scopes: {...state.scopes, [scope]: !state.scopes[scope]}};
		}
		case 'toggle-reveal':
			return {...state, revealed: !state.revealed};
		case 'overlay':
			// The help and the step scroll apart: each starts at its top.
			return {
				...state,
				overlay: action.overlay,
				scroll: action.overlay === 'help' || state.overlay === 'help' ? 0 : state.scroll,
			};
		case 'notice':
			return {...state, notice: action.notice};
		case 'scroll': {
			const scroll = clamp(state.scroll + action.delta, 0, state.pane.overflow);
			return scroll === state.scroll ? state : {...state, scroll};
		}
		case 'pane-measured': {
			if (action.rows === state.pane.rows && action.overflow === state.pane.overflow) return state;
			const pane = {rows: action.rows, overflow: action.overflow};
			return {...state, pane, scroll: Math.min(state.scroll, pane.overflow)};
		}
		case 'reveal': {
			// The least scrolling that brings those rows into view, their top first.
			let scroll = state.scroll;
			if (action.bottom > scroll + state.pane.rows) scroll = action.bottom - state.pane.rows;
			if (action.top < scroll) scroll = action.top;
			scroll = clamp(scroll, 0, state.pane.overflow);
			return scroll === state.scroll ? state : {...state, scroll};
		}
		case 'signed-in': {
			const moved = goTo(state, stepIndex('credentials'));
			return {
				...moved,
				signIn: {phase: 'idle'},
				credentials: action.credentials,
				signedInHere: true,
				credentialCursor: 0,
				revealed: false,
				fields: {...moved.fields, paste: ''},
				focus: undefined,
				overlay: moved.overlay === 'confirm-quit' ? undefined : moved.overlay,
				notice: {tone: 'success', text: 'Signed in. Your credentials are saved.'},
			};
		}
		case 'account':
			if (!state.credentials) return state;
			return {...state, credentials: {...state.credentials, account: action.account}};
		default:
			return signInReducer(state, action);
	}
}
