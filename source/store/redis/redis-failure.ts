// What a failure of the Redis store is called in a message, and whether waiting may help. Kept
// apart from the client so that a store that never connected can still word its failures.
import {CcTokenError, isCcTokenError} from '../../errors.js';
import type {SaveFailure} from '../credential-store.js';
import type {RedisAddress} from '../store-address.js';

function reasonOf(error: unknown, address: RedisAddress): string {
	const text = error instanceof Error ? error.message : String(error);
	// Belt and braces: no message cc-token shows may carry the password.
	const shown = address.password ? text.replaceAll(address.password, '***') : text;
	return shown.split('\n')[0] ?? '';
}

/** Refusals of a Redis that is up but will not take a write now, by their reply's first word. */
const refusedWrites: Record<string, string> = {
	OOM: 'it is out of memory (maxmemory reached) and refuses writes',
	READONLY: 'it is a read-only replica',
	MISCONF: 'it cannot save its data to disk, so it refuses writes',
	LOADING: 'it is still loading its data set',
};

export function storeFailure(address: RedisAddress, error: unknown): CcTokenError {
	if (isCcTokenError(error)) return error;
	const reason = reasonOf(error, address);
	const hostPort = `${address.host}:${address.port}`;
	const refusal = /^WRONGPASS/.test(reason)
		? 'wrong user name or password'
		: /^NOAUTH/.test(reason)
			? 'it needs a password, and the store address gives none'
			: /^NOPERM/.test(reason)
				? 'this user may not run what cc-token needs'
				: undefined;
	if (refusal) {
		return new CcTokenError(
			'store_refused',
			`The Redis store at ${hostPort} refused cc-token: ${refusal}.`,
			{
				hint: 'Check the user name and password in CC_TOKEN_STORE or --store (redis://user:password@host:port/db), and that this user may read and write keys starting with cc-token: and mutex:cc-token:.',
				cause: error,
			},
		);
	}
	const refusedWrite = refusedWrites[reason.split(' ')[0] ?? ''];
	if (refusedWrite) {
		return new CcTokenError(
			'store_failed',
			`The Redis store at ${hostPort} is reachable, but ${refusedWrite} (${reason}).`,
			{
				hint: `Ask whoever runs that Redis to fix it (for out of memory: raise maxmemory or free keys); cc-token works again as soon as it takes writes.`,
				cause: error,
			},
		);
	}
	const tlsHint =
		/certificate|self[- ]signed|SSL|TLS|EPROTO/i.test(reason) && address.tls
			? ' If the server uses a certificate of your own, point NODE_EXTRA_CA_CERTS at its CA file.'
			: '';
	return new CcTokenError(
		'store_unreachable',
		`cc-token cannot reach its Redis store at ${hostPort} (${reason}).`,
		{
			hint: `Check that Redis is running and reachable from here${address.tls ? ' over TLS' : ''}; cc-token works again as soon as it is.${tlsHint}`,
			cause: error,
		},
	);
}

export function describeRedisSaveFailure(address: RedisAddress, error: unknown): SaveFailure {
	const failure = storeFailure(address, error);
	return {
		reason: failure.message,
		fix:
			failure.hint ?? `Make sure the Redis store ${address.shown} is reachable and accepts writes`,
		// A restart, a failover or a full memory may pass within seconds; wrong credentials not.
		passing: failure.code !== 'store_refused',
	};
}
