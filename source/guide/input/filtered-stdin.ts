// The keyboard as Ink reads it: the terminal's stdin behind the input filter. Ink gets a
// stream-like object that hands out one filtered key or text at a time; raw mode and the
// event loop's hold go to the real stdin.
import {EventEmitter} from 'node:events';
import {StringDecoder} from 'node:string_decoder';
import {createInputFilter} from './input-filter.js';

/** How long the rest of a cut-off escape sequence may take to arrive; then a lone ESC is Esc. */
const sequenceWaitMs = 40;
/** How long a bracketed paste may pause between reads before what came is taken as the paste. */
const pasteWaitMs = 1000;

export interface FilteredStdin extends EventEmitter {
	readonly isTTY: boolean;
	read(): string | null;
	setEncoding(encoding: string): void;
	setRawMode(mode: boolean): void;
	ref(): void;
	unref(): void;
	/** Stops reading the real stdin (after the guide has ended). */
	close(): void;
}

export function filterStdin(stdin: NodeJS.ReadStream): FilteredStdin {
	const filter = createInputFilter();
	const decoder = new StringDecoder('utf8');
	/** Filtered, not yet handed to Ink. */
	const pieces: string[] = [];
	/** Handed to Ink, read by it in this turn. */
	const queue: string[] = [];
	let timer: NodeJS.Timeout | undefined;
	let later: NodeJS.Immediate | undefined;

	const input = new EventEmitter() as FilteredStdin;

	// A lone Esc is handed out by itself, and what follows it two turns later: Ink holds an ESC
	// until its next turn to see whether more follows, and would glue anything read in the same
	// turn onto it as Alt+key.
	const handOut = () => {
		later = undefined;
		while (pieces.length > 0) {
			const piece = pieces.shift()!;
			queue.push(piece);
			if (piece === '\u001B') break;
		}
		if (queue.length > 0) input.emit('readable');
		if (pieces.length > 0) {
			later = setImmediate(() => {
				later = setImmediate(handOut);
			});
		}
	};
	const enqueue = (out: string[]) => {
		pieces.push(...out);
		if (later === undefined) handOut();
	};

	const schedule = () => {
		if (timer) clearTimeout(timer);
		timer = undefined;
		const pending = filter.pending();
		if (!pending) return;
		timer = setTimeout(
			() => {
				timer = undefined;
				enqueue(filter.flush());
			},
			pending === 'paste' ? pasteWaitMs : sequenceWaitMs,
		);
	};

	const onData = (chunk: Buffer | string) => {
		const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
		const out = filter.push(text);
		schedule();
		if (out.length > 0) enqueue(out);
	};
	stdin.on('data', onData);

	Object.assign(input, {
		isTTY: stdin.isTTY === true,
		read: () => queue.shift() ?? null,
		setEncoding() {},
		setRawMode: (mode: boolean) => stdin.setRawMode(mode),
		ref: () => stdin.ref(),
		unref: () => stdin.unref(),
		close() {
			if (timer) clearTimeout(timer);
			if (later) clearImmediate(later);
			stdin.off('data', onData);
			stdin.pause();
		},
	});
	return input;
}
