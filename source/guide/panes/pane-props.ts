import type {GuideSetup} from '../services.js';
import type {GuideState} from '../state/guide-state.js';

/** What every step's pane receives from the app. */
export interface PaneProps {
	state: GuideState;
	setup: GuideSetup;
	now: () => number;
}
