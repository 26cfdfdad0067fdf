// The one module that knows which operating system cc-token runs on. Everything that differs
// between Linux, macOS and Windows (folders, path flavour, the shell people type in, the
// terminal they look at, who owns a file) is read from a Platform value made here, so every
// macOS and Windows branch can run in Linux tests with a simulated platform passed in.
// It loads nothing but node:os and node:path: the fast `cc-token token` path depends on it.
import {homedir} from 'node:os';
import {type PlatformPath, posix, win32} from 'node:path';

/** The file system seam: the settings store, its lock and the fast reader use only this. */
export type FileSystem = typeof import('node:fs');

// Node's fs module itself, asked of Node: imported whole (`import * as`), the CommonJS build of
// the entry would copy it key by key at every start.
const nodeFs: FileSystem = /* @__PURE__ */ process.getBuiltinModule('node:fs');

export type OperatingSystem = 'linux' | 'darwin' | 'win32' | 'other';

export interface Platform {
	os: OperatingSystem;
	env: NodeJS.ProcessEnv;
	home: string;
	/** path.win32 on Windows, path.posix everywhere else. */
	path: PlatformPath;
	/** The user's id where files have owners and modes (not on Windows). */
	uid: number | undefined;
	fs: FileSystem;
}

export function operatingSystem(platform: string): OperatingSystem {
	return platform === 'linux' || platform === 'darwin' || platform === 'win32' ? platform : 'other';
}

let current: Platform | undefined;

/** The platform this process runs on, read once. */
export function currentPlatform(): Platform {
	current ??= {
		os: operatingSystem(process.platform),
		env: process.env,
		home: homedir(),
		path: process.platform === 'win32' ? win32 : posix,
		uid: process.platform === 'win32' ? undefined : process.getuid?.(),
		fs: nodeFs,
	};
	return current;
}

/** A platform as a test describes it: another system, its environment, its home folder. */
export function simulatedPlatform(
	os: OperatingSystem,
	options: {env?: NodeJS.ProcessEnv; home?: string; uid?: number; fs?: FileSystem} = {},
): Platform {
	const flavour = os === 'win32' ? win32 : posix;
	return {
		os,
		env: options.env ?? {},
		home:
			options.home ??
			(os === 'win32' ? 'C:\\Users\\ada' : os === 'darwin' ? '/Users/ada' : '/home/ada'),
		path: flavour,
		uid: os === 'win32' ? undefined : (options.uid ?? 1000),
		fs: options.fs ?? nodeFs,
	};
}

/** True where files have an owner and Unix permission bits that mean something. */
export function hasUnixPermissions(platform: Platform): boolean {
	return platform.os !== 'win32';
}

// conf keeps project `cc-token` in env-paths('cc-token', {suffix: 'nodejs'}).config; this is
// that same folder, so a file written by earlier versions (which used conf) is found here.
const projectFolder = 'cc-token-nodejs';

/** The folder for settings: CC_TOKEN_CONFIG_DIR when set, else the system's usual place. */
export function configFolder(platform: Platform): string {
	const {env, home, path: paths} = platform;
	if (env.CC_TOKEN_CONFIG_DIR) return paths.resolve(env.CC_TOKEN_CONFIG_DIR);
	if (platform.os === 'darwin') return paths.join(home, 'Library', 'Preferences', projectFolder);
	if (platform.os === 'win32') {
		return paths.join(
			env.APPDATA || paths.join(home, 'AppData', 'Roaming'),
			projectFolder,
			'Config',
		);
	}
	return paths.join(env.XDG_CONFIG_HOME || paths.join(home, '.config'), projectFolder);
}

/**
 * The folder for state that must survive a failing settings folder (tokens a save could not
 * write): CC_TOKEN_STATE_DIR when set, else the system's usual place for state, which is on
 * another path than the settings.
 */
export function stateFolder(platform: Platform): string {
	const {env, home, path: paths} = platform;
	if (env.CC_TOKEN_STATE_DIR) return paths.resolve(env.CC_TOKEN_STATE_DIR);
	if (platform.os === 'darwin') {
		return paths.join(home, 'Library', 'Application Support', projectFolder);
	}
	if (platform.os === 'win32') {
		return paths.join(
			env.LOCALAPPDATA || paths.join(home, 'AppData', 'Local'),
			projectFolder,
			'State',
		);
	}
	return paths.join(env.XDG_STATE_HOME || paths.join(home, '.local', 'state'), projectFolder);
}

export type ShellName = 'sh' | 'bash' | 'zsh' | 'fish' | 'powershell' | 'cmd';

/**
 * The shell a person most likely types commands into. SHELL names it on Unix and in Git Bash
 * or MSYS on Windows; plain Windows has no SHELL, and there PowerShell is the default prompt
 * (cmd.exe only when ComSpec is all the environment tells, which is every Windows: so not that).
 */
export function defaultShell(platform: Platform): ShellName {
	const shell = platform.env.SHELL;
	if (shell) {
		const name =
			shell
				.split(/[\\/]/)
				.pop()
				?.replace(/\.exe$/i, '')
				.toLowerCase() ?? '';
		if (name === 'bash' || name === 'zsh' || name === 'fish') return name;
		if (name === 'pwsh' || name === 'powershell') return 'powershell';
		return 'sh';
	}
	return platform.os === 'win32' ? 'powershell' : 'sh';
}

export type TerminalName =
	| 'iTerm2'
	| 'WezTerm'
	| 'kitty'
	| 'Windows Terminal'
	| 'Terminal.app'
	| 'conhost'
	| 'mintty'
	| 'VS Code'
	| 'xterm'
	| 'tmux'
	| 'screen'
	| 'unknown';

/** The terminal program, as far as the environment tells (a multiplexer counts as the terminal). */
export function terminalName(platform: Platform): TerminalName {
	const {env} = platform;
	if (env.TMUX) return 'tmux';
	if (env.STY) return 'screen';
	const program = env.TERM_PROGRAM ?? '';
	if (program === 'iTerm.app') return 'iTerm2';
	if (program === 'WezTerm') return 'WezTerm';
	if (program === 'Apple_Terminal') return 'Terminal.app';
	if (program === 'vscode') return 'VS Code';
	if (program === 'mintty') return 'mintty';
	if (env.KITTY_WINDOW_ID || env.TERM === 'xterm-kitty') return 'kitty';
	if (env.WT_SESSION) return 'Windows Terminal';
	if (env.XTERM_VERSION) return 'xterm';
	if (platform.os === 'win32') return env.MSYSTEM ? 'mintty' : 'conhost';
	return 'unknown';
}

/**
 * Whether this terminal is known to act on OSC 52 (copy to clipboard) by default. tmux and xterm
 * do only with an option set (set-clipboard, allowWindowOps), which cannot be seen from here.
 */
export function honoursOsc52(terminal: TerminalName): 'yes' | 'if enabled' | 'no' | 'unknown' {
	switch (terminal) {
		case 'iTerm2':
		case 'WezTerm':
		case 'kitty':
		case 'Windows Terminal':
			return 'yes';
		case 'mintty':
		case 'tmux':
		case 'xterm':
		case 'screen':
			return 'if enabled';
		case 'Terminal.app':
		case 'conhost':
			return 'no';
		case 'VS Code':
		case 'unknown':
			return 'unknown';
	}
}
