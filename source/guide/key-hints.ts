// The bottom line: the keys that work right now, named from the binding table, the step's own
// first. Each hint has a rank; when the window is too narrow the lowest go first, and the way
// to help and out ("? help · q quit") always stays.
import {type KeyContext, keyLabel} from './key-bindings.js';
import type {KeyCommand} from './key-command.js';
import type {GuideState} from './state/guide-state.js';
import {currentStep, type Hint, type StepContext, stepFields, stepLink} from './steps.js';

export interface ShownHint {
	text: string;
	/** Higher stays longer; Infinity always stays. */
	rank: number;
}

const separator = ' · ';

const hint = (
	command: KeyCommand,
	words: string,
	rank: number,
	context: KeyContext = 'steps',
): ShownHint => ({text: `${keyLabel(command, context)} ${words}`, rank});

const shown = ({command, words, rank}: Hint): ShownHint => hint(command, words, rank);

export function keyHints(state: GuideState, context: StepContext): ShownHint[] {
	if (state.overlay === 'confirm-quit') {
		return [
			hint('yes', 'quit', Infinity, 'confirm'),
			hint('no', 'keep waiting', Infinity, 'confirm'),
		];
	}
	const pages = `${keyLabel('page-up')}/${keyLabel('page-down')}`;
	if (state.overlay === 'help') {
		return state.pane.overflow > 0
			? [
					{text: `↑↓ ${pages} scroll`, rank: 85},
					{text: 'any other key closes the help', rank: Infinity},
				]
			: [{text: 'any key closes the help', rank: Infinity}];
	}
	if (state.focus) {
		return [
			{text: 'typing', rank: 10},
			hint('submit', 'done', 80, 'field'),
			hint('leave-field', 'leave the field', Infinity, 'field'),
			...(stepFields(state).length > 1 ? [hint('next-field', 'next field', 60, 'field')] : []),
			hint('clear-field', 'clear', 40, 'field'),
			...(state.pane.overflow > 0 ? [{text: `${pages} scroll`, rank: 85}] : []),
		];
	}
	const step = currentStep(state);
	const here = step.hints(state).map((each) =>
		// The step's ↓ chooses in its list: it is named as both arrows.
		each.command === 'down' ? {text: `↑↓ ${each.words}`, rank: each.rank} : shown(each),
	);
	// While the step is cut, the keys that scroll it stay named, ahead of all but its main keys:
	// PgUp/PgDn always scroll; ↑↓ too where they choose in no list.
	if (state.pane.overflow > 0) {
		here.push({text: step.list ? `${pages} scroll` : `↑↓ ${pages} scroll`, rank: 85});
	}
	if (step.id !== 'sign-in' && stepLink(state, context)) here.push(hint('open', 'open', 45));
	return [
		...here,
		{text: `${keyLabel('previous-step')}${keyLabel('next-step')} steps`, rank: 60},
		...(step.id === 'sign-in' ? [] : [hint('sign-in', 'sign in', 30)]),
		hint('help', 'help', Infinity),
		hint('quit', 'quit', Infinity),
	];
}

/** The hints that fit the width, in their order, dropping the lowest ranks first. */
export function fitHints(hints: readonly ShownHint[], width: number): string {
	const kept = [...hints];
	const length = () =>
		kept.reduce((sum, each) => sum + [...each.text].length, 0) +
		separator.length * Math.max(0, kept.length - 1);
	while (length() > width) {
		let lowest = -1;
		for (const [index, each] of kept.entries()) {
			if (each.rank === Infinity) continue;
			// Of equal ranks, the one further right goes first.
			if (lowest === -1 || each.rank <= kept[lowest]!.rank) lowest = index;
		}
		if (lowest === -1) break;
		kept.splice(lowest, 1);
	}
	return kept.map((each) => each.text).join(separator);
}
