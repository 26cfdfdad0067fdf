import {existsSync, readFileSync} from 'node:fs';
import {createServer} from 'node:net';

/** A TCP port that was free a moment ago on 127.0.0.1 (for redirect URIs that need one). */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

/** 0100007F → 127.0.0.1; 32 hex digits in little-endian words → [::1]. */
function procAddress(hex: string): string {
	if (hex.length === 8)
		return (hex.match(/../g) ?? [])
			.reverse()
			.map((byte) => Number.parseInt(byte, 16))
			.join('.');
	const words = (hex.match(/.{8}/g) ?? []).map((word) =>
		(word.match(/../g) ?? []).reverse().join(''),
	);
	const groups = words.flatMap((word) => [word.slice(0, 4), word.slice(4)]);
	return new URL(`http://[${groups.join(':')}]`).hostname.slice(1, -1);
}

/**
 * The addresses on which sockets of this machine (its network namespace) are listening on a
 * TCP port, read from the kernel's own tables (Linux): what really listens, whatever the code
 * meant to open. 0.0.0.0 or :: would mean every address.
 */
export function listeningAddresses(port: number): string[] {
	const addresses: string[] = [];
	for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
		// No tcp6 table where IPv6 is switched off.
		if (table.endsWith('6') && !existsSync(table)) continue;
		for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
			const [, local, , state] = line.trim().split(/\s+/);
			const [address, portHex] = local?.split(':') ?? [];
			// 0A: LISTEN.
			if (state === '0A' && address && Number.parseInt(portHex ?? '', 16) === port) {
				addresses.push(procAddress(address));
			}
		}
	}
	return addresses.sort();
}
