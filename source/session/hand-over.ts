// What an integration needs, said the same way by `cc-token login` and the guide's
// credentials step: an access token alone does not last. What it asks for depends on the kind
// of app: a PKCE app has no secret, a Device Flow app no secret and no redirect.
import type {AppKind} from '../provider/constant-contact.js';
import {accessTokenLifetimeHours} from './timing.js';

const integrationAsks: Record<AppKind, string> = {
	code: 'An integration (a plug-in, a hosted service) asks for the API key and the client secret, and signs in itself.',
	pkce: 'An integration (a plug-in, a hosted service) asks for the API key and the redirect URI (a PKCE app has no secret), and signs in itself.',
	device:
		'An integration (a device, a command-line tool) asks for the API key alone (a Device Flow app has no secret and no redirect URI), and signs in itself with a code.',
};

/** The words for the app's kind; an app of unknown kind is spoken of as the usual one. */
export function handOverLines(kind: AppKind = 'code'): readonly string[] {
	return [
		`An access token alone stops working after ${accessTokenLifetimeHours} hours.`,
		integrationAsks[kind],
		'A script should run `cc-token token` for a valid access token each time (it renews it), or hold the refresh token and renew it itself.',
	];
}
