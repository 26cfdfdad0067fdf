// When the redirect port is taken, naming the program that holds it turns "address in use"
// into something a person can act on. Linux tells through /proc; elsewhere, or when the
// holder belongs to someone else, there is nothing to say and the caller says less.
import {readdir, readFile, readlink} from 'node:fs/promises';

const listenState = '0A';

/** Which process listens on the TCP port, as "node (pid 1234)"; undefined when the OS does not tell. */
export async function describePortHolder(port: number): Promise<string | undefined> {
	if (process.platform !== 'linux') return undefined;
	const inodes = new Set<string>();
	for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
		for (const inode of listeningSocketInodes(await readOrEmpty(table), port)) inodes.add(inode);
	}
	if (inodes.size === 0) return undefined;
	const processIds = (await readdir('/proc').catch(() => [])).filter((name) => /^\d+$/.test(name));
	for (const pid of processIds) {
		if (await holdsAnySocket(pid, inodes)) {
			const name = (await readOrEmpty(`/proc/${pid}/comm`)).trim();
			return name ? `${name} (pid ${pid})` : `pid ${pid}`;
		}
	}
	return undefined;
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
