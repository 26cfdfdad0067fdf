// How long a sign-in waits, defined once for the guide and `cc-token login`.
import {accessTokenLifetimeSeconds} from '../provider/constant-contact.js';

/** How long a sign-in waits for the browser (or a paste): the engine's own default. */
export {defaultSignInTimeoutMs as signInTimeoutMs} from '../auth/sign-in-timeout.js';

// A device code carries its own expiry (ten minutes at Constant Contact), which ends the wait
// first; this only bounds a server that hands out codes for longer.
export const deviceSignInTimeoutMs = 30 * 60_000;

export const accessTokenLifetimeHours = accessTokenLifetimeSeconds / 3600;
