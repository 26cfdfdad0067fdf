// `cc-token api PATH`: one request to the V3 API with the profile's fresh token, for scripts
// and for trying the API by hand. The API client does the refreshing, pacing and paging;
// this command reads the flags and prints: the body on stdout, everything else on stderr.
import {readFileSync} from 'node:fs';
import {isatty} from 'node:tty';
import {
	type ApiAnswer,
	type ApiRequest,
	createApiClient,
	defaultMaxPages,
	headerRefusal,
} from '../api/client.js';
import {CcTokenError, exitCodes} from '../errors.js';
import {progressLine, reportError, writeData} from '../system/output-boundary.js';
import {printableText, terminalSafeJson} from '../text/printable.js';
import {parseCommandArguments} from './parse.js';
import {storeAt} from './support/fresh-token.js';
import {commandHelp} from './support/help.js';
import type {CommandIo} from './support/io.js';
import {printHelp, say} from './support/output.js';
import {profileName} from './support/profile-name.js';

const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

function usageError(message: string, hint = 'Run `cc-token api --help` to see its options.') {
	return new CcTokenError('usage', `api: ${message}`, {hint});
}

function readStdin(): string {
	try {
		return readFileSync(0, 'utf8');
	} catch (error) {
		throw usageError(`could not read standard input (${(error as Error).message}).`);
	}
}

function readInputFile(file: string, what: string): string {
	if (file === '-') return readStdin();
	try {
		return readFileSync(file, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
		throw usageError(`could not read ${what} “${file}” (${code}).`);
	}
}

type JsonValue = string | number | boolean | null | JsonValue[] | {[key: string]: JsonValue};

interface Field {
	key: string;
	value: JsonValue;
}

function splitField(raw: string, flag: string): [string, string] {
	const at = raw.indexOf('=');
	if (at <= 0) throw usageError(`${flag} takes key=value; “${raw}” has no key.`);
	return [raw.slice(0, at), raw.slice(at + 1)];
}

function typedValue(value: string): JsonValue {
	if (value === 'true') return true;
	if (value === 'false') return false;
	if (value === 'null') return null;
	if (/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(value)) return Number(value);
	if (value.startsWith('@')) return readInputFile(value.slice(1), 'the field file');
	return value;
}

/** `a[b][]=c` becomes {a: {b: [c]}}. */
function setNested(target: {[key: string]: JsonValue}, key: string, value: JsonValue): void {
	const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
	if (!match) throw usageError(`“${key}” is not a field name (use name, name[sub] or name[]).`);
	const path = [match[1]!, ...[...match[2]!.matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1]!)];
	let node: JsonValue = target;
	for (let index = 0; index < path.length; index++) {
		const part = path[index]!;
		const last = index === path.length - 1;
		const nextIsAppend = path[index + 1] === '';
		if (part === '') {
			if (!Array.isArray(node)) throw usageError(`“${key}” mixes an array and an object.`);
			if (last) node.push(value);
			else {
				const child: JsonValue = nextIsAppend ? [] : {};
				node.push(child);
				node = child;
			}
			continue;
		}
		if (typeof node !== 'object' || node === null || Array.isArray(node)) {
			throw usageError(`“${key}” mixes an array and an object.`);
		}
		if (last) node[part] = value;
		else {
			node[part] ??= nextIsAppend ? [] : {};
			node = node[part]!;
		}
	}
}

function parseHeader(raw: string): [string, string] {
	const at = raw.indexOf(':');
	const name = at > 0 ? raw.slice(0, at).trim() : '';
	const value = raw.slice(at + 1).trim();
	if (name === '') throw usageError(`-H takes 'Name: value'; “${raw}” is not a header.`);
	const refused = headerRefusal(name, value);
	if (refused) throw usageError(refused);
	return [name.toLowerCase(), value];
}

interface Invocation {
	request: ApiRequest;
	include: boolean;
	paginate: boolean;
	maxPages: number;
	profile: string;
	store: string | undefined;
}

function parseInvocation(argv: string[], io: CommandIo): Invocation | 'help' {
	const values = parseCommandArguments(argv, 'api');
	if (values.help) return 'help';
	const {positionals} = values;
	const method = (values.method ?? (values.input === undefined ? 'GET' : 'POST')).toUpperCase();
	if (!methods.includes(method))
		throw usageError(`-X must be one of ${methods.join(', ')}; not “${values.method}”.`);

	const fields: Field[] = [
		...(values['raw-field'] ?? []).map((raw) => {
			const [key, value] = splitField(raw, '-f');
			return {key, value};
		}),
		...(values.field ?? []).map((raw) => {
			const [key, value] = splitField(raw, '-F');
			return {key, value: typedValue(value)};
		}),
	];
	const headers = Object.fromEntries((values.header ?? []).map(parseHeader));
	const request: ApiRequest = {method, path: positionals[0]!, headers};

	let body: string | undefined;
	if (values.input !== undefined) {
		body = readInputFile(values.input, 'the input file');
		try {
			JSON.parse(body);
		} catch {
			throw usageError(
				`the body from ${values.input === '-' ? 'standard input' : `“${values.input}”`} is not JSON.`,
				'Constant Contact’s API takes JSON bodies; check the file.',
			);
		}
	}
	if (method === 'GET' || method === 'DELETE' || body !== undefined) {
		request.query = fields.map(({key, value}) => [
			key,
			typeof value === 'string' ? value : JSON.stringify(value),
		]);
	} else if (fields.length > 0) {
		const document: {[key: string]: JsonValue} = {};
		for (const {key, value} of fields) setNested(document, key, value);
		body = JSON.stringify(document);
	}
	if (body !== undefined) request.body = body;
	if (values.paginate && method !== 'GET')
		throw usageError('--paginate follows lists, which are read with GET.');
	const maxPages =
		values['max-pages'] === undefined ? defaultMaxPages : Number(values['max-pages']);
	if (!/^[1-9]\d{0,6}$/.test(values['max-pages'] ?? '1'))
		throw usageError(
			`--max-pages takes a whole number of pages from 1; not “${values['max-pages']}”.`,
		);
	return {
		request,
		include: values.include === true,
		paginate: values.paginate === true,
		maxPages,
		profile: profileName(values, io),
		store: values.store,
	};
}

function formatBody(body: string, pretty: boolean): string {
	if (body === '') return '';
	let text: string;
	let json = true;
	try {
		text = JSON.stringify(JSON.parse(body), null, pretty ? 2 : undefined);
	} catch {
		json = false;
		text = body.endsWith('\n') ? body.slice(0, -1) : body;
	}
	return `${pretty ? (json ? terminalSafeJson(text) : printableText(text)) : text}\n`;
}

function formatJson(value: unknown, pretty: boolean): string {
	const text = JSON.stringify(value, null, pretty ? 2 : undefined);
	return `${pretty ? terminalSafeJson(text) : text}\n`;
}

function statusBlock(answer: ApiAnswer): string {
	const lines = [`HTTP/1.1 ${answer.status} ${answer.statusText}`];
	for (let index = 0; index < answer.rawHeaders.length; index += 2) {
		lines.push(`${answer.rawHeaders[index]}: ${answer.rawHeaders[index + 1]}`);
	}
	return `${printableText(lines.join('\n'))}\n\n`;
}

async function reportRefusal(
	answer: ApiAnswer,
	client: ReturnType<typeof createApiClient>,
	pretty: boolean,
	include: boolean,
): Promise<number> {
	if (include) writeData(1, statusBlock(answer));
	writeData(1, formatBody(answer.body, pretty));
	reportError(await client.refusal(answer));
	return answer.status === 401 ? exitCodes.signInNeeded : exitCodes.apiError;
}

export async function run(argv: string[], io: CommandIo): Promise<number> {
	const invocation = parseInvocation(argv, io);
	if (invocation === 'help') return printHelp(io, commandHelp('api'));
	const pretty = isatty(1);
	const progress = progressLine(isatty(2));
	let pages = 0;
	let items = 0;
	const client = createApiClient({
		profile: invocation.profile,
		...(invocation.store === undefined ? {} : {store: await storeAt(invocation.store)}),
		onWait: ({reason, ms}) => {
			if (reason === 'throttled')
				progress.show(`Constant Contact asked to slow down; waiting ${(ms / 1000).toFixed(1)} s…`);
		},
	});
	if (!invocation.paginate) {
		const answer = await client.send(invocation.request);
		progress.clear();
		if (answer.status >= 400) return reportRefusal(answer, client, pretty, invocation.include);
		if (invocation.include) writeData(1, statusBlock(answer));
		writeData(1, formatBody(answer.body, pretty));
		return exitCodes.ok;
	}

	const joined: unknown[] = [];
	try {
		for await (const page of client.pages(invocation.request, {maxPages: invocation.maxPages})) {
			progress.clear();
			if (page.answer.status >= 400) {
				if (pages > 0)
					say(
						io,
						`cc-token: stopped after ${pages} pages (${items} items), which are not printed.`,
					);
				return reportRefusal(page.answer, client, pretty, invocation.include);
			}
			if (page.items === undefined) {
				if (pages > 0) {
					throw new CcTokenError(
						'bad_response',
						`Page ${pages + 1} of ${page.answer.path} holds no list; cc-token stopped.`,
						{hint: 'Fetch the pages one by one without --paginate to see them.'},
					);
				}
				say(
					io,
					`cc-token: ${page.answer.path} answered with no list to join; printing it as it came.`,
				);
				if (invocation.include) writeData(1, statusBlock(page.answer));
				writeData(1, formatBody(page.answer.body, pretty));
				return exitCodes.ok;
			}
			if (pages === 0 && invocation.include) writeData(1, statusBlock(page.answer));
			pages++;
			items += page.items.length;
			for (const item of page.items) joined.push(item);
			progress.show(`Fetched ${pages} page${pages === 1 ? '' : 's'}, ${items} items…`);
		}
	} finally {
		progress.clear();
	}
	writeData(1, formatJson(joined, pretty));
	return exitCodes.ok;
}
