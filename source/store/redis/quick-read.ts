// The one read a still-good `cc-token token` needs from Redis (HGETALL of the profiles hash),
// over a plain socket, so that the common case does not load the full client (ioredis and the
// lock library take longer to load than Node takes to start). Anything unusual — a refusal,
// an error reply, a reply it does not expect, a slow server — makes it give up, and the full
// client does the work again and reports what went wrong in its own words.
import {connect as connectTcp, isIP, type Socket} from 'node:net';
import {connect as connectTls} from 'node:tls';
import type {RedisAddress} from '../store-address.js';

const giveUpAfterMs = 2_000;

type Reply = string | number | null | Reply[] | {error: string};

function command(...words: string[]): string {
	return `*${words.length}\r\n${words.map((word) => `$${Buffer.byteLength(word)}\r\n${word}\r\n`).join('')}`;
}

/** Parses one RESP2 reply from `buffer` at `start`; undefined when more bytes are needed. */
function parse(buffer: Buffer, start: number): {reply: Reply; end: number} | undefined {
	const lineEnd = buffer.indexOf('\r\n', start);
	if (lineEnd === -1) return undefined;
	const kind = String.fromCharCode(buffer[start]!);
	const line = buffer.toString('utf8', start + 1, lineEnd);
	const next = lineEnd + 2;
	switch (kind) {
		case '+':
			return {reply: line, end: next};
		case '-':
			return {reply: {error: line}, end: next};
		case ':':
			return {reply: Number(line), end: next};
		case '$': {
			const length = Number(line);
			if (length < 0) return {reply: null, end: next};
			if (buffer.length < next + length + 2) return undefined;
			return {reply: buffer.toString('utf8', next, next + length), end: next + length + 2};
		}
		case '*': {
			const count = Number(line);
			const items: Reply[] = [];
			let at = next;
			for (let index = 0; index < count; index++) {
				const item = parse(buffer, at);
				if (!item) return undefined;
				items.push(item.reply);
				at = item.end;
			}
			return {reply: items, end: at};
		}
		default:
			throw new Error(`unexpected reply type ${kind}`);
	}
}

/** Sends the commands at once and resolves with their replies, in order. */
function exchange(address: RedisAddress, commands: string[]): Promise<Reply[]> {
	return new Promise((resolve, reject) => {
		const options = {host: address.host, port: address.port};
		const socket: Socket = address.tls
			? connectTls({...options, ...(isIP(address.host) ? {} : {servername: address.host})})
			: connectTcp(options);
		let buffer = Buffer.alloc(0);
		const replies: Reply[] = [];
		const finish = (error?: Error) => {
			clearTimeout(timer);
			socket.destroy();
			if (error) reject(error);
			else resolve(replies);
		};
		const timer = setTimeout(() => finish(new Error('too slow')), giveUpAfterMs);
		socket.once(address.tls ? 'secureConnect' : 'connect', () => socket.end(commands.join('')));
		socket.on('data', (chunk: Buffer) => {
			buffer = Buffer.concat([buffer, chunk]);
			try {
				for (;;) {
					const parsed = parse(buffer, 0);
					if (!parsed) return;
					replies.push(parsed.reply);
					buffer = buffer.subarray(parsed.end);
					if (replies.length === commands.length) return finish();
				}
			} catch (error) {
				finish(error as Error);
			}
		});
		socket.on('error', finish);
		socket.on('close', () => finish(new Error('closed early')));
	});
}

/** Every profile as stored (JSON text by name), or undefined to leave it to the full client. */
export async function quickReadProfiles(
	address: RedisAddress,
	profilesKey: string,
): Promise<Record<string, string> | undefined> {
	const commands = [
		...(address.password === undefined
			? []
			: [
					address.username === undefined
						? command('AUTH', address.password)
						: command('AUTH', address.username, address.password),
				]),
		...(address.db === 0 ? [] : [command('SELECT', String(address.db))]),
		command('HGETALL', profilesKey),
	];
	let replies: Reply[];
	try {
		replies = await exchange(address, commands);
	} catch {
		return undefined;
	}
	const answer = replies.at(-1);
	if (replies.some((reply) => typeof reply === 'object' && reply !== null && 'error' in reply)) {
		return undefined;
	}
	if (!Array.isArray(answer) || answer.length % 2 !== 0) return undefined;
	const profiles: Record<string, string> = Object.create(null);
	for (let index = 0; index < answer.length; index += 2) {
		const [name, json] = [answer[index], answer[index + 1]];
		if (typeof name !== 'string' || typeof json !== 'string') return undefined;
		profiles[name] = json;
	}
	return profiles;
}
