// `cc-token status` from the settings file (see cli.ts).
import {printStoredStatus} from '../commands/status-report.js';
import {reportingErrors} from './answer.js';

export const answer = reportingErrors(printStoredStatus);
