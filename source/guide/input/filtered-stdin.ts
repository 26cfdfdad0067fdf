// The keyboard as Ink reads it: the terminal's stdin behind the input filter. Ink gets a
// stream-like object that hands out one filtered key or text at a time; raw mode and the
// event loop's hold go to the real stdin.
import {EventEmitter} from 'node:events';
import {StringDecoder} from 'node:string_decoder';
import {clearLineKey, createInputFilter} from '../../system/input-filter.js';

/**
 * The event a FilteredStdin emits for Ctrl+U, in place of the key. ink-text-input has no key
 * that clears a field and types any key it does not know into the value (Ctrl+U as "u"),
 * whichever of Ink's key handlers runs first; so Ctrl+U, the one shell key people rely on to
 * replace a pasted value, never reaches Ink: the focused field listens for this instead.
 */
export const clearLineEvent = 'clear-line';

/** How long the rest of a cut-off escape sequence may take to arrive; then a lone ESC is Esc. */
const sequenceWaitMs = 40;
/** How long a bracketed paste may pause between reads before what came is taken as the paste. */
const pasteWaitMs = 1000;
/**
 * Event-loop turns between two keys handed to Ink. React runs the effects that re-subscribe
 * the key handlers (ink-text-input's among them) in its scheduler: here, three turns after the
 * key that changed them; the rest is room for a scheduler that yields in between.
 */
const turnsBetweenKeys = 6;

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

	// Each key or run of text is handed out by itself, and the next some turns later, once React
	// has drawn what the last one did. Ink holds a lone ESC until its next turn to see whether
	// more follows, and would glue anything read in the same turn onto it as Alt+key; and
	// ink-text-input edits the value (and cursor) it was last drawn with: a second key handed
	// out before its handler is re-subscribed would undo the first key's change.
	const handOut = () => {
		later = undefined;
		const piece = pieces.shift();
		if (piece === undefined) return;
		if (piece === clearLineKey) input.emit(clearLineEvent);
		else {
			queue.push(piece);
			input.emit('readable');
		}
		// The next piece waits, even one not read yet.
		let turns = turnsBetweenKeys;
		const wait = () => {
			turns -= 1;
			later = setImmediate(turns > 0 ? wait : handOut);
		};
		wait();
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
