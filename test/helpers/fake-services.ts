// In-memory stand-ins for the guide's services: they record what was opened, copied and saved,
// and hand out sign-in sessions the test finishes by hand.
import type {SignInEvent, SignInOptions, SignInSession, TokenSet} from '../../source/auth/types.js';
import {CcTokenError} from '../../source/errors.js';
import type {CopyResult, GuideServices, GuideSetup} from '../../source/guide/services.js';
import type {Account, Profile} from '../../source/store/index.js';

export const now = Date.UTC(2026, 0, 15, 12, 0, 0);
export const apiKey = '1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d';
export const accessToken = 'eyJhbGciOiJSUzI1NiJ9.access-token-value';
export const refreshToken = 'refresh-token-value-0123456789';

export function tokens(scopes = ['account_read', 'offline_access']): TokenSet {
	return {
		accessToken,
		tokenType: 'Bearer',
		expiresAt: now + 86_400_000,
		refreshToken: scopes.includes('offline_access') ? refreshToken : undefined,
		scopes,
		receivedAt: now,
	};
}

export interface FakeSession {
	options: SignInOptions | Omit<SignInOptions, 'endpoints'>;
	pasted: string[];
	cancelled: boolean;
	/** Reports an event as the engine would. */
	emit(event: SignInEvent): void;
	succeed(result?: TokenSet): void;
	fail(error: CcTokenError): void;
}

export interface Recorder {
	opened: string[];
	copied: string[];
	saved: Profile[];
	accounts: Account[];
	sessions: FakeSession[];
}

export function fakeServices(overrides: Partial<GuideServices> = {}): {
	services: GuideServices;
	record: Recorder;
} {
	const record: Recorder = {opened: [], copied: [], saved: [], accounts: [], sessions: []};
	const services: GuideServices = {
		// The server said nothing it recognised: the sign-in goes on as asked.
		async preflight() {
			return {notes: []};
		},
		async startSignIn(options) {
			let settle!: {resolve: (value: TokenSet) => void; reject: (error: unknown) => void};
			const result = new Promise<{route: 'loopback'; tokens: TokenSet}>((resolve, reject) => {
				settle = {resolve: (value) => resolve({route: 'loopback', tokens: value}), reject};
			});
			// Nobody may be listening to a cancelled session's result.
			result.catch(() => {});
			const fake: FakeSession = {
				options,
				pasted: [],
				cancelled: false,
				emit: (event) => options.onEvent?.(event),
				succeed: (value = tokens()) => settle.resolve(value),
				fail: (error) => settle.reject(error),
			};
			record.sessions.push(fake);
			// A device-only sign-in has no listener and no address for the browser.
			const browser = !options.routes || options.routes.some((route) => route !== 'device');
			if (browser) {
				options.onEvent?.({
					type: 'listening',
					redirectUri: options.redirectUri,
					addresses: ['127.0.0.1'],
				});
			}
			const session: SignInSession = {
				...(browser
					? {
							authorizeUrl: `https://authz.example.test/authorize?client_id=${options.apiKey}&state=s${record.sessions.length}`,
						}
					: {}),
				async submitPaste(text) {
					fake.pasted.push(text);
					if (!text.includes('code=')) {
						throw new CcTokenError('bad_input', 'That address has no code in it.');
					}
					options.onEvent?.({type: 'exchanging', route: 'paste'});
					fake.succeed();
				},
				result,
				cancel() {
					fake.cancelled = true;
					settle.reject(new CcTokenError('cancelled', 'The sign-in was cancelled.'));
				},
			};
			return session;
		},
		async openInBrowser(url) {
			record.opened.push(url);
			return {opened: true, message: 'Opened the address in your browser.'};
		},
		async copy(text): Promise<CopyResult> {
			record.copied.push(text);
			return {ok: true, via: 'system clipboard'};
		},
		async saveSignIn(base, signedIn) {
			const profile: Profile = {
				...base,
				accessToken: signedIn.accessToken,
				accessTokenExpiresAt: signedIn.expiresAt,
				refreshToken: signedIn.refreshToken,
				scopes: signedIn.scopes,
				signedInAt: now,
			};
			record.saved.push(profile);
			return profile;
		},
		async fetchAccount() {
			return {name: 'Maya Okafor', email: 'maya@bakery.example', organization: 'Juniper Bakery'};
		},
		async saveAccount(_profile, account) {
			record.accounts.push(account);
		},
		now: () => now,
		...overrides,
	};
	return {services, record};
}

export const setup: GuideSetup = {
	profileName: 'default',
	storeFile: '/home/maya/.config/cc-token-nodejs/config.json',
	portalUrl: 'https://portal.example.test/pages/dma/portal/',
};
