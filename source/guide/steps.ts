// The guide's steps, one row each: the words (written for today's V3 developer portal; the note
// for people holding the old V2 (Mashery) article is in the first step), and everything else a
// step decides: its text fields, its list, what Enter and `c` do, its key hints and when it is
// done, in the order of state/step-order.ts.
import {
	type AppKind,
	allScopes,
	appKindPortalNames,
	appKinds,
	defaultApiBaseUrl,
} from '../provider/constant-contact.js';
import {handOverLines} from '../session/hand-over.js';
import {currentPlatform, defaultShell, type ShellName} from '../system/platform.js';
import type {KeyCommand} from './key-command.js';
import {credentialRows, hasTokens} from './state/credentials.js';
import type {FieldName, GuideState} from './state/guide-state.js';
import {
	apiKeyCheck,
	clientSecret,
	portProblem,
	redirectCheck,
	redirectUri,
	selectedScopes,
} from './state/inputs.js';
import {type StepId, stepIndex, stepNumber} from './state/step-order.js';

/** Links are resolved when shown: the portal differs in the demo, the authorize URL is live. */
export type LinkKind = 'portal' | 'authorize';

/** What Enter does on a step (and while no field is focused). */
export type EnterAction = 'next' | 'focus' | 'choose-kind' | 'toggle' | 'copy' | 'sign-in';

/** The cursor of a step's list, moved by ↑↓. */
export type ListCursor = 'kindCursor' | 'scopeCursor' | 'credentialCursor' | 'commandCursor';

/** A key worth naming on the bottom line; the lowest rank goes first when room runs out. */
export interface Hint {
	command: KeyCommand;
	words: string;
	rank: number;
}

/** What the steps need to know of where the guide runs. */
export interface StepContext {
	profileName: string;
	portalUrl: string;
	/** The V3 API's base the guide signs in for (the emulator's in tests and the demo). */
	apiBaseUrl?: string;
}

export interface Step {
	id: StepId;
	title: string;
	/** The name in the step list. */
	short: string;
	/** The paragraphs; some depend on the kind of application. */
	body(state: GuideState): string[];
	/** What `o` opens on this step. */
	link?: {kind: LinkKind; label: string};
	/** A side note, set apart from the body. */
	note?: string;
	/** The one-line "what now" at the bottom of the pane. */
	next(state: GuideState): string;
	/** Why the step does not apply to the chosen kind of application, when it does not. */
	skipped?(state: GuideState): string | undefined;
	/** The text fields, in Tab order, that the step offers in this state. */
	fields?(state: GuideState): FieldName[];
	/** The list ↑↓ choose in, and how long it is. */
	list?: {cursor: ListCursor; length(state: GuideState): number};
	enter: EnterAction;
	/** Whether the step shows secrets, hidden until `r` shows them. */
	secrets?: boolean;
	/** What `w` shows whole, one value per line, for selecting with the mouse. */
	wholeValues?(state: GuideState): {label: string; value: string}[];
	/** What `c` copies here, if anything yet. */
	copy?(state: GuideState, context: StepContext): {text: string; label: string} | undefined;
	/** The step's own keys for the bottom line. */
	hints(state: GuideState): Hint[];
	/** Whether the step has earned its ✓: its condition holds, not merely that it was seen. */
	done(state: GuideState): boolean;
}

const n = stepNumber;
const always = (text: string) => () => text;
// A step jumped over was never read: only one shown and then left for a later one counts.
const passed = (state: GuideState, id: StepId) =>
	state.visited.includes(stepIndex(id)) && state.furthest > stepIndex(id);
const reached = (state: GuideState, id: StepId) => state.visited.includes(stepIndex(id));
const typeHint: Hint = {command: 'enter', words: 'type or paste', rank: 90};

// The commands offered in the last step, in the shell the person most likely uses ({profile}
// becomes " --profile NAME" when not default; {url} is the account summary on the API server the
// profile signed in with). The token never goes on a command line, where every user of the
// machine could read it: the shell's own printf hands curl the header on its standard input.
// PowerShell and cmd end that line with CR LF, which curl would send as part of the header, so
// there cc-token makes the call itself.
const shellCommands: Record<'env' | 'call', Record<ShellName, string>> = {
	env: {
		sh: 'eval "$(cc-token env{profile})"',
		bash: 'eval "$(cc-token env{profile})"',
		zsh: 'eval "$(cc-token env{profile})"',
		fish: 'cc-token env{profile} --shell fish | source',
		powershell: 'cc-token env{profile} --shell powershell | Invoke-Expression',
		cmd: `for /f "delims=" %i in ('cc-token env{profile} --shell cmd') do %i`,
	},
	call: {
		sh: `printf 'Authorization: Bearer %s\\n' "$(cc-token token{profile})" | curl -H @- {url}`,
		bash: `printf 'Authorization: Bearer %s\\n' "$(cc-token token{profile})" | curl -H @- {url}`,
		zsh: `printf 'Authorization: Bearer %s\\n' "$(cc-token token{profile})" | curl -H @- {url}`,
		fish: `printf 'Authorization: Bearer %s\\n' (cc-token token{profile}) | curl -H @- {url}`,
		powershell: 'cc-token api /account/summary{profile}',
		cmd: 'cc-token api /account/summary{profile}',
	},
};

export function usageCommands(
	profileName: string,
	shell: ShellName = defaultShell(currentPlatform()),
	apiBaseUrl: string = defaultApiBaseUrl,
): {label: string; command: string}[] {
	const profile = profileName === 'default' ? '' : ` --profile ${profileName}`;
	return [
		{
			label: 'Put the API key and a fresh access token in your shell’s environment',
			command: shellCommands.env[shell],
		},
		{label: 'Call the API with a fresh token', command: shellCommands.call[shell]},
		{
			label: 'See who is signed in and how long the token lasts',
			command: 'cc-token status{profile}',
		},
	].map(({label, command}) => ({
		label,
		command: command
			.replace('{profile}', profile)
			.replace('{url}', `${apiBaseUrl}/account/summary`),
	}));
}

/**
 * The demo's credentials go with its temporary folder, so its last step offers the way on
 * instead: the stand-in run on its own (it prints the lines that point cc-token at it), or the
 * guide for a real account. Each line works as it is pasted.
 */
export const demoOnward: readonly {label: string; command: string; summary: string}[] = [
	{
		label:
			'Keep going against the stand-in once the demo is over: run this in a terminal of its own, and paste the lines it prints into another',
		command: 'cc-token emulator',
		summary: 'runs the stand-in and prints how to use it',
	},
	{
		label: 'Get an API key and token for your own Constant Contact account',
		command: 'cc-token',
		summary: 'the guide, for your own account',
	},
];

/** The lines the last step offers: how to use the token, or in the demo, how to go on. */
export function lastStepCommands(
	state: GuideState,
	context: StepContext,
): {label: string; command: string}[] {
	if (state.demoApps) return [...demoOnward];
	// The server the sign-in went to (the emulator, say), else the one the guide signs in with.
	const apiBaseUrl = state.credentials?.server?.apiBaseUrl ?? context.apiBaseUrl;
	return usageCommands(context.profileName, undefined, apiBaseUrl);
}

/** How each kind of application is offered when it is created: the portal's words first. */
export const kindChoices: Record<AppKind, {portal: string; when: string}> = {
	pkce: {
		portal: appKindPortalNames.pkce,
		when: 'Recommended when you sign in at your own computer: a public client, no secret to keep. cc-token proves each sign-in with PKCE.',
	},
	device: {
		portal: appKindPortalNames.device,
		when: 'For a machine without a browser (a server, a session over SSH): you approve on your phone or another computer by entering a code. It has no redirect URI.',
	},
	code: {
		portal: appKindPortalNames.code,
		when: 'When your integration needs a client secret: a confidential client. Constant Contact refuses its sign-in without the secret, so you will paste it here too.',
	},
};

/** The kinds in the order they are offered. */
export const kindOrder: readonly AppKind[] = appKinds;

const kindName = (kind: AppKind) => kindChoices[kind].portal;

function signInHints(state: GuideState): Hint[] {
	const {signIn} = state;
	// Only a Device Flow app can take a code on another device; only the others use the browser.
	const otherWay = state.kind === undefined;
	switch (signIn.phase) {
		case 'waiting':
			if (signIn.exchanging) return [];
			return signIn.way === 'browser'
				? [
						{command: 'enter', words: 'paste address', rank: 90},
						{command: 'copy', words: 'copy', rank: 80},
						{command: 'open', words: 'open', rank: 75},
						...(otherWay
							? [{command: 'sign-in-device', words: 'code instead', rank: 40} as const]
							: []),
					]
				: [
						{command: 'copy', words: 'copy code', rank: 90},
						{command: 'open', words: 'open', rank: 75},
						...(otherWay
							? [{command: 'sign-in', words: 'browser instead', rank: 40} as const]
							: []),
					];
		case 'failed':
			return [
				{command: 'enter', words: 'try again', rank: 90},
				...(otherWay
					? [
							signIn.way === 'browser'
								? ({command: 'sign-in-device', words: 'code instead', rank: 50} as const)
								: ({command: 'sign-in', words: 'browser instead', rank: 50} as const),
						]
					: []),
			];
		case 'starting':
			return [];
		case 'idle':
			return [
				{command: 'enter', words: state.kind === 'device' ? 'get a code' : 'sign in', rank: 90},
				...(otherWay
					? [{command: 'sign-in-device', words: 'code on another device', rank: 50} as const]
					: []),
			];
	}
}

export const steps: readonly Step[] = [
	{
		id: 'intro',
		short: 'What you will get',
		title: 'What you will get and how this works',
		body: () => [
			'An API key names your integration to Constant Contact; an access token lets it act for your account. In a few minutes you will have both, saved and ready for scripts.',
			'You log in to the developer portal, create an application (it has the API key), tell cc-token which kind it is, choose scopes, and approve once in your browser or on your phone. cc-token catches the answer and keeps the token fresh.',
		],
		note: 'Following the old V2 guide? Mashery and its API Tester are gone, and V2 keys can no longer be created. The journey is the same on the V3 portal, and this guide walks you through it.',
		next: always('Press → to begin.'),
		enter: 'next',
		hints: () => [],
		done: (state) => passed(state, 'intro'),
	},
	{
		id: 'portal',
		short: 'Log in to the portal',
		title: 'Log in to the developer portal',
		body: () => [
			'Log in with your normal Constant Contact account: there is no separate developer account any more. No account yet? Signing up there creates a free trial account, which is enough for an API key.',
		],
		link: {kind: 'portal', label: 'the developer portal'},
		next: always('When you see My Applications, press →.'),
		enter: 'next',
		hints: () => [],
		done: (state) => passed(state, 'portal'),
	},
	{
		id: 'create-app',
		short: 'Create the app',
		title: 'Create the application',
		body: () => [
			'Click New Application and name it, for example after your integration. The name may not contain “Constant Contact”.',
			'Under Application OAuth2 Settings an application gets one flow, and only one. Choose it there, and the same one below:',
		],
		note: 'Refresh Token Type: Rotating is recommended. Each refresh hands out a new refresh token and retires the old one, so a leaked copy soon stops working. Long Lived keeps one until it goes unused for 180 days. cc-token handles both safely.',
		link: {kind: 'portal', label: 'the developer portal'},
		next: (state) =>
			state.kind
				? 'Save the application, then press → for its API key.'
				: '↑/↓ and Enter: the flow you chose in the portal.',
		list: {cursor: 'kindCursor', length: () => kindOrder.length},
		enter: 'choose-kind',
		hints: () => [
			{command: 'down', words: 'choose', rank: 80},
			{command: 'enter', words: 'this flow', rank: 90},
		],
		done: (state) => state.kind !== undefined,
	},
	{
		id: 'api-key',
		short: 'Paste the API key',
		title: 'Paste the API key',
		body: () => [
			'The application’s page shows its API Key, like 1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d. It is the OAuth client id: it names your application and is not secret on its own. Copy it and paste it here.',
		],
		link: {kind: 'portal', label: 'the developer portal'},
		next: always('Enter, then paste · → once it shows ✓.'),
		fields: () => ['apiKey'],
		enter: 'focus',
		hints: () => [typeHint],
		done: (state) => apiKeyCheck(state).ok,
	},
	{
		id: 'secret',
		short: 'Paste the secret',
		title: 'Paste the client secret',
		// One account of the secret for the kind in hand: required for an Authorization Code
		// app; for a flow not yet said, needed only if it is that one.
		body: (state) => [
			state.kind === 'code'
				? `An ${kindName('code')} app is a confidential client: Constant Contact’s token endpoint refuses its sign-in without the secret. On the application’s page, click Generate Secret, copy it and paste it here.`
				: `Only an ${kindName('code')} app has a secret, and it cannot sign in without it: on the application’s page, click Generate Secret, copy it and paste it here. A ${kindName('pkce')} or ${kindName('device')} app has none: leave this empty (step ${n('create-app')} says which you chose).`,
			'The portal shows a secret only once, and generating another invalidates the old one wherever it is used. cc-token keeps it with your profile, readable only by you.',
		],
		link: {kind: 'portal', label: 'the developer portal'},
		next: (state) =>
			state.kind === 'code'
				? 'Enter, then paste (it stays hidden) · → once it is in.'
				: 'Enter, then paste (it stays hidden) · → once it is in, or if there is none.',
		skipped: (state) =>
			state.kind === 'pkce' || state.kind === 'device'
				? `Not needed: a ${kindName(state.kind)} app is a public client and has no secret. Press → to go on.`
				: undefined,
		fields: () => ['clientSecret'],
		enter: 'focus',
		hints: () => [typeHint],
		done: (state) => state.kind === 'code' && clientSecret(state) !== undefined,
	},
	{
		id: 'redirect',
		short: 'Redirect URI',
		title: 'Register the redirect URI',
		body: () => [
			'After you approve, Constant Contact sends your browser to a redirect URI, where cc-token listens on this computer only. Add this exact address under Redirect URIs in your application and save:',
		],
		link: {kind: 'portal', label: 'the developer portal'},
		note: `It must match exactly: scheme, host, port and path. Kept the portal’s default https://localhost? Add the address above as well (several are allowed), or keep only the default: after you approve, the browser lands on a page that does not load, and you paste its address in step ${n('sign-in')}.`,
		next: always('c copies the address · Enter changes the port · → when registered.'),
		skipped: (state) =>
			state.kind === 'device'
				? `Not needed: a ${kindName('device')} app has no redirect URI; you approve on another device instead. Press → to go on.`
				: undefined,
		fields: () => ['port'],
		enter: 'focus',
		copy: (state) => ({text: redirectUri(state), label: 'the redirect URI'}),
		hints: () => [
			{command: 'copy', words: 'copy', rank: 90},
			{command: 'enter', words: 'change port', rank: 70},
		],
		done: (state) =>
			state.kind !== 'device' &&
			passed(state, 'redirect') &&
			portProblem(state) === undefined &&
			redirectCheck(state).ok,
	},
	{
		id: 'scopes',
		short: 'Scopes',
		title: 'Choose what the token may do',
		body: () => [
			'Scopes limit what the access token can do. All are on by default, which is what most integrations expect.',
		],
		next: always('↑/↓ choose · Space or Enter switches · → to sign in.'),
		list: {cursor: 'scopeCursor', length: () => allScopes.length},
		enter: 'toggle',
		hints: () => [
			{command: 'down', words: 'choose', rank: 80},
			{command: 'toggle', words: 'toggle', rank: 90},
		],
		done: (state) => passed(state, 'scopes') && selectedScopes(state).length > 0,
	},
	{
		id: 'sign-in',
		short: 'Sign in',
		title: 'Sign in',
		body: (state) => [
			state.kind === 'device'
				? 'cc-token asks Constant Contact for a code and shows it with the page to enter it on, on your phone or any computer. Log in there, enter the code and click Allow; cc-token finishes by itself.'
				: 'cc-token shows the sign-in address, opens your browser and waits while you log in and click Allow. You can read the other steps meanwhile.',
		],
		link: {kind: 'authorize', label: 'the sign-in page'},
		next: always('Enter or s starts the sign-in; s again starts over.'),
		// The paste box only means something while a browser sign-in waits for it.
		fields: ({signIn}) => (signIn.phase === 'waiting' && signIn.way === 'browser' ? ['paste'] : []),
		enter: 'sign-in',
		wholeValues: ({signIn}) => {
			if (signIn.phase !== 'waiting') return [];
			if (signIn.way === 'device') {
				if (!signIn.device) return [];
				return [
					{label: 'The page', value: signIn.device.verificationUri},
					{label: 'The code', value: signIn.device.userCode},
					...(signIn.device.verificationUriComplete
						? [{label: 'The page with the code', value: signIn.device.verificationUriComplete}]
						: []),
				];
			}
			return signIn.authorizeUrl
				? [{label: 'The sign-in address', value: signIn.authorizeUrl}]
				: [];
		},
		copy: ({signIn}) => {
			if (signIn.phase !== 'waiting') return undefined;
			if (signIn.way === 'device') {
				return signIn.device && {text: signIn.device.userCode, label: 'the code'};
			}
			return signIn.authorizeUrl
				? {text: signIn.authorizeUrl, label: 'the sign-in address'}
				: undefined;
		},
		hints: signInHints,
		done: hasTokens,
	},
	{
		id: 'credentials',
		short: 'Your credentials',
		title: 'Your credentials',
		// The same words `cc-token login` ends with (session/hand-over.ts).
		body: () => [handOverLines().join(' ')],
		next: always('↑/↓ choose · c copies · r shows or hides the tokens.'),
		list: {cursor: 'credentialCursor', length: (state) => credentialRows(state).length},
		enter: 'copy',
		secrets: true,
		wholeValues: (state) =>
			credentialRows(state).map((row) => ({label: row.label, value: row.value})),
		copy: (state) => {
			const row = credentialRows(state)[state.credentialCursor];
			return row && {text: row.value, label: row.what};
		},
		hints: () => [
			{command: 'down', words: 'choose', rank: 70},
			{command: 'copy', words: 'copy', rank: 90},
			{command: 'reveal', words: 'show/hide', rank: 80},
			{command: 'whole-values', words: 'whole values', rank: 50},
		],
		done: (state) => hasTokens(state) && reached(state, 'credentials'),
	},
	{
		id: 'use-it',
		short: 'Use it',
		title: 'Use it',
		body: (state) => [
			state.demoApps
				? 'The demo’s credentials go when you quit, with its temporary folder. To go on from here:'
				: '`cc-token token` prints a valid access token, refreshing it when it is about to expire, and many scripts may call it at once.',
		],
		next: always('↑/↓ choose a line · c copies it.'),
		list: {
			cursor: 'commandCursor',
			// How many lines there are does not depend on the context.
			length: (state) => lastStepCommands(state, {profileName: 'default', portalUrl: ''}).length,
		},
		enter: 'copy',
		copy: (state, context) => {
			const line = lastStepCommands(state, context)[state.commandCursor];
			return line && {text: line.command, label: 'the command'};
		},
		hints: () => [
			{command: 'down', words: 'choose', rank: 70},
			{command: 'copy', words: 'copy', rank: 90},
		],
		done: (state) => hasTokens(state) && reached(state, 'use-it'),
	},
];

export function currentStep(state: GuideState): Step {
	return steps[state.step]!;
}

export function stepFields(state: GuideState): FieldName[] {
	return currentStep(state).fields?.(state) ?? [];
}

/** Where `o` leads on the current step, once there is somewhere to go. */
export function stepLink(
	state: GuideState,
	context: StepContext,
): {url: string; label: string} | undefined {
	const link = currentStep(state).link;
	switch (link?.kind) {
		case 'portal':
			return {url: context.portalUrl, label: link.label};
		case 'authorize': {
			const {signIn} = state;
			if (signIn.phase !== 'waiting') return undefined;
			if (signIn.way === 'device') {
				return signIn.device
					? {
							url: signIn.device.verificationUriComplete ?? signIn.device.verificationUri,
							label: 'the page for the code',
						}
					: undefined;
			}
			return signIn.authorizeUrl ? {url: signIn.authorizeUrl, label: link.label} : undefined;
		}
		default:
			return undefined;
	}
}

/** The next step in that direction that applies to the chosen kind (or the last one there). */
export function stepAfter(state: GuideState, delta: 1 | -1): number {
	let index = state.step + delta;
	while (index >= 0 && index < steps.length && steps[index]!.skipped?.(state)) index += delta;
	return Math.min(Math.max(index, 0), steps.length - 1);
}

/**
 * Which steps the step list marks ✓: those the person has been to and that hold. A step filled
 * in beforehand (the demo's application, a stored key) is not done until it has been seen.
 */
export function doneMarks(state: GuideState): boolean[] {
	return steps.map((step, index) => state.visited.includes(index) && step.done(state));
}
