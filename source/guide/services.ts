// Everything the guide does to the world goes through this one interface: the app receives it
// as a prop, so component tests hand it simple in-memory stand-ins, and the commands hand it
// the real wiring below.
import type {SignInOptions, SignInSession, TokenSet} from '../auth/types.js';
import type {Endpoints} from '../provider/constant-contact.js';
import type {Account, Profile, StoreLocation} from '../store/index.js';
import type {CopyResult} from '../system/clipboard.js';
import type {Environment} from '../system/environment.js';

export type {CopyResult};

/** What a sign-in saves besides the tokens. */
export interface SignInBase {
	apiKey: string;
	clientSecret?: string;
	redirectUri: string;
}

export interface GuideServices {
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
	/** Set by `cc-token demo`: the fields hold the emulator's ready-made application. */
	demo?: boolean;
}

export interface GuideWiring {
	env: NodeJS.ProcessEnv;
	location: StoreLocation;
	profileName: string;
	endpoints: Endpoints;
	noBrowser?: boolean;
	/** Writes straight to the terminal (for OSC 52). */
	writeToTerminal: (data: string) => void;
}

// The modules behind these services (the HTTP client above all) load on first use, so that
// they do not delay the guide's first frame.
export function createGuideServices(wiring: GuideWiring): GuideServices {
	const {env, location, profileName, endpoints} = wiring;
	let environment: Environment | undefined;
	const detected = async () => {
		const {detectEnvironment} = await import('../system/environment.js');
		environment ??= detectEnvironment(env);
		return environment;
	};
	return {
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
		async saveSignIn(base, tokens) {
			const [{profileFromTokens, saveProfile}, {serverOf}] = await Promise.all([
				import('../store/index.js'),
				import('../provider/constant-contact.js'),
			]);
			return saveProfile(
				location,
				profileName,
				profileFromTokens({...base, server: serverOf(endpoints)}, tokens),
			);
		},
		async fetchAccount(accessToken) {
			const {fetchAccountSummary} = await import('../api/account-summary.js');
			const {name, email, organization} = await fetchAccountSummary({endpoints, accessToken});
			return {name, email, organization};
		},
		async saveAccount(profile, account) {
			const {saveProfile} = await import('../store/index.js');
			await saveProfile(location, profileName, (current) => ({...(current ?? profile), account}));
		},
		now: () => Date.now(),
	};
}
