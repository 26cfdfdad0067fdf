import type {GuideSetup} from '../services.js';
import type {FieldName, GuideState} from '../state.js';

/** What every step's pane receives from the app. */
export interface PaneProps {
	state: GuideState;
	setup: GuideSetup;
	now: () => number;
	edit(field: FieldName, value: string): void;
	submit(field: FieldName): void;
}
