// A real Secret Service of a test's own: GNOME Keyring, unlocked, in a private D-Bus session
// (dbus-run-session), so that tests never touch the keyring of the person running them.
import {type ChildProcess, execFileSync, spawn} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {createServer, type Server} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';

export interface KeychainSession {
	/** What DBUS_SESSION_BUS_ADDRESS must be for cc-token to reach it. */
	address: string;
	/** The secret stored for a service and account, read by secret-tool; undefined if none. */
	lookup(service: string, account: string): string | undefined;
	close(): Promise<void>;
}

const script = [
	'echo test-password | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1',
	'echo "READY $DBUS_SESSION_BUS_ADDRESS"',
	'exec sleep 3600',
].join('\n');

function stop(child: ChildProcess): Promise<void> {
	return new Promise((resolve) => {
		if (child.exitCode !== null || child.signalCode !== null) return resolve();
		child.once('exit', () => resolve());
		// The whole group: dbus-run-session, the bus and the keyring daemon.
		process.kill(-child.pid!, 'SIGTERM');
	});
}

export async function startKeychainSession(): Promise<KeychainSession> {
	const home = mkdtempSync(path.join(tmpdir(), 'cc-token-keyring-'));
	// The keyring keeps its files under the home folder; give it one of its own.
	const env = {PATH: process.env.PATH, HOME: home, XDG_DATA_HOME: path.join(home, 'data')};
	const child = spawn('dbus-run-session', ['--', 'sh', '-c', script], {
		env,
		detached: true,
		stdio: ['ignore', 'pipe', 'ignore'],
	});
	const address = await new Promise<string>((resolve, reject) => {
		let output = '';
		const timer = setTimeout(() => reject(new Error(`no D-Bus session: ${output}`)), 15_000);
		child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
			output += chunk;
			const ready = /READY (\S+)/.exec(output);
			if (ready) {
				clearTimeout(timer);
				resolve(ready[1]!);
			}
		});
		child.once('exit', (code) => reject(new Error(`dbus-run-session exited (${code}): ${output}`)));
	});
	return {
		address,
		lookup: (service, account) => {
			try {
				return execFileSync('secret-tool', ['lookup', 'service', service, 'username', account], {
					env: {...env, DBUS_SESSION_BUS_ADDRESS: address},
					encoding: 'utf8',
				});
			} catch {
				return undefined;
			}
		},
		close: async () => {
			await stop(child);
			rmSync(home, {recursive: true, force: true});
		},
	};
}

/** A D-Bus address whose socket accepts connections and never answers: a hung keyring. */
export async function startSilentBus(): Promise<{address: string; close: () => Promise<void>}> {
	const dir = mkdtempSync(path.join(tmpdir(), 'cc-token-silent-bus-'));
	const socket = path.join(dir, 'bus');
	const connections = new Set<import('node:net').Socket>();
	const server: Server = createServer((connection) => {
		connections.add(connection);
		connection.on('data', () => {});
		connection.on('error', () => {});
	});
	await new Promise<void>((resolve) => server.listen(socket, resolve));
	return {
		address: `unix:path=${socket}`,
		close: () =>
			new Promise((resolve) => {
				server.close(() => {
					rmSync(dir, {recursive: true, force: true});
					resolve();
				});
				for (const connection of connections) connection.destroy();
			}),
	};
}
