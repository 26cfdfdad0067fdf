// Everything the guide does to the world goes through this one interface: the app receives it
// as a prop, so component tests hand it simple in-memory stand-ins, and the commands hand it
// the real wiring below.
import type {SignInOptions, SignInSession, TokenSet} from '../auth/types.js';
import type {Endpoints} from '../provider/constant-contact.js';
import type {SignInBase} from '../session/complete.js';
import type {Preflight, PreflightRequest} from '../session/preflight.js';
import type {Account, CredentialStore, Profile} from '../store/index.js';
import {keychainRequested} from '../store/profile.js';
import type {CopyResult} from '../system/clipboard.js';
import type {Environment} from '../system/environment.js';

export type {CopyResult, SignInBase};

export interface GuideServices {
	/** Asks the server about the app before anything opens; throws the problem that stops it. */
	preflight(
		request: Omit<PreflightRequest, 'endpoints'> & {wantsDevice?: boolean},
	): Promise<Preflight>;
	startSignIn(options: Omit<SignInOptions, 'endpoints'>): Promise<SignInSession>;
	/** `redirectPort` shapes the SSH tunnel advice when no browser can open here. */
	openInBrowser(url: string, redirectPort?: number): Promise<{opened: boolean; message: string}>;
	copy(text: string): Promise<CopyResult>;
	/** Saves a finished sign-in to the profile and returns what was stored. */
	saveSignIn(base: SignInBase, tokens: TokenSet): Promise<Profile>;
	fetchAccount(accessToken: string): Promise<Account>;
	saveAccount(profile: Profile, account: Account): Promise<void>;
	now(): number;
}

/** What the guide shows about where it runs. */
export interface GuideSetup {
	profileName: string;
	/** The credentials file, named on the credentials step. */
	storeFile: string;
	portalUrl: string;
	/** The V3 API's base the guide signs in for, for the commands of its last step. */
	apiBaseUrl?: string;
	/** Set by `cc-token demo`: the fields hold the emulator's ready-made application. */
	demo?: boolean;
}

export interface GuideWiring {
	env: NodeJS.ProcessEnv;
	store: CredentialStore;
	profileName: string;
	endpoints: Endpoints;
	noBrowser?: boolean;
	/** Writes straight to the terminal (for OSC 52). */
	writeToTerminal: (data: string) => void;
}

// The modules behind these services (the HTTP client above all) load on first use, so that
// they do not delay the guide's first frame.
export function createGuideServices(wiring: GuideWiring): GuideServices {
	const {env, store, profileName, endpoints} = wiring;
	let environment: Environment | undefined;
	const detected = async () => {
		const {detectEnvironment} = await import('../system/environment.js');
		environment ??= detectEnvironment(env);
		return environment;
	};
	const completion = async () => {
		const {storeCompletionSteps} = await import('../session/complete.js');
		return storeCompletionSteps(store, profileName, endpoints);
	};
	return {
		async preflight(request) {
			const {preflight} = await import('../session/preflight.js');
			return preflight({...request, endpoints});
		},
		async startSignIn(options) {
			const {startSignIn} = await import('../auth/sign-in.js');
			return startSignIn({...options, endpoints});
		},
		async openInBrowser(url, port) {
			const {openInBrowser, planBrowser} = await import('../system/browser.js');
			const plan = planBrowser(await detected(), env, {noBrowser: wiring.noBrowser, port});
			return openInBrowser(url, plan, env);
		},
		async copy(text) {
			const {copyToClipboard} = await import('../system/clipboard.js');
			return copyToClipboard(text, {
				write: wiring.writeToTerminal,
				environment: await detected(),
				env,
			});
		},
		// The same saving and account lookup as `cc-token login` (session/complete.ts).
		// CC_TOKEN_KEYCHAIN=1 asks for the OS keychain here as it does for `cc-token login`; a
		// keychain that fails fails the save, and nothing secret goes to the file instead.
		saveSignIn: async (base, tokens) =>
			(await completion()).save(
				env.CC_TOKEN_KEYCHAIN === '1' ? {...base, keychain: keychainRequested} : base,
				tokens,
			),
		fetchAccount: async (accessToken) => (await completion()).fetchAccount(accessToken),
		saveAccount: async (profile, account) => (await completion()).saveAccount(profile, account),
		now: () => Date.now(),
	};
}
