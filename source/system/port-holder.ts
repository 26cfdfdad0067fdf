// When the redirect port is taken, naming the program that holds it turns "address in use"
// into something a person can act on. Linux tells through /proc; macOS through lsof, Windows
// through netstat and tasklist, asked only briefly: a tool that does not answer within a
// second (or is missing, or the holder belongs to someone else) means nothing is said, and the
// caller says less.
import {execFile} from 'node:child_process';
import {readdir, readFile, readlink, realpath} from 'node:fs/promises';
import {basename, dirname, resolve} from 'node:path';
import {currentPlatform, type Platform} from './platform.js';

const listenState = '0A';
const toolTimeoutMs = 1000;

/**
 * Which process listens on the TCP port, as "node (pid 1234)", or "another cc-token sign-in
 * (pid 1234)" where the system shows its command line (Linux); undefined when the OS does not
 * tell.
 */
export async function describePortHolder(
	port: number,
	platform: Platform = currentPlatform(),
): Promise<string | undefined> {
	if (platform.os === 'darwin') return holderFromLsof(port, platform.env);
	if (platform.os === 'win32') return holderFromNetstat(port, platform.env);
	if (platform.os !== 'linux') return undefined;
	const inodes = new Set<string>();
	for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
		for (const inode of listeningSocketInodes(await readOrEmpty(table), port)) inodes.add(inode);
	}
	if (inodes.size === 0) return undefined;
	const processIds = (await readdir('/proc').catch(() => [])).filter((name) => /^\d+$/.test(name));
	for (const pid of processIds) {
		if (await holdsAnySocket(pid, inodes)) {
			const ccToken = await ccTokenCommand(pid);
			if (ccToken) return `another cc-token ${ccToken} (pid ${pid})`;
			const name = (await readOrEmpty(`/proc/${pid}/comm`)).trim();
			return name ? `${name} (pid ${pid})` : `pid ${pid}`;
		}
	}
	return undefined;
}

/**
 * What another cc-token process is doing, read from its command line ("node", its script, its
 * words): "emulator", or "sign-in" (the only other cc-token that listens on a redirect port is
 * a login, a guide or a demo waiting for the browser); undefined when it is not cc-token. Its
 * script is cc-token when it is named so, or is the cli.js of the cc-token package (what the
 * installed command links to).
 */
async function ccTokenCommand(pid: string): Promise<string | undefined> {
	if (pid === String(process.pid)) return undefined;
	const words = (await readOrEmpty(`/proc/${pid}/cmdline`)).split('\0').filter(Boolean);
	const scriptAt = words.findIndex((word, index) => index > 0 && !word.startsWith('-'));
	const script = words[scriptAt];
	if (!script || !(await isCcTokenScript(pid, script))) return undefined;
	const command = words.slice(scriptAt + 1).find((word) => !word.startsWith('-'));
	return command === 'emulator' ? 'emulator' : 'sign-in';
}

async function isCcTokenScript(pid: string, script: string): Promise<boolean> {
	if (/^cc-token(\.js)?$/.test(basename(script))) return true;
	const where = await readlink(`/proc/${pid}/cwd`).catch(() => '/');
	const real = await realpath(resolve(where, script)).catch(() => undefined);
	if (real === undefined || basename(real) !== 'cli.js') return false;
	const manifest = await readOrEmpty(resolve(dirname(real), '..', 'package.json'));
	try {
		return (JSON.parse(manifest) as {name?: unknown}).name === 'cc-token';
	} catch {
		return false;
	}
}

/** Rows look like "sl local_address rem_address st … uid timeout inode", addresses as HEX:PORT. */
function listeningSocketInodes(table: string, port: number): string[] {
	const inodes: string[] = [];
	for (const row of table.split('\n').slice(1)) {
		const fields = row.trim().split(/\s+/);
		const localPort = fields[1]?.split(':')[1];
		const inode = fields[9];
		if (fields[3] !== listenState || !localPort || !inode || inode === '0') continue;
		if (Number.parseInt(localPort, 16) === port) inodes.push(inode);
	}
	return inodes;
}

async function holdsAnySocket(pid: string, inodes: Set<string>): Promise<boolean> {
	// Other users' processes cannot be looked into, and processes end while we look.
	const descriptors = await readdir(`/proc/${pid}/fd`).catch(() => []);
	for (const descriptor of descriptors) {
		const target = await readlink(`/proc/${pid}/fd/${descriptor}`).catch(() => '');
		const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
		if (inode && inodes.has(inode)) return true;
	}
	return false;
}

async function readOrEmpty(path: string): Promise<string> {
	return readFile(path, 'utf8').catch(() => '');
}

/** A tool's output, or undefined when it fails, is missing or takes longer than a second. */
function quickOutput(
	command: string,
	args: string[],
	env: NodeJS.ProcessEnv,
): Promise<string | undefined> {
	return new Promise((resolve) => {
		execFile(
			command,
			args,
			{env, timeout: toolTimeoutMs, killSignal: 'SIGKILL', windowsHide: true, maxBuffer: 4 << 20},
			(error, stdout) => resolve(error ? undefined : stdout),
		);
	});
}

/** `lsof -nP -iTCP:PORT -sTCP:LISTEN`: "COMMAND PID USER FD …" then a row per listening socket. */
async function holderFromLsof(port: number, env: NodeJS.ProcessEnv): Promise<string | undefined> {
	const output = await quickOutput('lsof', ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN'], env);
	const row = output
		?.split('\n')
		.slice(1)
		.find((line) => line.trim() !== '');
	const [command, pid] = row?.trim().split(/\s+/) ?? [];
	if (!command || !pid || !/^\d+$/.test(pid)) return undefined;
	// lsof escapes odd bytes in names as \xNN; keep the name to what a message can show.
	return `${command.replace(/[^\w.+-]/g, '?')} (pid ${pid})`;
}

/**
 * `netstat -ano`: "  TCP    127.0.0.1:47325    0.0.0.0:0    LISTENING    1234". The state's word
 * is translated on other languages' Windows, so a listener is told by its foreign address
 * (`0.0.0.0:0`, `[::]:0`) instead. Then `tasklist` names the process.
 */
async function holderFromNetstat(
	port: number,
	env: NodeJS.ProcessEnv,
): Promise<string | undefined> {
	const output = (await quickOutput('netstat', ['-ano'], env)) ?? '';
	let pid: string | undefined;
	for (const line of output.split(/\r?\n/)) {
		const fields = line.trim().split(/\s+/);
		if (!/^TCP/i.test(fields[0] ?? '') || fields.length < 5) continue;
		const local = fields[1] ?? '';
		const foreign = fields[2] ?? '';
		const owner = fields.at(-1) ?? '';
		if (local.endsWith(`:${port}`) && /:0$/.test(foreign) && /^\d+$/.test(owner) && owner !== '0') {
			pid = owner;
			break;
		}
	}
	if (!pid) return undefined;
	const listing = await quickOutput('tasklist', ['/FI', `PID eq ${pid}`, '/FO', 'CSV', '/NH'], env);
	// "node.exe","1234","Console","1","45,000 K"
	const name = /^"([^"]+)","(\d+)"/.exec(listing?.trim() ?? '');
	if (name?.[2] === pid) return `${name[1]?.replace(/[^\w.+-]/g, '?')} (pid ${pid})`;
	return `pid ${pid}`;
}

/**
 * What to do when the system refuses to let cc-token listen on a port (EACCES): below 1024 on
 * Unix that needs special rights; on Windows it means the port is in a range Windows keeps for
 * Hyper-V, WSL or Docker.
 */
export function portDeniedAdvice(port: number, platform: Platform = currentPlatform()): string {
	if (platform.os === 'win32') {
		return `Windows keeps some ranges of ports for Hyper-V, WSL and Docker, and port ${port} is probably in one. See the ranges with: netsh interface ipv4 show excludedportrange protocol=tcp`;
	}
	if (port < 1024) return 'Ports below 1024 need special rights';
	return `The system does not let cc-token use port ${port} (a firewall or security policy may keep it)`;
}
