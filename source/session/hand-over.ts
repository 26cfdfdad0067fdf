// What an integration needs, said the same way by `cc-token login` and the guide's
// credentials step: an access token alone does not last.
import {accessTokenLifetimeHours} from './timing.js';

export const handOverLines: readonly string[] = [
	`An access token alone stops working after ${accessTokenLifetimeHours} hours.`,
	'An integration (a plug-in, a hosted service) asks for the API key and the client secret, and signs in itself.',
	'A script should run `cc-token token` for a valid access token each time (it renews it), or hold the refresh token and renew it itself.',
];
