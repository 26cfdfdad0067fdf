// `cc-token token` while the stored token is still good (see cli.ts).
import {printStoredToken} from '../commands/stored-token.js';
import {reportingErrors} from './answer.js';

export const answer = reportingErrors(printStoredToken);
