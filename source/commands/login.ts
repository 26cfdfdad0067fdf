// `cc-token login`: the sign-in without the full-screen guide. Prints the address first, opens
// the browser as best it can, accepts a pasted address-bar URL meanwhile, saves the tokens,
// and says who is signed in. Never prints a token or a secret. With --with-refresh-token it
// signs in from a refresh token on standard input (CI); with --json a program follows along
// through JSON lines on stdout.
import {createInterface} from 'node:readline';
import {startSignIn} from '../auth/sign-in.js';
import type {SignInEvent, TokenSet} from '../auth/types.js';
import {CcTokenError, toCcTokenError} from '../errors.js';
import {endpointsFrom, serverOf} from '../provider/constant-contact.js';
import {type Completion, completeSignIn, storeCompletionSteps} from '../session/complete.js';
import {handOverLines} from '../session/hand-over.js';
import {resolveInputs} from '../session/inputs.js';
import {type Emit, eventLine, jsonLinesOn} from '../session/json-lines.js';
import {preflight} from '../session/preflight.js';
import {refreshTokenFrom, signInWithRefreshToken} from '../session/refresh-token.js';
import {chooseRoutes} from '../session/routes.js';
import {signInTimeoutMs} from '../session/timing.js';
import {
	type Account,
	type CredentialStore,
	checkProfileName,
	checkSignInServer,
	chooseProfile,
	formatAccount,
	keychainRequested,
	type Profile,
	prepareToSave,
	protectionNote,
} from '../store/index.js';
import {openInBrowser, planBrowser} from '../system/browser.js';
import {detectEnvironment} from '../system/environment.js';
import {readHiddenLine} from '../system/hidden-line.js';
import {renderQrCode} from '../system/qr-code.js';
import {describeMoment} from '../text/time.js';
import {type Arguments, parseCommandArguments} from './parse.js';
import {commandHelp} from './support/help.js';
import type {CommandIo} from './support/io.js';
import {printHelp} from './support/output.js';
import {commandStore} from './support/process-io.js';

function describeEvent(event: SignInEvent, columns: number): string | undefined {
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
				? renderQrCode(device.verificationUriComplete, {maxWidth: columns})
				: undefined;
			return [
				'',
				`On any device, open ${device.verificationUri} and enter the code:`,
				'',
				`    ${device.userCode}`,
				'',
				...(qr ? ['Or scan this code with a phone:', qr] : []),
				`The code expires ${describeMoment(device.expiresAt)}.`,
			].join('\n');
		}
		default:
			return undefined;
	}
}

/** Reads pasted address-bar URLs (from a terminal, or piped in) while the sign-in waits. */
function acceptPastes(
	io: CommandIo,
	submit: (text: string) => Promise<void>,
	say: (line: string) => void,
): () => void {
	const lines = createInterface({input: io.stdin, terminal: false});
	lines.on('line', (line) => {
		if (line.trim() === '') return;
		submit(line).catch((error: unknown) => {
			say(`That did not work: ${error instanceof Error ? error.message : String(error)}`);
		});
	});
	return () => {
		lines.close();
		io.stdin.pause();
	};
}

/**
 * “Save …? [Y/n]”: Enter or y saves; n or end of input declines. Ctrl+C rejects with
 * `cancelled` (exit 130); either way nothing is saved.
 */
function askToSave(io: CommandIo, account: Account, profileName: string): Promise<boolean> {
	io.stderr.write(
		`Signed in as ${formatAccount(account) ?? 'an account Constant Contact did not name'}.\nSave this sign-in to profile “${profileName}”? [Y/n] `,
	);
	const lines = createInterface({input: io.stdin, terminal: false});
	return new Promise<boolean>((resolve, reject) => {
		let answered = false;
		const finish = () => {
			if (answered) return false;
			answered = true;
			process.off('SIGINT', onInterrupt);
			lines.close();
			io.stdin.pause();
			return true;
		};
		const onInterrupt = () => {
			if (!finish()) return;
			io.stderr.write('\n');
			reject(
				new CcTokenError('cancelled', 'The sign-in was cancelled; nothing was saved.', {
					hint: 'Run `cc-token login` to sign in again.',
				}),
			);
		};
		process.on('SIGINT', onInterrupt);
		lines.once('line', (line) => {
			if (finish()) resolve(/^\s*(y|yes)?\s*$/i.test(line));
		});
		lines.once('close', () => {
			if (finish()) resolve(false);
		});
	});
}

type Args = Arguments<'login'>;

function timeoutFrom(args: Args): number {
	if (args.timeout === undefined) return signInTimeoutMs;
	const seconds = Number(args.timeout);
	if (!Number.isInteger(seconds) || seconds < 1 || seconds > 3600) {
		throw new CcTokenError(
			'bad_input',
			`--timeout takes whole seconds from 1 to 3600, not “${args.timeout}”.`,
		);
	}
	return seconds * 1000;
}

/** The refresh token from standard input: piped in whole, or typed unseen at a terminal. */
async function readStandardInput(io: CommandIo): Promise<string> {
	if (io.stdin.isTTY) {
		const typed = await readHiddenLine(
			io.stdin as NodeJS.ReadStream,
			io.stderr,
			'Paste the refresh token (it will not show), then press Enter: ',
		);
		if (typed === undefined) {
			throw new CcTokenError('cancelled', 'Cancelled; nothing was saved.', {
				hint: 'Run `cc-token login --with-refresh-token` again.',
			});
		}
		return typed;
	}
	let text = '';
	for await (const chunk of io.stdin) {
		text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
		if (text.length > 65_536) {
			throw new CcTokenError('bad_input', 'Standard input holds far more than one refresh token.');
		}
	}
	return text;
}

/**
 * The stored profile, secrets included; as stored when its keychain cannot give them (a new
 * sign-in is the way out of that, so it must not be blocked by it).
 */
async function storedProfile(store: CredentialStore, name: string): Promise<Profile | undefined> {
	try {
		return await store.readProfile(name);
	} catch (error) {
		const {sound, damaged} = await store.readProfiles();
		// A damaged profile is what a new sign-in replaces: it starts afresh.
		if (Object.hasOwn(damaged, name)) return undefined;
		if (!Object.hasOwn(sound, name) || !sound[name]?.keychain) throw error;
		return sound[name];
	}
}

/**
 * Whether the secrets go to the OS keychain: asked for (--keychain, CC_TOKEN_KEYCHAIN=1) or
 * remembered for the profile. Checked before any browser opens: no keychain to be had is a
 * refusal, never a quiet fallback to the file.
 */
async function keychainChoice(asked: boolean, stored: Profile | undefined): Promise<boolean> {
	if (!asked && stored?.keychain === undefined) return false;
	const {checkKeychain} = await import('../store/keychain/keychain.js');
	await checkKeychain();
	return true;
}

export async function run(argv: string[], io: CommandIo): Promise<number> {
	const args = parseCommandArguments(argv, 'login');
	if (args.help) return printHelp(io, commandHelp('login'));
	if (!args.json) return signIn(args, io, () => {});
	const emit = jsonLinesOn(io.stdout);
	try {
		return await signIn(args, io, emit);
	} catch (error) {
		const failure = toCcTokenError(error);
		emit({event: 'error', ...failure.toJSON(), exitCode: failure.exitCode});
		throw failure;
	}
}

async function signIn(args: Args, io: CommandIo, emit: Emit): Promise<number> {
	const say = (line = '') => io.stderr.write(`${line}\n`);
	if (args['client-secret'] !== undefined) {
		say(
			'Warning: a secret on the command line can be read by every user of this machine (in `ps`) and stays in your shell history. Set CC_CLIENT_SECRET instead.',
		);
	}
	const profileName = chooseProfile(args.profile, io.location, io.env).name;
	const store = commandStore(io, args.store);
	checkProfileName(profileName);
	const endpoints = endpointsFrom(io.env);
	const askedForKeychain = args.keychain === true || io.env.CC_TOKEN_KEYCHAIN === '1';
	if (askedForKeychain && store.kind !== 'file') {
		throw new CcTokenError(
			'usage',
			`--keychain is for the settings file; the Redis store ${store.where} holds the secrets itself.`,
			{hint: 'Leave out --keychain (and CC_TOKEN_KEYCHAIN) with a Redis store.'},
		);
	}
	const stored = await storedProfile(store, profileName);
	checkSignInServer(profileName, stored, serverOf(endpoints));
	const keychain = await keychainChoice(askedForKeychain, stored);
	const inputs = resolveInputs({
		flags: {
			apiKey: args['client-id'],
			clientSecret: args['client-secret'],
			redirectUri: args['redirect-uri'],
			scope: args.scope,
		},
		env: io.env,
		stored,
	});
	if (args['with-refresh-token']) {
		return signInFromRefreshToken(io, emit, say, {
			store,
			keychain,
			profileName,
			endpoints,
			apiKey: inputs.apiKey,
			...(inputs.clientSecret ? {clientSecret: inputs.clientSecret} : {}),
		});
	}
	const timeoutMs = timeoutFrom(args);
	const wantsDevice = args.device === true;

	// Asked before anything opens: a sign-in that cannot work stops here, with the fix.
	const checked = await preflight({...inputs, endpoints, wantsDevice});
	for (const note of checked.notes) say(`Note: ${note}`);
	const kind = checked.inspection?.kind;
	// A public app never sends a secret, even one it was given.
	const clientSecret = kind === 'pkce' || kind === 'device' ? undefined : inputs.clientSecret;
	const plan = planBrowser(detectEnvironment(io.env), io.env, {
		noBrowser: args['no-browser'],
		port: Number(new URL(inputs.redirectUri).port) || undefined,
	});
	const routes = chooseRoutes({
		...(kind ? {kind} : {}),
		redirectRoute: inputs.redirectRoute,
		wantsDevice,
		noBrowserHere: plan.kind === 'none' && !args['no-browser'],
	});
	if (kind === 'device' && !wantsDevice) {
		say(
			'This application was created with the Device Flow: it signs in with a code on any device.',
		);
	}
	const session = await startSignIn({
		apiKey: inputs.apiKey,
		...(clientSecret ? {clientSecret} : {}),
		redirectUri: inputs.redirectUri,
		scopes: inputs.scopes,
		timeoutMs,
		routes,
		endpoints,
		...(checked.inspection?.redirectUri === 'registered' ? {redirectUriRegistered: true} : {}),
		onEvent: (event) => {
			const json = eventLine(event);
			if (json) emit(json);
			const line = describeEvent(event, io.stderr.columns ?? 80);
			if (line !== undefined) say(line);
		},
	});
	// While the person is in the browser; a failure here shows again, and is reported, on saving.
	prepareToSave().catch(() => {});
	const stopPastes = routes.includes('paste')
		? acceptPastes(io, (text) => session.submitPaste(text), say)
		: () => {};
	const cancel = () => session.cancel();
	process.once('SIGINT', cancel);
	process.once('SIGTERM', cancel);

	try {
		if (session.authorizeUrl) {
			emit({event: 'authorize-url', url: session.authorizeUrl, redirectUri: inputs.redirectUri});
			say('Open this address to sign in:');
			say(`  ${session.authorizeUrl}`);
			const opened = await openInBrowser(session.authorizeUrl, plan);
			emit({event: 'browser', opened: opened.opened, message: opened.message});
			say(opened.message);
			if (routes.includes('loopback')) {
				say(`Waiting for your browser to come back to ${inputs.redirectUri} …`);
			}
			if (inputs.redirectRoute === 'paste') {
				say(
					`After you approve, the browser fails to load ${inputs.redirectUri}: copy the whole address from its address bar, paste it here and press Enter.`,
				);
			} else if (io.stdin.isTTY) {
				say(
					'If the browser ends on a page that does not load, paste its address here and press Enter.',
				);
			}
		}
		const {tokens} = await session.result;
		// Whose account it is, said once: in the question before saving, if one is asked.
		let accountShown = false;
		const done = await completeSignIn(
			storeCompletionSteps(store, profileName, endpoints),
			{
				apiKey: inputs.apiKey,
				...(clientSecret ? {clientSecret} : {}),
				...(kind === 'device' ? {} : {redirectUri: inputs.redirectUri}),
				...(keychain ? {keychain: keychainRequested} : {}),
			},
			tokens,
			// A person at a terminal sees whose account it is before it is saved; a script
			// (no terminal, --json) or --yes is never asked.
			args.yes || args.json || !io.stdin.isTTY || !io.stderr.isTTY
				? {}
				: {
						confirmAccount: (account) => {
							stopPastes();
							accountShown = true;
							return askToSave(io, account, profileName);
						},
					},
		);
		reportSaved(emit, say, {
			profileName,
			store,
			apiKey: inputs.apiKey,
			tokens,
			done,
			details: {...(kind ? {appKind: kind} : {}), refreshToken: Boolean(tokens.refreshToken)},
			accountShown,
		});
		say(
			`The access token is valid until ${describeMoment(tokens.expiresAt)}${
				tokens.refreshToken ? '; `cc-token token` renews it when needed.' : '.'
			}`,
		);
		for (const warning of done.warnings) say(`Warning: ${warning}`);
		say();
		for (const line of handOverLines(kind)) say(line);
		if (done.accountError) {
			say(`Warning: Constant Contact did not confirm the token: ${done.accountError.message}`);
			return done.accountError.exitCode;
		}
		return 0;
	} finally {
		stopPastes();
		process.off('SIGINT', cancel);
		process.off('SIGTERM', cancel);
	}
}

/**
 * What both ways of signing in report once the tokens are saved: the `signed-in` line (with
 * `--json`; `details` adds what only that way knows) and who was signed in, saved where.
 */
function reportSaved(
	emit: Emit,
	say: (line?: string) => void,
	saved: {
		profileName: string;
		store: CredentialStore;
		apiKey: string;
		tokens: TokenSet;
		done: Completion;
		details: Record<string, unknown>;
		/** The question before saving named the account already. */
		accountShown?: boolean;
	},
): void {
	const {profileName, store, tokens, done} = saved;
	const account = done.account ?? done.saved.account;
	emit({
		event: 'signed-in',
		profile: profileName,
		store: {kind: store.kind, where: store.where},
		...(store.kind === 'file' ? {file: store.where} : {}),
		apiKey: saved.apiKey,
		account: account ?? null,
		scopes: tokens.scopes,
		expiresAt: new Date(tokens.expiresAt).toISOString(),
		...saved.details,
		verified: done.accountError
			? {ok: false, error: done.accountError.toJSON()}
			: {ok: Boolean(done.account)},
	});
	if (!saved.accountShown) {
		const who = formatAccount(account);
		say(who ? `Signed in as ${who}.` : 'Signed in.');
	}
	say(
		store.kind === 'file'
			? `Saved to profile “${profileName}” in ${store.where} (${protectionNote()}).`
			: `Saved to profile “${profileName}” in the Redis store ${store.where}.`,
	);
}

/**
 * `login --with-refresh-token`: no browser. The token is renewed at once, which proves it;
 * only then is anything saved. A rotating token given here is spent by that renewal.
 */
async function signInFromRefreshToken(
	io: CommandIo,
	emit: Emit,
	say: (line?: string) => void,
	options: {
		store: CredentialStore;
		keychain: boolean;
		profileName: string;
		endpoints: ReturnType<typeof endpointsFrom>;
		apiKey: string;
		clientSecret?: string;
	},
): Promise<number> {
	const refreshToken = refreshTokenFrom(await readStandardInput(io));
	emit({event: 'refreshing'});
	const {tokens, kind} = await signInWithRefreshToken({...options, refreshToken});
	const {store} = options;
	const steps = storeCompletionSteps(store, options.profileName, options.endpoints);
	const done = await completeSignIn(
		{
			...steps,
			save: async (base, saved) =>
				steps.save({...base, refreshTokenKind: kind} as typeof base, saved),
		},
		{
			apiKey: options.apiKey,
			...(options.clientSecret ? {clientSecret: options.clientSecret} : {}),
			...(options.keychain ? {keychain: keychainRequested} : {}),
		},
		tokens,
	);
	reportSaved(emit, say, {
		profileName: options.profileName,
		store,
		apiKey: options.apiKey,
		tokens,
		done,
		details: {refreshToken: true, refreshTokenKind: kind},
	});
	if (kind === 'rotating') {
		say(
			'The refresh token rotates: Constant Contact replaced it, so the one you gave is now spent. If it came from a CI secret, that secret will not work again; cc-token keeps the new one in this profile. For CI, an application with the Long Lived refresh token type is easier: its token stays the same.',
		);
	} else {
		say('The refresh token is Long Lived: it stays the same, and dies only after 180 days unused.');
	}
	for (const warning of done.warnings) say(`Warning: ${warning}`);
	if (done.accountError) {
		say(`Warning: Constant Contact did not confirm the token: ${done.accountError.message}`);
		return done.accountError.exitCode;
	}
	return 0;
}
