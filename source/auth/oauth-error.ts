// OAuth error names (from a callback or a token response) as errors a person can act on.
import {CcTokenError} from '../errors.js';
import {portalUrl} from '../provider/constant-contact.js';
import {serverText} from '../text/server-text.js';

/** Which step the server refused: the same error name means different things at each. */
export type OAuthStep = 'authorize' | 'code' | 'refresh' | 'device';

const startAgain = 'Run `cc-token login` to sign in again.';

export function oauthError(
	name: string,
	description: string | undefined,
	step: OAuthStep,
	secrets: Array<string | undefined> = [],
): CcTokenError {
	const said = description ? serverText(description, {secrets}) : '';
	const suffix = said ? ` Constant Contact said: “${said}”` : '';
	const make = (
		code: ConstructorParameters<typeof CcTokenError>[0],
		message: string,
		hint: string,
	) => new CcTokenError(code, `${message}${suffix}`, {hint});
	switch (name) {
		case 'access_denied':
			return make(
				'access_denied',
				step === 'device'
					? 'The sign-in was refused on the activation page.'
					: 'The sign-in was refused in the browser.',
				'Sign in again and choose Allow when Constant Contact asks.',
			);
		case 'invalid_grant':
			if (step === 'refresh') {
				return make('invalid_grant', 'The refresh token is invalid or expired.', startAgain);
			}
			// A live Okta answers a device code past its lifetime with invalid_grant, not
			// expired_token: either way the code is spent, and a new one is the way on.
			if (step === 'device') {
				return make(
					'expired_token',
					'Constant Contact no longer accepts the device code: it expired, or was already used.',
					'Start the device sign-in again (`cc-token login --device`, or `d` in the guide) and approve within 10 minutes.',
				);
			}
			return make(
				'invalid_grant',
				'Constant Contact did not accept the authorization code: it was already used, is older than 5 minutes, or belongs to another sign-in.',
				`${startAgain} Finish within 5 minutes of approving.`,
			);
		case 'invalid_client':
			return make(
				'invalid_client',
				'Constant Contact did not accept the API key or client secret.',
				`Check the API key on your application’s page in the developer portal (${portalUrl}). An application created with the Authorization Code flow needs its secret (Generate Secret there, then give it to cc-token; generating again replaces the old one); a PKCE or Device Flow application is used without one.`,
			);
		case 'invalid_scope':
			return make(
				'invalid_scope',
				'Constant Contact refused the requested scopes.',
				'Ask only for account_read, account_update, contact_data, campaign_data and offline_access.',
			);
		case 'unauthorized_client':
			return make(
				'unauthorized_client',
				step === 'device'
					? 'This application was not created with the Device Flow, so it cannot sign in with a code on another device.'
					: 'This application’s OAuth2 flow does not allow this kind of sign-in.',
				step === 'device'
					? `Sign in in a browser instead (an application created with the PKCE Flow or the Authorization Code flow), or use an application created with the Device Flow (${portalUrl}).`
					: `An application has one flow, chosen when it is created (${portalUrl}): a Device Flow application signs in with \`cc-token login --device\`; a PKCE Flow or Authorization Code application in a browser.`,
			);
		case 'expired_token':
			return make(
				'expired_token',
				'The device code expired before the sign-in was approved.',
				'Start the device sign-in again (`cc-token login --device`, or `d` in the guide) and approve within 10 minutes.',
			);
		case 'invalid_request':
			return make(
				'invalid_request',
				'Constant Contact rejected the sign-in request as invalid.',
				'Check that the redirect URI is registered on your application exactly as cc-token shows it, then sign in again.',
			);
		default:
			return make(
				'oauth_error',
				`Constant Contact returned the error “${serverText(name, {maxLength: 64, secrets})}”.`,
				startAgain,
			);
	}
}
