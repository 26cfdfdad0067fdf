// Renders the guide into in-memory streams, as ink-testing-library does, but keeps Ink's own
// instance (to await the exit) and lets the test set and change the terminal's size. What is
// pressed passes the guide's own input filter (filtered-stdin.ts), as in the terminal.

import {EventEmitter} from 'node:events';
import {render} from 'ink';
import {afterEach} from 'vitest';
import {App} from '../../source/guide/app.js';
import {clearLineEvent, filterStdin} from '../../source/guide/input/filtered-stdin.js';
import type {GuideServices, GuideSetup} from '../../source/guide/services.js';
import {createInitialState, type GuideState} from '../../source/guide/state/guide-state.js';
import {setup as defaultSetup, fakeServices, type Recorder} from './fake-services.js';

export class FakeStdout extends EventEmitter {
	columns: number;
	rows: number;
	frames: string[] = [];
	constructor(columns: number, rows: number) {
		super();
		this.columns = columns;
		this.rows = rows;
	}
	write = (frame: string) => {
		this.frames.push(frame);
		return true;
	};
}

/** The terminal's side of stdin: what is pressed arrives as data, as from a real one. */
export class FakeTerminalInput extends EventEmitter {
	isTTY = true;
	setRawMode() {}
	pause() {}
	ref() {}
	unref() {}
}

export const keys = {
	right: '\u001B[C',
	left: '\u001B[D',
	up: '\u001B[A',
	down: '\u001B[B',
	enter: '\r',
	escape: '\u001B',
	tab: '\t',
	backspace: '\u007F',
	ctrlC: '\u0003',
	ctrlU: '\u0015',
};

export interface GuideView {
	frame(): string;
	press(...inputs: string[]): Promise<void>;
	waitFor(text: string | RegExp | ((frame: string) => boolean)): Promise<string>;
	resize(columns: number, rows: number): void;
	exited: Promise<unknown>;
	unmount(): void;
	record: Recorder;
	services: GuideServices;
}

const turns = async (count: number) => {
	for (let turn = 0; turn < count; turn += 1) await new Promise((resolve) => setImmediate(resolve));
};

export function renderGuide(
	options: {
		initial?: GuideState;
		setup?: GuideSetup;
		services?: Partial<GuideServices>;
		columns?: number;
		rows?: number;
	} = {},
): GuideView {
	const {services, record} = fakeServices(options.services);
	const stdout = new FakeStdout(options.columns ?? 100, options.rows ?? 30);
	const terminal = new FakeTerminalInput();
	const stdin = filterStdin(terminal as unknown as NodeJS.ReadStream);
	let handedOut = 0;
	const count = () => {
		handedOut += 1;
	};
	stdin.on('readable', count);
	stdin.on(clearLineEvent, count);
	const instance = render(
		<App
			services={services}
			setup={options.setup ?? defaultSetup}
			initial={options.initial ?? createInitialState()}
		/>,
		{
			stdout: stdout as unknown as NodeJS.WriteStream,
			stderr: new FakeStdout(100, 30) as unknown as NodeJS.WriteStream,
			stdin: stdin as unknown as NodeJS.ReadStream,
			debug: true,
			exitOnCtrlC: false,
			patchConsole: false,
		},
	);
	const frame = () => stdout.frames.at(-1) ?? '';
	return {
		frame,
		async press(...inputs) {
			for (const input of inputs) {
				terminal.emit('data', input);
				// A lone Esc is known as one when nothing follows it for a moment.
				if (input.endsWith('\u001B')) await new Promise((resolve) => setTimeout(resolve, 60));
				// Until the filter has handed out every key: it spaces them six turns apart, and
				// eight quiet turns mean it is done (and React has run the last key's effects).
				let seen: number;
				do {
					seen = handedOut;
					await turns(8);
				} while (handedOut !== seen);
			}
		},
		async waitFor(text) {
			const deadline = Date.now() + 3000;
			const matches = () =>
				typeof text === 'string'
					? frame().includes(text)
					: text instanceof RegExp
						? text.test(frame())
						: text(frame());
			while (!matches()) {
				if (Date.now() > deadline) {
					throw new Error(`The guide never showed ${String(text)}. Last frame:\n${frame()}`);
				}
				await new Promise((resolve) => setTimeout(resolve, 5));
			}
			return frame();
		},
		resize(columns, rows) {
			stdout.columns = columns;
			stdout.rows = rows;
			stdout.emit('resize');
		},
		exited: instance.waitUntilExit(),
		unmount() {
			instance.unmount();
			stdin.close();
		},
		record,
		services,
	};
}

/** renderGuide for the tests of a file: every guide it opens is unmounted after its test. */
export function setUpGuideViews(): typeof renderGuide {
	const opened: GuideView[] = [];
	afterEach(() => {
		for (const view of opened.splice(0)) view.unmount();
	});
	return (...args) => {
		const view = renderGuide(...args);
		opened.push(view);
		return view;
	};
}
