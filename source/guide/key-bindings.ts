// Every key the guide knows, in one table: the router looks keys up here, the bottom line names
// them from here, and the help overlay lists them from here, so the three cannot disagree.
import type {Key} from 'ink';
import type {KeyCommand} from './key-command.js';
import {stepCount, stepNumber} from './state/step-order.js';

/** The subset of ink's Key the router looks at, so tests can write keys briefly. */
export type KeyPress = Partial<
	Pick<
		Key,
		| 'upArrow'
		| 'downArrow'
		| 'leftArrow'
		| 'rightArrow'
		| 'return'
		| 'escape'
		| 'ctrl'
		| 'shift'
		| 'tab'
		| 'meta'
		| 'pageUp'
		| 'pageDown'
		| 'home'
		| 'end'
		| 'backspace'
		| 'delete'
	>
>;

type NamedKey = Exclude<keyof KeyPress, 'ctrl' | 'shift' | 'meta'>;

/** One way to press a key: a typed character (or pattern) or a named key, with modifiers. */
interface KeySpec {
	input?: string | RegExp;
	name?: NamedKey;
	ctrl?: boolean;
	meta?: boolean;
	shift?: boolean;
}

/** Where a binding works: on the steps, in a focused text field, or in the quit question. */
export type KeyContext = 'steps' | 'field' | 'confirm';

export interface KeyBinding {
	command: KeyCommand;
	context: KeyContext | 'anywhere';
	keys: KeySpec[];
	/** How the bottom line and the help name the key. */
	label: string;
	/** What the help overlay says it does; bindings without one are not listed there. */
	help?: string;
}

const lastDigit = stepCount % 10;

export const keyBindings: readonly KeyBinding[] = [
	// The quit question.
	{command: 'yes', context: 'confirm', keys: [{input: 'y'}, {input: 'Y', shift: true}], label: 'y'},
	{
		command: 'no',
		context: 'confirm',
		keys: [{input: 'n'}, {input: 'N', shift: true}, {name: 'escape'}],
		label: 'n',
	},
	// The steps.
	{
		command: 'previous-step',
		context: 'steps',
		keys: [{name: 'leftArrow'}],
		label: '←',
		help: 'previous / next step',
	},
	{
		command: 'next-step',
		context: 'steps',
		keys: [{name: 'rightArrow'}],
		label: '→',
		help: 'previous / next step',
	},
	{
		command: 'jump',
		context: 'steps',
		keys: [{input: /^[0-9]$/}],
		label: stepCount > 9 ? `1–9, ${lastDigit}` : `1–${stepCount}`,
		help:
			stepCount > 9
				? `jump to a step (${lastDigit} is step ${stepCount})`
				: 'jump to a step by its number',
	},
	{
		command: 'up',
		context: 'steps',
		keys: [{name: 'upArrow'}],
		label: '↑',
		help: 'choose within a step (a list), or scroll a long step',
	},
	{
		command: 'down',
		context: 'steps',
		keys: [{name: 'downArrow'}],
		label: '↓',
		help: 'choose within a step (a list), or scroll a long step',
	},
	{
		command: 'page-up',
		context: 'steps',
		keys: [{name: 'pageUp'}],
		label: 'PgUp',
		help: 'scroll a step that does not fit the window, a page at a time',
	},
	{
		command: 'page-down',
		context: 'steps',
		keys: [{name: 'pageDown'}],
		label: 'PgDn',
		help: 'scroll a step that does not fit the window, a page at a time',
	},
	{
		command: 'enter',
		context: 'steps',
		keys: [{name: 'return'}],
		label: 'Enter',
		help: 'do what the step offers: type, choose, start, copy',
	},
	{
		command: 'toggle',
		context: 'steps',
		keys: [{input: ' '}],
		label: 'Space',
		help: 'turn the chosen scope on or off; pick the chosen flow',
	},
	{
		command: 'open',
		context: 'steps',
		keys: [{input: 'o'}],
		label: 'o',
		help: 'open the step’s link in your browser',
	},
	{
		command: 'copy',
		context: 'steps',
		keys: [{input: 'c'}],
		label: 'c',
		help: 'copy what the step shows (redirect URI, address, code, credential, command)',
	},
	{
		command: 'reveal',
		context: 'steps',
		keys: [{input: 'r'}],
		label: 'r',
		help: `show or hide the tokens in step ${stepNumber('credentials')}`,
	},
	{
		command: 'whole-values',
		context: 'steps',
		keys: [{input: 'w'}],
		label: 'w',
		help: 'show each value whole on its own line, for selecting with the mouse (the credentials, the sign-in address)',
	},
	{
		command: 'sign-in',
		context: 'steps',
		keys: [{input: 's'}],
		label: 's',
		help: 'sign in, from any step (again: start over)',
	},
	{
		command: 'sign-in-device',
		context: 'steps',
		keys: [{input: 'd'}],
		label: 'd',
		help: 'sign in with a code on another device: no redirect URI needed',
	},
	{
		command: 'help',
		context: 'steps',
		keys: [{input: '?'}],
		label: '?',
		help: 'show or hide this help',
	},
	{
		command: 'dismiss',
		context: 'steps',
		keys: [{name: 'escape'}],
		label: 'Esc',
		help: 'clear the message at the bottom',
	},
	{
		command: 'quit',
		context: 'steps',
		keys: [{input: 'q'}],
		label: 'q',
		help: 'quit (asks first while a sign-in waits)',
	},
	{
		command: 'interrupt',
		context: 'anywhere',
		keys: [{input: 'c', ctrl: true}],
		label: 'Ctrl+C',
		help: 'quit at once, from anywhere (exit code 130)',
	},
	// Both places: fields and steps.
	{
		command: 'next-field',
		context: 'anywhere',
		keys: [{name: 'tab', shift: false}],
		label: 'Tab',
		help: 'move between a step’s text fields (Shift+Tab: back)',
	},
	{
		command: 'previous-field',
		context: 'anywhere',
		keys: [{name: 'tab', shift: true}],
		label: 'Shift+Tab',
	},
	// A focused text field. ink-text-input takes the typing, ← →, Backspace and Enter (through
	// its onSubmit), Ctrl+U clears it (filtered-stdin.ts); these name them for the help and
	// the bottom line, and the router leaves them to the field.
	{
		command: 'submit',
		context: 'field',
		keys: [{name: 'return'}],
		label: 'Enter',
		help: 'take what is typed (the same in every field)',
	},
	{
		command: 'leave-field',
		context: 'field',
		keys: [{name: 'escape'}],
		label: 'Esc',
		help: 'leave the field, keeping what is typed',
	},
	{
		command: 'move-cursor',
		context: 'field',
		keys: [{name: 'leftArrow'}, {name: 'rightArrow'}],
		label: '← →',
		help: 'move the cursor (without colours it stays at the end, where ▏ shows it)',
	},
	{
		command: 'delete-back',
		context: 'field',
		keys: [{name: 'backspace'}, {name: 'delete'}],
		label: 'Backspace',
		help: 'delete the character before the cursor',
	},
	{
		command: 'clear-field',
		context: 'field',
		keys: [{input: 'u', ctrl: true}],
		label: 'Ctrl+U',
		help: 'clear the field (to replace a pasted value)',
	},
];

function matches(spec: KeySpec, input: string, key: KeyPress): boolean {
	if (spec.name !== undefined && !key[spec.name]) return false;
	if (spec.input !== undefined) {
		if (typeof spec.input === 'string' ? input !== spec.input : !spec.input.test(input)) {
			return false;
		}
	}
	if (spec.input === undefined && spec.name === undefined) return false;
	if (Boolean(spec.ctrl) !== Boolean(key.ctrl)) return false;
	// Ink reports Esc as meta too.
	if (spec.name !== 'escape' && Boolean(spec.meta) !== Boolean(key.meta)) return false;
	if (spec.shift !== undefined && spec.shift !== Boolean(key.shift)) return false;
	return true;
}

/** The binding a key press means in this context, if any. */
export function bindingFor(
	context: KeyContext,
	input: string,
	key: KeyPress,
): KeyBinding | undefined {
	return keyBindings.find(
		(binding) =>
			(binding.context === context || binding.context === 'anywhere') &&
			binding.keys.some((spec) => matches(spec, input, key)),
	);
}

/** How the bottom line and the help name the key of a command. */
export function keyLabel(command: KeyCommand, context: KeyContext = 'steps'): string {
	const binding = keyBindings.find(
		(each) => each.command === command && (each.context === context || each.context === 'anywhere'),
	);
	return binding?.label ?? command;
}
