// Writes to standard output or error straight through the file descriptor. The first use of
// process.stdout builds a stream, and loads Node's stream and socket code for it: about 2.5 ms,
// a seventh of a bare Node start, on every `$(cc-token token)`. The lines commands print go
// this way instead, synchronously, as process.stdout writes to files and pipes on Linux anyway.
import {writeSync} from 'node:fs';
import {sleepSync} from './sleep-sync.js';
import {isClosedPipe} from './terminal.js';

export interface DirectWriteSystem {
	write(fd: number, data: Uint8Array): number;
	/** Waits a little for a full pipe to drain. */
	pause(ms: number): void;
	exit(code?: number): never;
}

const nodeSystem: DirectWriteSystem = {
	write: (fd, data) => writeSync(fd, data),
	pause: sleepSync,
	exit: (code) => process.exit(code),
};

/**
 * Writes all of `text`. A reader that has gone (`cc-token status | head -1`) ends the process
 * quietly, as a closed pipe should; a pipe another program left non-blocking and full is waited
 * on rather than lost; any other failure is thrown.
 */
export function writeDirect(fd: 1 | 2, text: string, system: DirectWriteSystem = nodeSystem): void {
	let rest = Buffer.from(text);
	while (rest.length > 0) {
		try {
			rest = rest.subarray(system.write(fd, rest));
		} catch (error) {
			const failure = error as NodeJS.ErrnoException;
			if (isClosedPipe(failure)) system.exit();
			if (failure.code !== 'EAGAIN') throw error;
			system.pause(1);
		}
	}
}
