// `cc-token login`: the sign-in without the full-screen guide. Prints the address first, opens
// the browser as best it can, accepts a pasted address-bar URL meanwhile, saves the tokens,
// and says who is signed in. Never prints a token or a secret.
import {createInterface} from 'node:readline';
import {fetchAccountSummary} from '../api/account-summary.js';
import {startSignIn} from '../auth/sign-in.js';
import type {SignInEvent, SignInRoute, TokenSet} from '../auth/types.js';
import {CcTokenError} from '../errors.js';
import {
	checkApiKey,
	checkRedirectUri,
	defaultRedirectUri,
	defaultScopes,
	endpointsFrom,
	isScope,
} from '../provider/constant-contact.js';
import {
	defaultProfileName,
	type Profile,
	prepareToSave,
	profileFromTokens,
	protectionNote,
	readProfile,
	saveProfile,
	storeLocation,
} from '../store/index.js';
import {openInBrowser, planBrowser} from '../system/browser.js';
import {detectEnvironment} from '../system/environment.js';
import {renderQrCode} from '../system/qr-code.js';
import {describeTimeLeft} from '../text/time-left.js';
import {
	jsonHelp,
	jsonOption,
	parseCommandArguments,
	profileHelp,
	profileOption,
} from './arguments.js';
import {printHelp, printJson, say} from './output.js';

const spec = {
	name: 'login',
	options: {
		...profileOption,
		...jsonOption,
		'client-id': {type: 'string'},
		'client-secret': {type: 'string'},
		'redirect-uri': {type: 'string'},
		scope: {type: 'string'},
		device: {type: 'boolean'},
		'no-browser': {type: 'boolean'},
		timeout: {type: 'string'},
	},
	usage: `
Usage: cc-token login [options]

Signs in to Constant Contact in your browser and saves the tokens to a profile.

Options:
      --client-id KEY       your application's API key (else $CC_CLIENT_ID, else the profile's)
      --client-secret S     its secret, if you generated one (else $CC_CLIENT_SECRET); without
                            one cc-token signs in as a public client with PKCE
      --redirect-uri URI    the redirect URI registered for the application (else
                            $CC_REDIRECT_URI, else the profile's, else ${defaultRedirectUri})
      --scope "A B"         scopes, space-separated (default: ${defaultScopes.join(' ')})
      --device              sign in with a code on another device instead of a redirect
      --no-browser          do not open a browser; print the address only
      --timeout SECONDS     how long to wait for the browser (default 300)
${profileHelp}
${jsonHelp}

While it waits you can also paste the address-bar URL your browser ended on, then Enter.`,
} as const;

interface LoginInputs {
	clientId: string;
	clientSecret?: string;
	redirectUri: string;
	redirectRoute: 'loopback' | 'paste';
	scopes: string[];
	timeoutMs: number;
}

type Args = ReturnType<typeof parseCommandArguments<typeof spec.options>>;

/** Works out what to sign in with, checking everything before anything is started or saved. */
function resolveInputs(args: Args, stored: Profile | undefined): LoginInputs {
	const env = process.env;
	const rawKey = args['client-id'] ?? env.CC_CLIENT_ID ?? stored?.apiKey;
	if (!rawKey) {
		throw new CcTokenError('usage', 'No API key given.', {
			hint: 'Pass --client-id KEY (or set CC_CLIENT_ID); the key is on your application’s page in the developer portal. Run `cc-token` for a guided walk-through.',
		});
	}
	const key = checkApiKey(rawKey);
	if (!key.ok) throw new CcTokenError('bad_input', key.problem);
	const sameApp = stored?.apiKey === key.apiKey;
	const clientSecret =
		args['client-secret'] ?? env.CC_CLIENT_SECRET ?? (sameApp ? stored?.clientSecret : undefined);
	if (clientSecret !== undefined && clientSecret.trim() === '') {
		throw new CcTokenError('bad_input', 'The client secret is empty.', {
			hint: 'Leave it out to sign in as a public client with PKCE.',
		});
	}
	const redirect = checkRedirectUri(
		args['redirect-uri'] ??
			env.CC_REDIRECT_URI ??
			(sameApp ? stored?.redirectUri : undefined) ??
			defaultRedirectUri,
	);
	if (!redirect.ok) throw new CcTokenError('bad_input', redirect.problem);
	const scopes = args.scope ? args.scope.split(/[\s,]+/).filter(Boolean) : defaultScopes;
	const unknown = scopes.filter((scope) => !isScope(scope));
	if (unknown.length > 0) {
		throw new CcTokenError(
			'bad_input',
			`Unknown scope${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.`,
			{
				hint: `Constant Contact's scopes are: ${defaultScopes.join(', ')}.`,
			},
		);
	}
	const timeoutSeconds = args.timeout === undefined ? 300 : Number(args.timeout);
	if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > 3600) {
		throw new CcTokenError(
			'bad_input',
			`--timeout takes whole seconds from 1 to 3600, not “${args.timeout}”.`,
		);
	}
	return {
		clientId: key.apiKey,
		clientSecret: clientSecret?.trim(),
		redirectUri: redirect.redirectUri,
		redirectRoute: redirect.route,
		scopes,
		timeoutMs: timeoutSeconds * 1000,
	};
}

function describeEvent(event: SignInEvent): string | undefined {
	switch (event.type) {
		case 'warning':
			return `Warning: ${event.message}`;
		case 'callback-rejected':
			return `Ignored a request that did not belong to this sign-in: ${event.reason}`;
		case 'exchanging':
			return 'Approved. Exchanging the code for tokens…';
		case 'device-code': {
			const {device} = event;
			const qr = device.verificationUriComplete
				? renderQrCode(device.verificationUriComplete, {maxWidth: process.stderr.columns ?? 80})
				: undefined;
			return [
				'',
				`On any device, open ${device.verificationUri} and enter the code:`,
				'',
				`    ${device.userCode}`,
				'',
				...(qr ? ['Or scan this code with a phone:', qr] : []),
				`The code expires in ${describeTimeLeft(device.expiresAt)}.`,
			].join('\n');
		}
		default:
			return undefined;
	}
}

/** Reads pasted address-bar URLs (from a terminal, or piped in) while the sign-in waits. */
function acceptPastes(submit: (text: string) => Promise<void>): () => void {
	const lines = createInterface({input: process.stdin, terminal: false});
	lines.on('line', (line) => {
		if (line.trim() === '') return;
		submit(line).catch((error: unknown) => {
			say(`That did not work: ${error instanceof Error ? error.message : String(error)}`);
		});
	});
	return () => {
		lines.close();
		process.stdin.pause();
	};
}

async function describeAccount(tokens: TokenSet): Promise<Profile['account']> {
	const summary = await fetchAccountSummary({
		endpoints: endpointsFrom(),
		accessToken: tokens.accessToken,
	});
	return {name: summary.name, email: summary.email, organization: summary.organization};
}

export async function run(argv: string[]): Promise<number> {
	const args = parseCommandArguments(argv, spec);
	if (args.help) return printHelp(spec.usage);
	const profileName = args.profile ?? defaultProfileName;
	const location = storeLocation();
	const inputs = resolveInputs(args, readProfile(location, profileName));

	const plan = planBrowser(detectEnvironment(), process.env, {
		noBrowser: args['no-browser'],
		port: Number(new URL(inputs.redirectUri).port) || undefined,
	});
	const routes: SignInRoute[] = args.device
		? ['device']
		: inputs.redirectRoute === 'loopback'
			? ['loopback', 'paste']
			: ['paste'];
	// Where no browser can open here (SSH, a container, no display), a code to enter on any
	// other device may be the easiest way: race it too, when the application has it.
	if (plan.kind === 'none' && !args['no-browser'] && !routes.includes('device')) {
		routes.push('device');
	}
	const session = await startSignIn({
		...inputs,
		routes,
		endpoints: endpointsFrom(),
		onEvent: (event) => {
			const line = describeEvent(event);
			if (line !== undefined) say(line);
		},
	});
	// While the person is in the browser; a failure here shows again, and is reported, on saving.
	prepareToSave().catch(() => {});
	const stopPastes = acceptPastes((text) => session.submitPaste(text));
	const cancel = () => session.cancel();
	process.once('SIGINT', cancel);
	process.once('SIGTERM', cancel);

	try {
		if (session.authorizeUrl) {
			say('Open this address to sign in:');
			say(`  ${session.authorizeUrl}`);
			const opened = await openInBrowser(session.authorizeUrl, plan);
			say(opened.message);
			if (routes.includes('loopback')) {
				say(`Waiting for your browser to come back to ${inputs.redirectUri} …`);
			}
			if (inputs.redirectRoute === 'paste') {
				say(
					`After you approve, the browser fails to load ${inputs.redirectUri}: copy the whole address from its address bar, paste it here and press Enter.`,
				);
			} else if (process.stdin.isTTY) {
				say(
					'If the browser ends on a page that does not load, paste its address here and press Enter.',
				);
			}
		}
		const {tokens} = await session.result;
		const saved = await saveProfile(
			location,
			profileName,
			profileFromTokens(
				{
					apiKey: inputs.clientId,
					clientSecret: inputs.clientSecret,
					redirectUri: inputs.redirectUri,
				},
				tokens,
			),
		);

		let account = saved.account;
		let verifyError: CcTokenError | undefined;
		if (tokens.scopes.includes('account_read') || tokens.scopes.length === 0) {
			try {
				account = await describeAccount(tokens);
				await saveProfile(location, profileName, (current) => ({...(current ?? saved), account}));
			} catch (error) {
				verifyError = error instanceof CcTokenError ? error : undefined;
				if (!verifyError) throw error;
			}
		}

		const who = account
			? [
					account.name,
					account.email && `<${account.email}>`,
					account.organization && `(${account.organization})`,
				]
					.filter(Boolean)
					.join(' ')
			: undefined;
		if (args.json) {
			printJson({
				profile: profileName,
				file: location.file,
				apiKey: inputs.clientId,
				account: account ?? null,
				scopes: tokens.scopes,
				expiresAt: new Date(tokens.expiresAt).toISOString(),
				refreshToken: Boolean(tokens.refreshToken),
				verified: verifyError ? {ok: false, error: verifyError.toJSON()} : {ok: Boolean(account)},
			});
		}
		say(who ? `Signed in as ${who}.` : 'Signed in.');
		say(`Saved to profile “${profileName}” in ${location.file} (${protectionNote()}).`);
		say(
			`The access token is valid for ${describeTimeLeft(tokens.expiresAt)}; ${
				tokens.refreshToken
					? '`cc-token token` renews it when needed.'
					: 'no refresh token was issued (offline_access missing): sign in again when it expires.'
			}`,
		);
		if (verifyError) {
			say(`Warning: Constant Contact did not confirm the token: ${verifyError.message}`);
			return verifyError.exitCode;
		}
		return 0;
	} finally {
		stopPastes();
		process.off('SIGINT', cancel);
		process.off('SIGTERM', cancel);
	}
}
