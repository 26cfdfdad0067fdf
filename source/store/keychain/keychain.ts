// The OS keychain (macOS Keychain, Windows Credential Manager, the Secret Service on Linux)
// through @napi-rs/keyring, for a profile's refresh token and client secret.
//
// Every call runs in a child process with a deadline: a locked or unresponsive keyring can
// block a native call for good, and a native call cannot be cancelled from the thread that
// made it. The child is killed at the deadline and the person told why, instead of a hang.
import {spawn} from 'node:child_process';
import * as nodeModule from 'node:module';
import {CcTokenError} from '../../errors.js';

export interface KeychainEntry {
	service: string;
	account: string;
}

/** What the keychain holds for a profile: the secrets that would otherwise sit in the file. */
export interface KeychainSecrets {
	refreshToken?: string;
	clientSecret?: string;
}

export const keychainService = 'cc-token';
const keychainDeadlineMs = 5_000;

const whatToDo =
	'Unlock your keyring (on Linux: sign in to the desktop session, or run `gnome-keyring-daemon --unlock`), or sign in without --keychain to keep the secrets in the settings file (unset CC_TOKEN_KEYCHAIN).';

function unavailable(reason: string): CcTokenError {
	return new CcTokenError(
		'keychain_unavailable',
		`cc-token cannot use the OS keychain: ${reason}.`,
		{hint: whatToDo},
	);
}

// Runs in the child: one operation on one entry, the request on stdin (a secret never goes on
// a command line), one JSON answer on stdout.
const childScript = `
const {Entry} = require(process.argv[1]);
let input = '';
process.stdin.setEncoding('utf8').on('data', (chunk) => { input += chunk; }).on('end', () => {
	let answer;
	try {
		const request = JSON.parse(input);
		const entry = new Entry(request.service, request.account);
		if (request.op === 'get') answer = {ok: true, value: entry.getPassword() ?? null};
		else if (request.op === 'set') { entry.setPassword(request.value); answer = {ok: true, value: null}; }
		else answer = {ok: true, value: entry.deleteCredential()};
	} catch (error) {
		answer = {ok: false, message: String((error && error.message) || error)};
	}
	process.stdout.write(JSON.stringify(answer));
});
`;

function bindingPath(): string {
	try {
		return nodeModule.createRequire(import.meta.url).resolve('@napi-rs/keyring');
	} catch {
		throw unavailable('its binding (@napi-rs/keyring) is not installed with this cc-token');
	}
}

type Request =
	| {op: 'get'; entry: KeychainEntry}
	| {op: 'set'; entry: KeychainEntry; value: string}
	| {op: 'delete'; entry: KeychainEntry};

async function call(request: Request): Promise<string | boolean | null> {
	const child = spawn(process.execPath, ['-e', childScript, bindingPath()], {
		stdio: ['pipe', 'pipe', 'ignore'],
		env: process.env,
	});
	let output = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
		output += chunk;
	});
	const finished = new Promise<'done' | 'late'>((resolve) => {
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			resolve('late');
		}, keychainDeadlineMs);
		child.once('close', () => {
			clearTimeout(timer);
			resolve('done');
		});
		child.once('error', () => {
			clearTimeout(timer);
			resolve('done');
		});
	});
	child.stdin.end(
		JSON.stringify({
			op: request.op,
			service: request.entry.service,
			account: request.entry.account,
			...(request.op === 'set' ? {value: request.value} : {}),
		}),
	);
	if ((await finished) === 'late') {
		throw unavailable(
			`it did not answer within ${keychainDeadlineMs / 1000} seconds (a locked keyring waiting for a password prompt nobody can see, or a keyring service that hangs)`,
		);
	}
	let answer: {ok: boolean; value?: string | boolean | null; message?: string};
	try {
		answer = JSON.parse(output);
	} catch {
		throw unavailable('its binding stopped without an answer');
	}
	if (!answer.ok) throw unavailable(describeFailure(answer.message ?? 'unknown error'));
	return answer.value ?? null;
}

/** The keyring's own words, shortened, for the reason in brackets. */
function describeFailure(message: string): string {
	if (/unlock prompt was dismissed|locked/i.test(message)) {
		return 'the keyring is locked, and no unlock prompt could be shown';
	}
	if (/platform storage|dbus|secret service|no such|AccessDenied/i.test(message)) {
		return `no keyring service answers here (${message.split('\n')[0]?.slice(0, 160)})`;
	}
	return message.split('\n')[0]?.slice(0, 200) ?? message;
}

export async function readKeychain(entry: KeychainEntry): Promise<KeychainSecrets | undefined> {
	const value = await call({op: 'get', entry});
	if (typeof value !== 'string') return undefined;
	try {
		const parsed = JSON.parse(value) as KeychainSecrets;
		return {
			...(typeof parsed.refreshToken === 'string' ? {refreshToken: parsed.refreshToken} : {}),
			...(typeof parsed.clientSecret === 'string' ? {clientSecret: parsed.clientSecret} : {}),
		};
	} catch {
		return undefined;
	}
}

export async function writeKeychain(entry: KeychainEntry, secrets: KeychainSecrets): Promise<void> {
	await call({op: 'set', entry, value: JSON.stringify(secrets)});
}

/** Removes the entry; false when there was none. */
export async function deleteKeychain(entry: KeychainEntry): Promise<boolean> {
	return (await call({op: 'delete', entry})) === true;
}

/**
 * Proves the keychain works before anything depends on it: writes, reads back and removes a
 * probe entry (a read alone can answer “nothing there” where no keyring exists at all).
 */
export async function checkKeychain(): Promise<void> {
	const probe = {service: keychainService, account: `probe-${process.pid}-${Date.now()}`};
	await call({op: 'set', entry: probe, value: 'probe'});
	const back = await call({op: 'get', entry: probe});
	await call({op: 'delete', entry: probe});
	if (back !== 'probe') throw unavailable('it did not give back what was just stored in it');
}
