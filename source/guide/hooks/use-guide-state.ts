// The guide's state in a tiny container around the pure reducer. Key presses that arrive in
// one chunk are routed one after another before React renders again, so the router must see
// the state each previous key left behind: `latest()` gives exactly that.
import {useCallback, useState, useSyncExternalStore} from 'react';
import type {GuideState} from '../state/guide-state.js';
import {type Action, reducer} from '../state/reducer.js';

function createContainer(initial: GuideState) {
	let state = initial;
	const listeners = new Set<() => void>();
	return {
		latest: () => state,
		dispatch(action: Action) {
			const next = reducer(state, action);
			if (next === state) return;
			state = next;
			for (const listener of listeners) listener();
		},
		subscribe(listener: () => void) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
	};
}

export type Dispatch = (action: Action) => void;

export function useGuideState(initial: GuideState): {
	state: GuideState;
	dispatch: Dispatch;
	latest: () => GuideState;
} {
	const [container] = useState(() => createContainer(initial));
	const state = useSyncExternalStore(container.subscribe, container.latest);
	const dispatch = useCallback<Dispatch>((action) => container.dispatch(action), [container]);
	return {state, dispatch, latest: container.latest};
}
