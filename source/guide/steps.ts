// The guide's words, kept as data so that the panes only lay them out. Written for today's V3
// developer portal; the note for people holding the old V2 (Mashery) article is in step 1.
import {defaultApiBaseUrl} from '../provider/constant-contact.js';

export type StepId =
	| 'intro'
	| 'portal'
	| 'create-app'
	| 'api-key'
	| 'secret'
	| 'redirect'
	| 'scopes'
	| 'sign-in'
	| 'credentials'
	| 'use-it';

/** Links are resolved when shown: the portal differs in the demo, the authorize URL is live. */
export type LinkKind = 'portal' | 'authorize';

export interface Step {
	id: StepId;
	title: string;
	/** The name in the step list. */
	short: string;
	body: string[];
	/** What `o` opens on this step. */
	link?: {kind: LinkKind; label: string};
	/** A side note, set apart from the body. */
	note?: string;
	/** The one-line "what now" at the bottom of the pane. */
	next: string;
}

export const steps: readonly Step[] = [
	{
		id: 'intro',
		short: 'What you will get',
		title: 'What you will get and how this works',
		body: [
			'An API key names your integration to Constant Contact; an access token lets it act for your account. In a few minutes you will have both, saved and ready for scripts.',
			'You log in to the developer portal, create an application (it has the API key), register where your browser comes back to, choose scopes, and approve once in your browser. cc-token catches the answer on this computer and keeps the token fresh.',
		],
		note: 'Following the old V2 guide? Mashery and its API Tester are gone, and V2 keys can no longer be created. The journey is the same on the V3 portal, and this guide walks you through it.',
		next: 'Press → to begin.',
	},
	{
		id: 'portal',
		short: 'Log in to the portal',
		title: 'Log in to the developer portal',
		body: [
			'Log in with your normal Constant Contact account: there is no separate developer account any more. No account yet? Signing up there creates a free trial account, which is enough for an API key.',
		],
		link: {kind: 'portal', label: 'the developer portal'},
		next: 'When you see My Applications, press →.',
	},
	{
		id: 'create-app',
		short: 'Create the app',
		title: 'Create the application',
		body: [
			'Click New Application and name it, for example after your integration. The name may not contain “Constant Contact”.',
			'Flow: choose Authorization Code (cc-token adds PKCE itself). Add Device Flow too if you will sign in on machines without a browser.',
			'Refresh Token Type: Rotating is recommended. Each refresh hands out a new refresh token and retires the old one, so a leaked copy soon stops working. Long Lived keeps one until it goes unused for 180 days. cc-token handles both safely.',
		],
		link: {kind: 'portal', label: 'the developer portal'},
		next: 'Save the application, then press → for its API key.',
	},
	{
		id: 'api-key',
		short: 'Paste the API key',
		title: 'Paste the API key',
		body: [
			'The application’s page shows its API Key, like 1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d. It is the OAuth client id: it names your application and is not secret on its own. Copy it and paste it here.',
		],
		link: {kind: 'portal', label: 'the developer portal'},
		next: 'Enter, then paste · → once it shows ✓.',
	},
	{
		id: 'secret',
		short: 'Secret (optional)',
		title: 'The secret (optional)',
		body: [
			'Leave it empty and cc-token signs in as a public client with PKCE: each sign-in carries a one-time proof that only this program can complete. Nothing else is needed.',
			'Or click Generate Secret and paste it here; both work. The portal shows a secret only once, and generating another invalidates the old one wherever it is used.',
		],
		link: {kind: 'portal', label: 'the developer portal'},
		next: 'Enter, then paste (it stays hidden) · → to go on without one.',
	},
	{
		id: 'redirect',
		short: 'Redirect URI',
		title: 'Register the redirect URI',
		body: [
			'After you approve, Constant Contact sends your browser to a redirect URI, where cc-token listens on this computer only. Add this exact address under Redirect URIs in your application and save:',
		],
		link: {kind: 'portal', label: 'the developer portal'},
		note: 'It must match exactly: scheme, host, port and path. Kept the portal’s default https://localhost? Add the address above as well (several are allowed), or keep only the default: after you approve, the browser lands on a page that does not load, and you paste its address in step 8.',
		next: 'c copies the address · Enter changes the port · → when registered.',
	},
	{
		id: 'scopes',
		short: 'Scopes',
		title: 'Choose what the token may do',
		body: [
			'Scopes limit what the access token can do. All are on by default, which is what most integrations expect.',
		],
		next: '↑/↓ choose · Space or Enter switches · → to sign in.',
	},
	{
		id: 'sign-in',
		short: 'Sign in',
		title: 'Sign in',
		body: [
			'cc-token shows the sign-in address, opens your browser and waits while you log in and click Allow. You can read the other steps meanwhile.',
		],
		link: {kind: 'authorize', label: 'the sign-in page'},
		next: 'Enter or s starts the sign-in; s again starts over.',
	},
	{
		id: 'credentials',
		short: 'Your credentials',
		title: 'Your credentials',
		body: [
			'Give the API key and access token to your integration, or let `cc-token token` hand out a fresh token whenever one is needed.',
		],
		next: '↑/↓ choose · c copies · r shows or hides the tokens.',
	},
	{
		id: 'use-it',
		short: 'Use it',
		title: 'Use it',
		body: [
			'`cc-token token` prints a valid access token, refreshing it when it is about to expire, and many scripts may call it at once.',
		],
		next: '↑/↓ choose a line · c copies it.',
	},
];

export const stepCount = steps.length;

// The commands offered in the last step; {profile} becomes " --profile NAME" when not default.
const usageTemplates = [
	{
		label: 'Put the API key and a fresh access token in your shell’s environment',
		command: 'eval "$(cc-token env{profile})"',
	},
	{
		label: 'Call the API with a fresh token',
		command: `curl -H "Authorization: Bearer $(cc-token token{profile})" ${defaultApiBaseUrl}/account/summary`,
	},
	{label: 'See who is signed in and how long the token lasts', command: 'cc-token status{profile}'},
];

export const usageCommandCount = usageTemplates.length;

export function usageCommands(profileName: string): {label: string; command: string}[] {
	const profile = profileName === 'default' ? '' : ` --profile ${profileName}`;
	return usageTemplates.map(({label, command}) => ({
		label,
		command: command.replace('{profile}', profile),
	}));
}
