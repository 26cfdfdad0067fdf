// Renders the readme's pictures of the guide from a real run: `cc-token demo` in a detached
// tmux of 100×30, its screen captured with colours (capture-pane -e), turned into HTML here,
// and photographed by Chromium through playwright-core. A development tool, not part of the
// tests. From the repository:
//
//   npm run build && node docs/render-terminal.mjs
//
// Needs tmux and /usr/bin/chromium (playwright-core never downloads a browser). Writes
// docs/guide.png (step 8, ready to sign in) and docs/guide-credentials.png (step 9 after a demo
// sign-in by the scripted browser, the tokens hidden as the guide hides them). Nothing leaves
// this machine: the demo runs against the built-in emulator on loopback.
import {execFile} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {chromium} from 'playwright-core';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('..', import.meta.url));
const columns = 100;
const rows = 30;

// ---- ANSI (as tmux captures it) to HTML ----

const background = '#1d1f21';
const foreground = '#d0d0d0';
// The 16 colours, in the spirit of common dark terminal themes.
const palette = [
	'#1d1f21',
	'#e05f65',
	'#5fd08a',
	'#e8c75a',
	'#5a9ee6',
	'#c678dd',
	'#4fc1d6',
	'#d0d0d0',
	'#6c7178',
	'#ff7a80',
	'#7ee0a2',
	'#f5d97a',
	'#7ab4f5',
	'#d79ae8',
	'#73d7ea',
	'#ffffff',
];

function color256(index) {
	if (index < 16) return palette[index];
	if (index >= 232) {
		const level = 8 + (index - 232) * 10;
		return `rgb(${level},${level},${level})`;
	}
	const cube = index - 16;
	const level = (step) => (step === 0 ? 0 : 55 + step * 40);
	return `rgb(${level(Math.floor(cube / 36))},${level(Math.floor(cube / 6) % 6)},${level(cube % 6)})`;
}

const plain = () => ({
	fg: undefined,
	bg: undefined,
	bold: false,
	dim: false,
	italic: false,
	underline: false,
	inverse: false,
});

/** Applies one SGR sequence's parameters to the style. */
function applySgr(style, parameters) {
	const codes = parameters === '' ? [0] : parameters.split(';').map(Number);
	for (let index = 0; index < codes.length; index++) {
		const code = codes[index];
		if (code === 0) Object.assign(style, plain());
		else if (code === 1) style.bold = true;
		else if (code === 2) style.dim = true;
		else if (code === 3) style.italic = true;
		else if (code === 4) style.underline = true;
		else if (code === 7) style.inverse = true;
		else if (code === 22) Object.assign(style, {bold: false, dim: false});
		else if (code === 23) style.italic = false;
		else if (code === 24) style.underline = false;
		else if (code === 27) style.inverse = false;
		else if (code >= 30 && code <= 37) style.fg = palette[code - 30];
		else if (code >= 90 && code <= 97) style.fg = palette[code - 90 + 8];
		else if (code >= 40 && code <= 47) style.bg = palette[code - 40];
		else if (code >= 100 && code <= 107) style.bg = palette[code - 100 + 8];
		else if (code === 39) style.fg = undefined;
		else if (code === 49) style.bg = undefined;
		else if (code === 38 || code === 48) {
			const key = code === 38 ? 'fg' : 'bg';
			if (codes[index + 1] === 5) {
				style[key] = color256(codes[index + 2]);
				index += 2;
			} else if (codes[index + 1] === 2) {
				style[key] = `rgb(${codes[index + 2]},${codes[index + 3]},${codes[index + 4]})`;
				index += 4;
			}
		}
	}
}

function css(style) {
	let fg = style.fg ?? foreground;
	let bg = style.bg;
	if (style.inverse) [fg, bg] = [bg ?? background, fg];
	return [
		`color:${fg}`,
		bg ? `background:${bg}` : '',
		style.bold ? 'font-weight:bold' : '',
		style.dim ? 'opacity:0.6' : '',
		style.italic ? 'font-style:italic' : '',
		style.underline ? 'text-decoration:underline' : '',
	]
		.filter(Boolean)
		.join(';');
}

const escapeHtml = (text) =>
	text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

// Characters outside ASCII may come from a fallback font of another width: each is put in a
// cell exactly one column wide, so the grid stays straight.
const cells = (text) =>
	escapeHtml(text).replace(
		/[^\u0000-\u007e]/gu,
		(character) => `<span class="cell">${character}</span>`,
	);

export function ansiToHtml(ansi) {
	const style = plain();
	const lines = ansi.replace(/\n$/, '').split('\n');
	const html = lines.map((line) => {
		let out = '';
		let last = 0;
		for (const match of line.matchAll(/\u001B\[([0-9;]*)m/g)) {
			const text = line.slice(last, match.index);
			if (text) out += `<span style="${css(style)}">${cells(text)}</span>`;
			applySgr(style, match[1]);
			last = match.index + match[0].length;
		}
		const rest = line.slice(last);
		if (rest) out += `<span style="${css(style)}">${cells(rest)}</span>`;
		return `<div class="line">${out || ' '}</div>`;
	});
	return `<!doctype html>
<html><head><meta charset="utf-8"><style>
body { margin: 0; padding: 24px; background: #0e1013; display: inline-block; }
#window { border-radius: 10px; overflow: hidden; box-shadow: 0 8px 30px rgba(0,0,0,.5); background: ${background}; }
#bar { height: 30px; background: #2a2d31; display: flex; align-items: center; padding: 0 12px; gap: 8px; }
#bar i { width: 12px; height: 12px; border-radius: 50%; display: inline-block; }
#bar span { color: #8b9096; font: 13px sans-serif; margin-left: 12px; }
#screen { padding: 14px 18px; font: 15px/1.17 'DejaVu Sans Mono', 'Liberation Mono', monospace; color: ${foreground}; }
.line { white-space: pre; height: 1.17em; }
.cell { display: inline-block; width: 1ch; text-align: center; overflow: hidden; vertical-align: top; }
</style></head><body><div id="window">
<div id="bar"><i style="background:#ff5f57"></i><i style="background:#febc2e"></i><i style="background:#28c840"></i><span>cc-token demo</span></div>
<div id="screen">${html.join('\n')}</div>
</div></body></html>`;
}

// ---- a real run in tmux ----

async function withDemo(use) {
	const dir = mkdtempSync(path.join(tmpdir(), 'cc-token-render-'));
	writeFileSync(path.join(dir, 'tmux.conf'), 'set -g status off\n');
	const {TMUX: _outer, ...clientEnv} = process.env;
	const tmux = async (...args) =>
		(await run('tmux', ['-S', path.join(dir, 'tmux.socket'), ...args], {env: clientEnv})).stdout;
	const env = {
		PATH: process.env.PATH,
		HOME: process.env.HOME,
		LANG: 'C.UTF-8',
		TERM: 'xterm-256color',
		BROWSER: path.join(repo, 'test', 'helpers', 'browser-script.sh'),
	};
	const command = [
		'env',
		'-i',
		...Object.entries(env).map(([name, value]) => `${name}=${value}`),
		process.execPath,
		path.join(repo, 'dist', 'cli.js'),
		'demo',
	]
		.map((word) => `'${word.replaceAll("'", `'\\''`)}'`)
		.join(' ');
	await tmux(
		'-f',
		path.join(dir, 'tmux.conf'),
		'new-session',
		'-d',
		'-s',
		'demo',
		'-x',
		String(columns),
		'-y',
		String(rows),
		command,
	);
	const screen = async (colours = false) =>
		tmux('capture-pane', '-p', ...(colours ? ['-e'] : []), '-t', 'demo');
	const waitFor = async (text) => {
		const deadline = Date.now() + 15_000;
		while (!(await screen()).includes(text)) {
			if (Date.now() > deadline)
				throw new Error(`The demo never showed ${text}:\n${await screen()}`);
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
	};
	const keys = (...names) => tmux('send-keys', '-t', 'demo', ...names);
	try {
		await use({screen, waitFor, keys});
	} finally {
		await tmux('kill-server').catch(() => {});
		rmSync(dir, {recursive: true, force: true});
	}
}

const captures = {};
await withDemo(async ({screen, waitFor, keys}) => {
	await waitFor('Step 1 of 10');
	// Through the steps one by one, as a person reads them, to the sign-in.
	for (let step = 2; step <= 8; step += 1) {
		await keys('Right');
		await waitFor(`Step ${step} of 10`);
	}
	await waitFor('Ready: press Enter');
	captures['guide.png'] = await screen(true);
	await keys('s');
	await waitFor('Juniper Street Bakery');
	// The success notice fades into the picture too; the tokens stay hidden (r would show them).
	await waitFor('✓ Signed in');
	captures['guide-credentials.png'] = await screen(true);
	await keys('q');
});

const browser = await chromium.launch({
	executablePath: '/usr/bin/chromium',
	headless: true,
	args: [
		'--no-sandbox',
		'--disable-gpu',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync',
		'--no-first-run',
	],
});
try {
	const page = await browser.newPage({deviceScaleFactor: 2});
	for (const [file, ansi] of Object.entries(captures)) {
		await page.setContent(ansiToHtml(ansi));
		await page.locator('body').screenshot({path: path.join(repo, 'docs', file)});
		console.log(`wrote docs/${file}`);
	}
} finally {
	await browser.close();
}
