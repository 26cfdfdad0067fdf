// What the entry's own answers hand a command (see commands/support/io.ts): lines go straight
// to the file descriptors through the output boundary (system/output-boundary.ts), since
// building process.stdout would cost a seventh of a start; standard input and the terminal's
// width are looked up only when asked.
// No store: an answer here reads the settings file itself.
import type {CommandIo} from '../commands/support/io.js';
import {storeLocation} from '../store/location.js';
import {boundaryStreams} from '../system/output-boundary.js';

export function quickIo(): CommandIo {
	return {
		env: process.env,
		get stdin() {
			return process.stdin;
		},
		...boundaryStreams(),
		location: storeLocation(process.env),
	};
}
