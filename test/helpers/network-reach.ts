// Whether a port can be reached from where others on the network stand: this machine's own
// non-loopback addresses, and a peer machine played by a network namespace joined to this one
// by a veth link. Its addresses come from 198.18.0.0/15, which is set aside for network tests.
import {execFile} from 'node:child_process';
import {networkInterfaces} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';

const run = promisify(execFile);
const tryConnectScript = path.join(import.meta.dirname, 'programs', 'try-connect.mjs');

/** `connected`, or the error code of one TCP connection attempt (ECONNREFUSED: nothing listens). */
export async function tryConnect(host: string, port: number, namespace?: string): Promise<string> {
	const command = [process.execPath, tryConnectScript, host, String(port)];
	const [program, ...args] = namespace ? ['ip', 'netns', 'exec', namespace, ...command] : command;
	const {stdout} = await run(program!, args, {timeout: 10_000});
	return stdout.trim();
}

/** Every address of this machine that another machine could send to (link-local with its zone). */
export function ownNetworkAddresses(): string[] {
	return Object.entries(networkInterfaces()).flatMap(([name, addresses]) =>
		(addresses ?? [])
			.filter((address) => !address.internal)
			.map((address) =>
				address.family === 'IPv6' && address.scopeid
					? `${address.address}%${name}`
					: address.address,
			),
	);
}

async function ip(...args: string[]): Promise<void> {
	await run('ip', args, {timeout: 10_000});
}

/** Why no peer namespace can be made here, or undefined when it can. */
export async function whyNoPeerNamespace(): Promise<string | undefined> {
	if (process.platform !== 'linux') return 'network namespaces exist on Linux only';
	if (process.getuid?.() !== 0) return 'making a network namespace needs root';
	try {
		await run('ip', ['-V']);
	} catch {
		return '`ip` is not installed (apt package iproute2)';
	}
	try {
		const probe = await makePeerNamespace();
		await probe.remove();
	} catch (error) {
		const detail = (error as {stderr?: string}).stderr?.trim() || String(error);
		return `could not make a network namespace with a veth link (${detail})`;
	}
	return undefined;
}

export interface PeerNamespace {
	/** This machine's address on the link, which the peer can reach. */
	hostAddress: string;
	tryConnectFromPeer(host: string, port: number): Promise<string>;
	remove(): Promise<void>;
}

/** Another machine on a network of its own with this one. */
export async function makePeerNamespace(): Promise<PeerNamespace> {
	const name = `cct${process.pid}`;
	const hostLink = `${name}h`;
	const peerLink = `${name}p`;
	const subnet = `198.18.${process.pid % 256}`;
	const remove = async () => {
		// Deleting the host end removes both ends of the link; the namespace goes after it.
		await ip('link', 'del', hostLink).catch(() => {});
		await ip('netns', 'del', name).catch(() => {});
	};
	try {
		await ip('netns', 'add', name);
		await ip('link', 'add', hostLink, 'type', 'veth', 'peer', 'name', peerLink, 'netns', name);
		await ip('addr', 'add', `${subnet}.1/30`, 'dev', hostLink);
		await ip('link', 'set', hostLink, 'up');
		await ip('-n', name, 'addr', 'add', `${subnet}.2/30`, 'dev', peerLink);
		await ip('-n', name, 'link', 'set', peerLink, 'up');
	} catch (error) {
		await remove();
		throw error;
	}
	return {
		hostAddress: `${subnet}.1`,
		tryConnectFromPeer: (host, port) => tryConnect(host, port, name),
		remove,
	};
}
