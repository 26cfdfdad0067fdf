// What people type and paste into the guide, end to end: the built cc-token in a real terminal
// (tmux). Escape-laden pastes once crashed it inside Ink ("Cannot read properties of undefined
// (reading 'startsWith')"); every byte now passes one filter first, and a fuzz run proves the
// guide survives whatever a terminal can send.
import fc from 'fast-check';
import {afterEach, describe, expect, it} from 'vitest';
import '../helpers/fuzz-seed.js';
import {baseEnv} from '../helpers/cli.js';
import {setUpTempStore} from '../helpers/temp-store.js';
import {cliCommand, shellLine, startTerminal, type Terminal} from '../helpers/terminal.js';

const esc = '\u001B';
const crashText = 'Something unexpected went wrong';
const apiKey = '6f1d2c8e-3b7a-4e5f-9a0c-8d4b2e6f1a37';

const config = setUpTempStore();
let terminal: Terminal | undefined;

afterEach(async () => {
	await terminal?.kill();
	terminal = undefined;
});

async function guide(env: Record<string, string> = {}, columns = 80, rows = 24) {
	terminal = await startTerminal({
		command: cliCommand([]),
		env: baseEnv({TERM: 'xterm-256color', CC_TOKEN_CONFIG_DIR: config.dir, ...env}),
		columns,
		rows,
	});
	await terminal.waitFor('Step 1 of 10');
	return terminal;
}

/** Leaves whatever the guide is in (a field, the help, the quit question) and quits with q. */
async function quit(screen: Terminal): Promise<number> {
	for (let attempt = 0; attempt < 6; attempt += 1) {
		const shown = await screen.screen();
		if (shown.includes(shellLine) && !shown.includes('Step ')) break;
		if (shown.includes('Quit anyway?')) await screen.sendKeys('y');
		else if (shown.includes('closes the help')) await screen.sendKeys('x');
		else if (shown.includes('Esc leave the field')) await screen.sendKeys('Escape');
		else await screen.sendKeys('q');
		await new Promise((resolve) => setTimeout(resolve, 150));
	}
	return screen.exitCode();
}

describe('pasting text that holds escape sequences', () => {
	it.each([
		['a colour code', `abc${esc}[37mdef`],
		['bold red and reset', `abc${esc}[1;31mdef${esc}[0m`],
		['a cursor move with an unknown letter', `abc${esc}[5Gdef`],
		['a modified function key Ink does not name', `abc${esc}[9;5~def`],
	])(
		'%s in the API key field: the field gets the text, the guide keeps running',
		async (_name, paste) => {
			const screen = await guide();
			await screen.sendKeys('4', 'Enter');
			await screen.waitFor('› API key:');
			await screen.sendBytes(paste);
			const shown = await screen.waitFor('› API key: abcdef');
			expect(shown).not.toContain(crashText);
			expect(await quit(screen)).toBe(0);
			expect(await screen.screen()).not.toContain(crashText);
		},
	);

	it('a bracketed paste is taken as text, its markers and colours left out', async () => {
		const screen = await guide();
		await screen.sendKeys('4');
		await screen.waitFor('Step 4 of 10');
		await screen.sendBytes(`${esc}[200~ ${apiKey.toUpperCase()}${esc}[0m ${esc}[201~`);
		// A paste goes into the step's field by itself; the key is judged in lower case.
		await screen.waitFor('✓ That is an API key.');
		expect(await quit(screen)).toBe(0);
	});
});

describe('the input fuzz', () => {
	// Keys that end the guide on purpose (q, Ctrl+C) are left out: the point is that nothing
	// else can.
	const withoutQuitting = (text: string) => text.replace(/[qQ\u0003]/g, '');
	const pieces = fc.oneof(
		fc.constantFrom(
			esc,
			`${esc}[`,
			`${esc}[37m`,
			`${esc}[1;37m`,
			`${esc}[5G`,
			`${esc}[9;5~`,
			`${esc}[200~`,
			`${esc}[201~`,
			`${esc}[1;5C`,
			`${esc}]0;title\u0007`,
			`${esc}P`,
			`${esc}\\`,
			`${esc}${esc}`,
			`${esc}é`,
			`${esc}O`,
			'\u009B',
			'\r',
			'\n',
			'\t',
			'\u007F',
			'\u0015',
			'\u0017',
		),
		fc.string({maxLength: 8}),
		fc.string({unit: 'binary', maxLength: 4}),
	);
	const cases = fc.oneof(
		fc.array(pieces, {minLength: 1, maxLength: 8}).map((parts) => withoutQuitting(parts.join(''))),
		fc
			.uint8Array({minLength: 1, maxLength: 32})
			.map((bytes) =>
				Buffer.from(bytes.filter((byte) => byte !== 0x03 && byte !== 0x71 && byte !== 0x51)),
			),
	);
	const caseCount = 150;

	it(`survives ${caseCount} random pastes, bytes and escape sequences in a real terminal, and q still exits 0`, async () => {
		const screen = await guide({}, 80, 24);
		let sent = 0;
		await fc.assert(
			fc.asyncProperty(cases, async (bytes) => {
				sent += 1;
				await screen.sendBytes(bytes);
				// Every few cases a step with a field comes up, so text lands in fields too.
				if (sent % 10 === 0) await screen.sendKeys('Escape', '4');
				// A capture may fall between two writes of one frame: the header must come back.
				const shown = await screen.waitFor(
					(text) => text.includes('cc-token') || text.includes(crashText),
					3000,
				);
				expect(shown).not.toContain(crashText);
			}),
			// Every case is sent, however slow the machine: this test has a limit of its own.
			{numRuns: caseCount, endOnFailure: true, interruptAfterTimeLimit: 100_000},
		);
		expect(sent).toBe(caseCount);
		// Still drawing: the guide answers a key after all of it. (A paste start marker without
		// its end holds what follows as pasted text for a second; then keys are keys again.)
		await new Promise((resolve) => setTimeout(resolve, 1200));
		for (const key of ['Escape', 'Escape']) {
			await screen.sendKeys(key);
			await new Promise((resolve) => setTimeout(resolve, 150));
		}
		await screen.sendKeys('?');
		await screen.waitFor('closes the help');
		expect(await quit(screen)).toBe(0);
		expect(await screen.screen()).not.toContain(crashText);
	}, 120_000);
});
