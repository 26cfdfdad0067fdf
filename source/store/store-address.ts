// Which home of the credentials a run uses: `--store URL`, else CC_TOKEN_STORE, else the
// settings file. Pure and dependency-free: the entry's fast path reads it to know whether it
// may answer from the file at all.
import {CcTokenError} from '../errors.js';

export interface RedisAddress {
	kind: 'redis';
	tls: boolean;
	host: string;
	port: number;
	db: number;
	username?: string;
	password?: string;
	/** redis://host:port/db: what messages and `status` show. Never the password. */
	shown: string;
}

export type StoreAddress = {kind: 'file'} | RedisAddress;

const storeHint =
	'Use redis://[user:password@]host:port[/db] (rediss:// for TLS), or leave CC_TOKEN_STORE unset for the settings file.';

function badAddress(problem: string): CcTokenError {
	// The address is never repeated: it may hold a password.
	return new CcTokenError('usage', `The store address ${problem}.`, {hint: storeHint});
}

function decoded(part: string, what: string): string {
	try {
		return decodeURIComponent(part);
	} catch {
		throw badAddress(`has a ${what} that is not valid URL encoding`);
	}
}

/** True when a run must go past the file-only fast path: a store other than the file. */
export function remoteStoreRequested(value: string | undefined): boolean {
	return value !== undefined && value !== '';
}

/** Parses `--store` / CC_TOKEN_STORE; unset or empty means the settings file. */
export function parseStoreAddress(value: string | undefined): StoreAddress {
	if (value === undefined || value === '') return {kind: 'file'};
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw badAddress('is not a URL');
	}
	if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
		throw badAddress(`uses “${url.protocol.slice(0, 20)}”, which cc-token does not know`);
	}
	if (url.hostname === '') throw badAddress('names no host');
	if (url.search !== '' || url.hash !== '') throw badAddress('has a query or fragment');
	const port = url.port === '' ? 6379 : Number(url.port);
	const dbText = url.pathname.replace(/^\//, '');
	if (!/^\d{0,2}$/.test(dbText)) throw badAddress('has a database that is not a number');
	const db = dbText === '' ? 0 : Number(dbText);
	const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
	const username = url.username === '' ? undefined : decoded(url.username, 'user name');
	const password = url.password === '' ? undefined : decoded(url.password, 'password');
	const hostPort = `${url.hostname}:${port}`;
	return {
		kind: 'redis',
		tls: url.protocol === 'rediss:',
		host,
		port,
		db,
		...(username === undefined ? {} : {username}),
		...(password === undefined ? {} : {password}),
		shown: `${url.protocol}//${username === undefined ? '' : `${encodeURIComponent(username)}@`}${hostPort}/${db}`,
	};
}

const addressOptions = ['--store', '--from', '--to'];

/**
 * The option (--store, --from, --to) whose store address on the command line carries a
 * password, if any: other users of the machine can read a command line (`ps`), and the shell
 * keeps it in its history.
 */
export function passwordOptionIn(argv: readonly string[]): string | undefined {
	for (let index = 0; index < argv.length; index++) {
		const word = argv[index]!;
		if (word === '--') return undefined;
		const [name, inline] = word.includes('=') ? word.split(/=(.*)/s, 2) : [word, undefined];
		if (!addressOptions.includes(name!)) continue;
		const value = inline ?? argv[index + 1];
		try {
			const address = value === undefined ? undefined : parseStoreAddress(value);
			if (address?.kind === 'redis' && address.password !== undefined) return name;
		} catch {
			// Not a usable address: the command itself says so.
		}
	}
	return undefined;
}
