// `cc-token __complete`, what a shell runs on every Tab (see cli.ts).
import {printCompletions} from '../commands/completion.js';
import {reportingErrors} from './answer.js';
import {quickIo} from './io.js';

export const answer = reportingErrors((argv) => printCompletions(argv, quickIo()));
