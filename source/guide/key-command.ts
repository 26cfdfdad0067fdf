// What a key asks the guide to do, by name: the key table (key-bindings.ts) binds keys to these,
// and the steps (steps.ts) name them in their hints.
import type {LineEdit} from './input/line-editor.js';

export type KeyCommand =
	| 'previous-step'
	| 'next-step'
	| 'jump'
	| 'up'
	| 'down'
	| 'page-up'
	| 'page-down'
	| 'enter'
	| 'next-field'
	| 'previous-field'
	| 'toggle'
	| 'open'
	| 'copy'
	| 'reveal'
	| 'whole-values'
	| 'sign-in'
	| 'sign-in-device'
	| 'help'
	| 'dismiss'
	| 'quit'
	| 'interrupt'
	| 'submit'
	| 'leave-field'
	| 'yes'
	| 'no'
	| LineEdit;
