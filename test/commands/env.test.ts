// The lines `cc-token env` prints are code a shell runs: each format is checked against the
// rules of the parser that reads it, with arbitrary values, not only the tokens we expect.
import {execFileSync} from 'node:child_process';
import {parseEnv} from 'node:util';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {chooseFormat, envLines, formatLine} from '../../source/commands/env.js';
import {CcTokenError} from '../../source/errors.js';

/** The CcTokenError a call must throw, with its code and message. */
function expectFailure(call: () => unknown, code: string, message: RegExp) {
	let caught: unknown;
	try {
		call();
	} catch (error) {
		caught = error;
	}
	expect(caught).toBeInstanceOf(CcTokenError);
	expect((caught as CcTokenError).code).toBe(code);
	expect((caught as CcTokenError).message).toMatch(message);
}

const apiKey = '1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d';
const accessToken = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJtYXlhIn0.c2ln-_+/==';

// PowerShell's tokenizer: a single-quoted string starts and ends at any of ' ‘ ’ ‚ ‛ (they need
// not match); inside, two quote characters in a row stand for the second one. Nothing else is
// special: no escapes, no variables, line breaks included as they are.
const powerShellQuotes = new Set(["'", '\u2018', '\u2019', '\u201A', '\u201B']);

/** Reads `$env:NAME = '…'` as PowerShell does: the value, and whatever follows the string. */
function parsePowerShellAssignment(line: string): {name: string; value: string; rest: string} {
	const head = /^\$env:([A-Z_]+) = /.exec(line);
	if (!head) throw new Error(`not an assignment: ${line}`);
	const chars = [...line.slice(head[0].length)];
	if (!powerShellQuotes.has(chars[0] ?? '')) throw new Error('no single-quoted string');
	let value = '';
	let at = 1;
	for (;;) {
		if (at >= chars.length) throw new Error('the string never ends');
		const char = chars[at]!;
		if (powerShellQuotes.has(char)) {
			if (!powerShellQuotes.has(chars[at + 1] ?? '')) break;
			at++;
			value += chars[at];
		} else {
			value += char;
		}
		at++;
	}
	return {name: head[1]!, value, rest: chars.slice(at + 1).join('')};
}

const quotesAndAnything = fc.string({
	unit: fc.oneof(
		fc.constantFrom("'", '\u2018', '\u2019', '\u201A', '\u201B', '"', '`', '$', ';', '#', '\n'),
		fc.string({unit: 'binary', minLength: 1, maxLength: 1}),
	),
	maxLength: 40,
});

describe('PowerShell quoting', () => {
	it('the parser in this test catches the injection that doubling only the ASCII quote allows', () => {
		const attack = 'x’; Start-Process calc; #';
		const asciiOnly = `$env:CC_ACCESS_TOKEN = '${attack.replaceAll("'", "''")}'`;
		expect(parsePowerShellAssignment(asciiOnly).rest).toBe("; Start-Process calc; #'");
		const line = formatLine('powershell', 'CC_ACCESS_TOKEN', attack);
		expect(parsePowerShellAssignment(line)).toEqual({
			name: 'CC_ACCESS_TOKEN',
			value: attack,
			rest: '',
		});
	});

	it.each(["'", '\u2018', '\u2019', '\u201A', '\u201B'])(
		'keeps %s inside the string, alone, doubled and at either end',
		(quote) => {
			for (const value of [quote, `${quote}${quote}`, `a${quote}b`, `${quote}; calc; ${quote}`]) {
				const parsed = parsePowerShellAssignment(formatLine('powershell', 'X', value));
				expect(parsed).toEqual({name: 'X', value, rest: ''});
			}
		},
	);

	it('any value reads back exactly, with nothing after the string', () => {
		fc.assert(
			fc.property(quotesAndAnything, (value) => {
				const parsed = parsePowerShellAssignment(
					formatLine('powershell', 'CC_ACCESS_TOKEN', value),
				);
				expect(parsed.value).toBe(value);
				expect(parsed.rest).toBe('');
			}),
			{numRuns: 3000},
		);
	});
});

describe('sh and .env', () => {
	it('sh (dash and bash) reads any value back exactly', () => {
		const values = fc.sample(
			quotesAndAnything.filter((value) => !value.includes('\0')),
			200,
		);
		const script = values
			.map((value, index) => `${formatLine('sh', `V${index}`, value)}\nprintf '%s\\0' "$V${index}"`)
			.join('\n');
		for (const shell of ['dash', 'bash']) {
			const output = execFileSync(shell, ['-c', script], {env: {}}).toString('utf8');
			expect(output.split('\0').slice(0, -1)).toEqual(
				values.map((value) => Buffer.from(value, 'utf8').toString('utf8')),
			);
		}
	});

	it('.env lines read back exactly in Node’s own parser, quoted only where needed', () => {
		const token = fc.stringMatching(/^[A-Za-z0-9\-._~+/]+=*$/);
		fc.assert(
			fc.property(token, (value) => {
				const line = formatLine('dotenv', 'CC_ACCESS_TOKEN', value);
				expect(parseEnv(line)).toEqual({CC_ACCESS_TOKEN: value});
				expect(line.includes("'")).toBe(value.startsWith('~'));
			}),
			{numRuns: 2000},
		);
		expect(formatLine('dotenv', 'X', '~abc')).toBe("X='~abc'");
		expect(() => formatLine('dotenv', 'X', "a'b")).toThrow(CcTokenError);
		expect(() => formatLine('dotenv', 'X', 'a\nb=c')).toThrow(CcTokenError);
	});
});

describe('cmd', () => {
	it('sets every b64token character inside set "NAME=value"', () => {
		expect(formatLine('cmd', 'CC_ACCESS_TOKEN', accessToken)).toBe(
			`set "CC_ACCESS_TOKEN=${accessToken}"`,
		);
	});

	it.each(['a"b', '%PATH%', '!PATH!', 'a\r\nset X=1', 'a\nb'])(
		'refuses %j, which cmd would expand or end on',
		(value) => {
			expect(() => formatLine('cmd', 'X', value)).toThrow(/cmd would expand or stop at/);
		},
	);
});

describe('choosing the format', () => {
	it('defaults to PowerShell on Windows without SHELL, to fish where SHELL is fish, else sh', () => {
		expect(chooseFormat({}, {platform: 'linux', env: {SHELL: '/usr/bin/fish'}})).toBe('fish');
		expect(
			chooseFormat(
				{},
				{platform: 'win32', env: {SHELL: 'C:\\Program Files\\PowerShell\\7\\pwsh.exe'}},
			),
		).toBe('powershell');
		expect(chooseFormat({}, {platform: 'win32', env: {}})).toBe('powershell');
		expect(chooseFormat({}, {platform: 'win32', env: {SHELL: '/usr/bin/bash'}})).toBe('sh');
		expect(chooseFormat({}, {platform: 'linux', env: {}})).toBe('sh');
		expect(chooseFormat({}, {platform: 'darwin', env: {SHELL: '/bin/zsh'}})).toBe('sh');
		expect(chooseFormat({shell: 'cmd'}, {platform: 'linux', env: {}})).toBe('cmd');
		expect(chooseFormat({shell: 'pwsh'}, {platform: 'linux', env: {}})).toBe('powershell');
		expect(chooseFormat({dotenv: true}, {platform: 'win32', env: {}})).toBe('dotenv');
	});

	it('refuses an unknown shell, and --dotenv with --shell', () => {
		expectFailure(() => chooseFormat({shell: 'tcsh'}), 'usage', /Unknown shell “tcsh”/);
		expectFailure(() => chooseFormat({shell: 'sh', dotenv: true}), 'usage', /do not go together/);
	});
});

describe('refusing values before any line', () => {
	it('refuses a token that is not a b64token, for every format', () => {
		for (const format of ['sh', 'fish', 'powershell', 'cmd', 'dotenv'] as const) {
			for (const token of ['x’; Start-Process calc; #', "x'; rm -rf ~; '", 'a b', '$(id)']) {
				expectFailure(
					() => envLines({apiKey, accessToken: token}, format, 'default'),
					'bad_response',
					/not in the form OAuth allows/,
				);
			}
		}
	});

	it('refuses an API key that is not one', () => {
		expectFailure(
			() => envLines({apiKey: `${apiKey}'; calc; '`, accessToken}, 'sh', 'default'),
			'bad_input',
			/is not an API key/,
		);
	});

	it('gives both lines for good values', () => {
		expect(envLines({apiKey, accessToken}, 'powershell', 'default')).toEqual([
			`$env:CC_API_KEY = '${apiKey}'`,
			`$env:CC_ACCESS_TOKEN = '${accessToken}'`,
		]);
	});
});
