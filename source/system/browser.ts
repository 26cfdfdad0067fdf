// Opening the browser is best effort. The caller prints the address first; this module decides
// whether trying makes sense here, tries without ever handing the address to a shell, and
// says what happened so the person knows what to do if nothing appeared.
import {spawn} from 'node:child_process';
import {accessSync, constants} from 'node:fs';
import path, {delimiter, join} from 'node:path';
import {defaultRedirectPort} from '../provider/constant-contact.js';
import type {Environment} from './environment.js';
import {reassertRawMode} from './terminal.js';

export type BrowserPlan =
	/** BROWSER is set: run it with the address as its only argument. A Windows batch file
	 * (.cmd, .bat) cannot be started directly (EINVAL): cmd.exe runs it. */
	| {kind: 'command'; command: string; batchFile?: boolean}
	/** Inside WSL: hand the address to Windows. */
	| {kind: 'wsl'}
	/** On Windows: the system's URL handler, without PowerShell. */
	| {kind: 'windows'}
	/** The `open` package: open, start or xdg-open. */
	| {kind: 'open'}
	| {kind: 'none'; reason: string; advice: string};

export interface BrowserOutcome {
	opened: boolean;
	message: string;
}

const unknownHost = '<this-host>';

const pasteInstead =
	'When the browser ends on a page that cannot load, copy that page’s address and paste it here.';

export interface BrowserPlanOptions {
	/** --no-browser: print the address only. */
	noBrowser?: boolean;
	/** The redirect's port, for the SSH tunnel advice; default the suggested redirect's. */
	port?: number;
}

export function planBrowser(
	environment: Environment,
	env: NodeJS.ProcessEnv = process.env,
	options: BrowserPlanOptions = {},
): BrowserPlan {
	if (options.noBrowser) {
		return {
			kind: 'none',
			reason: 'you asked for no browser (--no-browser)',
			advice: 'Printing the address only: open it in a browser yourself.',
		};
	}
	const command = env.BROWSER?.trim();
	if (command) {
		const batchFile = environment.platform === 'win32' && /\.(cmd|bat)$/i.test(command);
		return {kind: 'command', command, ...(batchFile ? {batchFile} : {})};
	}
	if (environment.ssh) {
		const tunnel = sshTunnelCommand(options.port ?? defaultRedirectPort, environment, env);
		const placeholderNote = tunnel.includes(unknownHost)
			? ` (put this machine’s address in place of ${unknownHost})`
			: '';
		return {
			kind: 'none',
			reason: 'you are connected over SSH, so a browser here would open on the remote machine',
			advice: `Open the address above in a browser on your own computer. So the sign-in can finish by itself, first run this on that computer${placeholderNote}:\n  ${tunnel}\nWithout the tunnel: ${pasteInstead}`,
		};
	}
	if (environment.wsl) return {kind: 'wsl'};
	if (environment.platform === 'win32') return {kind: 'windows'};
	if (!environment.display) {
		return {
			kind: 'none',
			reason: environment.container
				? 'cc-token is running in a container without a display, so there is no browser to open'
				: 'there is no display here (neither DISPLAY nor WAYLAND_DISPLAY is set), so no browser can open',
			advice: `Open the address above in a browser on your own computer. ${pasteInstead}`,
		};
	}
	return {kind: 'open'};
}

/** The line to run on the machine with the browser, so its localhost reaches this machine's. */
export function sshTunnelCommand(
	port: number,
	environment: Environment,
	env: NodeJS.ProcessEnv = process.env,
): string {
	const host = environment.ssh?.host ?? unknownHost;
	const user = env.USER || env.LOGNAME;
	// Anything unusual in USER stays out of a line people paste into their shell.
	const destination = user && /^[\w.-]+$/.test(user) ? `${user}@${host}` : host;
	return `ssh -N -L ${port}:localhost:${port} ${destination}`;
}

export async function openInBrowser(
	url: string,
	plan: BrowserPlan,
	env: NodeJS.ProcessEnv = process.env,
): Promise<BrowserOutcome> {
	const outcome = await openFor(url, plan, env);
	// The launcher may have switched a Windows console out of raw mode (keys would echo).
	reassertRawMode();
	return outcome;
}

async function openFor(
	url: string,
	plan: BrowserPlan,
	env: NodeJS.ProcessEnv,
): Promise<BrowserOutcome> {
	if (plan.kind === 'none') {
		return {opened: false, message: `Not opening a browser: ${plan.reason}. ${plan.advice}`};
	}
	const address = URL.parse(url);
	// Also keeps anything that could pass for an option (`-…`) away from the programs below.
	if (address?.protocol !== 'http:' && address?.protocol !== 'https:') {
		return {opened: false, message: 'Not opening a browser: only http and https addresses open.'};
	}
	switch (plan.kind) {
		case 'command':
			return openWithBrowserVariable(plan, url, env);
		case 'wsl':
			return openInWindows(address, env);
		case 'windows':
			return openOnWindows(address, env);
		case 'open':
			return openWithSystemDefault(url);
	}
}

async function openWithBrowserVariable(
	{command, batchFile}: {command: string; batchFile?: boolean},
	url: string,
	env: NodeJS.ProcessEnv,
): Promise<BrowserOutcome> {
	const failure = batchFile
		? await launch(...batchFileInvocation(command, [url], env), env)
		: await launch(command, [url], {}, env);
	if (!failure)
		return {opened: true, message: `Started your BROWSER (${command}) with the address.`};
	return {
		opened: false,
		message: `Could not start your BROWSER (${command}): ${describeLaunchFailure(failure)}. Fix or unset BROWSER, or open the address above yourself.`,
	};
}

async function openInWindows(address: URL, env: NodeJS.ProcessEnv): Promise<BrowserOutcome> {
	const launcher = windowsLauncher(address, env);
	if (!launcher) {
		return {
			opened: false,
			message:
				'Could not reach Windows from WSL: neither wslview nor rundll32.exe was found. Open the address above in your Windows browser yourself.',
		};
	}
	const failure = await launch(launcher.command, launcher.args, {}, env);
	if (!failure) {
		return {opened: true, message: 'Asked Windows to open the address in your default browser.'};
	}
	return {
		opened: false,
		message: `Could not start ${launcher.command}: ${describeLaunchFailure(failure)}. Open the address above in your Windows browser yourself.`,
	};
}

function windowsLauncher(
	address: URL,
	env: NodeJS.ProcessEnv,
): {command: string; args: string[]} | undefined {
	const wslview = findOnPath('wslview', env);
	if (wslview) return {command: wslview, args: [address.href]};
	// FileProtocolHandler takes the rest of its command line as the address, with no shell to
	// misread `&`. The serialized address has spaces and quotes escaped, so WSL passes it on
	// to Windows as it is, unquoted.
	const rundll32 =
		findOnPath('rundll32.exe', env) ?? executable('/mnt/c/Windows/System32/rundll32.exe');
	if (rundll32) return {command: rundll32, args: ['url.dll,FileProtocolHandler', address.href]};
	return undefined;
}

async function openWithSystemDefault(url: string): Promise<BrowserOutcome> {
	try {
		const {default: open} = await import('open');
		// Resolves once the launcher starts; whether a browser follows (xdg-open may give up
		// later) cannot be known, so the message leaves room for nothing appearing.
		await open(url, {wait: false});
		return {
			opened: true,
			message:
				'Asked the system to open the address in your browser. If none appears, open the address above yourself.',
		};
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		return {
			opened: false,
			message: `Could not open a browser here: the system’s opener failed to start${code ? ` (${code})` : ''}. Open the address above yourself.`,
		};
	}
}

/**
 * On Windows itself: the URL handler every Windows has (rundll32 url.dll,FileProtocolHandler,
 * as `start` uses), then Explorer; never PowerShell, which may be missing, slow to start or
 * blocked by policy. Both take the address as one argument with no shell to misread `&`.
 */
async function openOnWindows(address: URL, env: NodeJS.ProcessEnv): Promise<BrowserOutcome> {
	const system32 = env.SystemRoot ? path.win32.join(env.SystemRoot, 'System32') : undefined;
	const launchers = [
		{
			command: system32 ? path.win32.join(system32, 'rundll32.exe') : 'rundll32.exe',
			args: ['url.dll,FileProtocolHandler', address.href],
		},
		{
			command: env.SystemRoot ? path.win32.join(env.SystemRoot, 'explorer.exe') : 'explorer.exe',
			args: [address.href],
		},
	];
	let failure: unknown;
	for (const launcher of launchers) {
		failure = await launch(launcher.command, launcher.args, {}, env);
		if (!failure) {
			return {opened: true, message: 'Asked Windows to open the address in your default browser.'};
		}
	}
	return {
		opened: false,
		message: `Could not ask Windows to open a browser: ${describeLaunchFailure(failure)}. Open the address above yourself.`,
	};
}

// cmd.exe's special characters; each is taken literally when it follows a caret.
const cmdSpecial = /([()\][%!^"`<>&|;, *?])/g;

/** One argument as Windows programs split a command line (the C runtime's rules), quoted. */
function quoteForWindows(argument: string): string {
	const escaped = argument.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\*)$/, '$1$1');
	return `"${escaped}"`;
}

/**
 * How to run a batch file with these arguments: through cmd.exe (Node refuses to start one
 * directly), every special character escaped with a caret, twice for the arguments, as cmd reads
 * them once for the command line and again where the batch file passes them on (%*, %1).
 */
export function batchFileInvocation(
	command: string,
	args: string[],
	env: NodeJS.ProcessEnv,
): [string, string[], {windowsVerbatimArguments: true}] {
	const caret = (text: string) => text.replace(cmdSpecial, '^$1');
	const line = [caret(command), ...args.map((arg) => caret(caret(quoteForWindows(arg))))].join(' ');
	return [
		env.ComSpec || 'cmd.exe',
		['/d', '/s', '/c', `"${line}"`],
		{windowsVerbatimArguments: true},
	];
}

/** Starts a program that outlives cc-token, without a shell; resolves with its start-up error, if any. */
function launch(
	command: string,
	args: string[],
	options: {windowsVerbatimArguments?: boolean},
	env: NodeJS.ProcessEnv,
): Promise<unknown> {
	return new Promise((resolve) => {
		try {
			const child = spawn(command, args, {
				...options,
				env,
				detached: true,
				stdio: 'ignore',
				windowsHide: true,
			});
			child.once('error', resolve);
			child.once('spawn', () => {
				child.off('error', resolve);
				child.unref();
				resolve(undefined);
			});
		} catch (error) {
			resolve(error);
		}
	});
}

function describeLaunchFailure(error: unknown): string {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	if (code === 'ENOENT') return 'no such program';
	if (code === 'EACCES') return 'it is not executable';
	return code ? `it failed to start (${code})` : 'it failed to start';
}

function findOnPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
	for (const directory of (env.PATH ?? '').split(delimiter)) {
		const found = directory ? executable(join(directory, name)) : undefined;
		if (found) return found;
	}
	return undefined;
}

function executable(path: string): string | undefined {
	try {
		accessSync(path, constants.X_OK);
		return path;
	} catch {
		return undefined;
	}
}
