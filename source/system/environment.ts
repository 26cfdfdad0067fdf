// Where cc-token is running decides whether a browser can open here at all: over SSH it would
// open on the remote machine, in WSL it must be the Windows one, and in a container or on a
// box without a display there is none. Everything is read through a probe so every case can
// be described by variables and file answers alone.
import {existsSync, readFileSync} from 'node:fs';
import {isIP} from 'node:net';
import {currentPlatform, operatingSystem, type TerminalName, terminalName} from './platform.js';

export interface Environment {
	/** Set when connected over SSH; host is the server's own address, when SSH tells it. */
	ssh: {host?: string} | undefined;
	wsl: boolean;
	container: boolean;
	/** A display server to show windows on: always on macOS and Windows. */
	display: boolean;
	platform: NodeJS.Platform;
	/** The terminal program, as far as the environment tells; unknown when absent. */
	terminal?: TerminalName;
}

export interface EnvironmentProbe {
	fileExists(path: string): boolean;
	/** undefined when the file is absent or unreadable. */
	readFile(path: string): string | undefined;
	platform?: NodeJS.Platform;
}

const fileSystemProbe: EnvironmentProbe = {
	fileExists: (path) => existsSync(path),
	readFile(path) {
		try {
			return readFileSync(path, 'utf8');
		} catch {
			return undefined;
		}
	},
};

export function detectEnvironment(
	env: NodeJS.ProcessEnv = process.env,
	probe: EnvironmentProbe = fileSystemProbe,
): Environment {
	const platform = probe.platform ?? process.platform;
	return {
		terminal: terminalName({...currentPlatform(), os: operatingSystem(platform), env}),
		ssh: detectSsh(env),
		wsl: platform === 'linux' && detectWsl(env, probe),
		container: detectContainer(env, probe),
		display:
			platform === 'darwin' || platform === 'win32' || Boolean(env.DISPLAY || env.WAYLAND_DISPLAY),
		platform,
	};
}

function detectSsh(env: NodeJS.ProcessEnv): Environment['ssh'] {
	if (!env.SSH_CONNECTION && !env.SSH_TTY && !env.SSH_CLIENT) return undefined;
	// SSH_CONNECTION is "client-address client-port server-address server-port".
	const serverAddress = env.SSH_CONNECTION?.trim().split(/\s+/)[2];
	// Only an address is worth repeating in a command line someone will paste.
	return serverAddress && isIP(serverAddress) ? {host: serverAddress} : {};
}

function detectWsl(env: NodeJS.ProcessEnv, probe: EnvironmentProbe): boolean {
	if (env.WSL_DISTRO_NAME || env.WSL_INTEROP) return true;
	// Variables can be lost (sudo, su, a service); the kernel's name cannot.
	return /microsoft/i.test(probe.readFile('/proc/version') ?? '');
}

function detectContainer(env: NodeJS.ProcessEnv, probe: EnvironmentProbe): boolean {
	// Docker writes /.dockerenv, Podman /run/.containerenv; systemd-nspawn, LXC and others set container=….
	return (
		Boolean(env.container) ||
		probe.fileExists('/.dockerenv') ||
		probe.fileExists('/run/.containerenv')
	);
}
