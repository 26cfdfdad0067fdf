// `npm run bench`: how fast the BUILT command (dist/cli.js) starts, draws and saves, each figure
// beside a reference measured in the same run (subject and reference interleaved, so drift in
// the machine's load hits both), as medians; how soon the lock of a killed cc-token is taken
// over; how many packages `npm install -g` of the packed tarball (dist/ as it is) brings. Prints
// a table and writes bench/results.json.
//
//   node bench/run.mjs   (after `npm run build`; BENCH_RUNS=N sets the run count, BENCH_DIST=dir
//                         measures another build, e.g. `node build.mjs dir`)
import {spawn, spawnSync} from 'node:child_process';
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	readFileSync,
	rmSync,
	watch,
	writeFileSync,
} from 'node:fs';
import {createServer, request as httpRequest} from 'node:http';
import {createServer as createNetServer} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {setTimeout} from 'node:timers/promises';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {build} from 'esbuild';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.dirname(benchDir);
const cli = path.resolve(repoRoot, process.env.BENCH_DIST ?? 'dist', 'cli.js');
const probe = path.join(benchDir, 'pty-probe.py');
const referenceInkApp = path.join(benchDir, 'reference-ink-app.mjs');
const runs = Number(process.env.BENCH_RUNS ?? 0) || undefined;

if (!existsSync(cli)) {
	console.error(`${cli} is missing: run \`npm run build\` first (or \`npm run bench\`).`);
	process.exit(1);
}

const scratch = mkdtempSync(path.join(os.tmpdir(), 'cc-token-bench-'));
process.on('exit', () => rmSync(scratch, {recursive: true, force: true}));

// ——— helpers ———

const median = (values) => {
	const sorted = values
		.filter((value) => value !== null && value !== undefined)
		.sort((a, b) => a - b);
	if (sorted.length === 0) return Number.NaN;
	const middle = sorted.length >> 1;
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** The environment of every measured run: nothing of the developer's own, and no CI. */
function cleanEnv(extra = {}) {
	return {
		PATH: process.env.PATH,
		HOME: process.env.HOME,
		LANG: 'C.UTF-8',
		TERM: 'xterm-256color',
		...extra,
	};
}

function signedInConfigDir() {
	const dir = mkdtempSync(path.join(scratch, 'config-'));
	writeFileSync(
		path.join(dir, 'config.json'),
		JSON.stringify({
			version: 1,
			profiles: {
				default: {
					apiKey: '1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d',
					scopes: ['account_read', 'contact_data', 'offline_access'],
					accessToken: 'bench.access.token',
					accessTokenExpiresAt: Date.now() + 86_400_000,
					refreshToken: 'bench-refresh-token',
					refreshTokenKind: 'rotating',
					signedInAt: Date.now(),
				},
			},
		}),
		{mode: 0o600},
	);
	return dir;
}

function wallMs(argv, env) {
	const started = process.hrtime.bigint();
	const result = spawnSync(process.execPath, argv, {env, encoding: 'utf8'});
	const ms = Number(process.hrtime.bigint() - started) / 1e6;
	if (result.status !== 0) {
		throw new Error(`node ${argv.join(' ')} failed (${result.status}): ${result.stderr}`);
	}
	return {ms, stdout: result.stdout};
}

function ptyProbe(spec) {
	const result = spawnSync('python3', [probe, JSON.stringify(spec)], {encoding: 'utf8'});
	if (result.status !== 0) throw new Error(`pty-probe failed: ${result.stderr}`);
	const report = JSON.parse(result.stdout);
	if (report.ready_ms === null) {
		throw new Error(`${spec.argv.join(' ')} never showed “${spec.ready}”: ${report.tail}`);
	}
	return report;
}

function freePort() {
	return new Promise((resolve, reject) => {
		const server = createNetServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const {port} = server.address();
			server.close(() => resolve(port));
		});
	});
}

// ——— start-up: token, --version, status, a shell's Tab against `node -e 0` ———

function measureStartup(count) {
	const env = cleanEnv({CC_TOKEN_CONFIG_DIR: signedInConfigDir()});
	const cases = {
		reference: ['-e', '0'],
		token: [cli, 'token'],
		version: [cli, '--version'],
		status: [cli, 'status'],
		// What `cc-token token --profile <Tab>` runs in bash.
		complete: [cli, '__complete', 'bash', '--', 'token', '--profile', ''],
	};
	if (wallMs(cases.token, env).stdout !== 'bench.access.token\n') {
		throw new Error('cc-token token did not print the stored token.');
	}
	const times = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
	for (let round = 0; round < count; round++) {
		for (const [name, argv] of Object.entries(cases)) times[name].push(wallMs(argv, env).ms);
	}
	return Object.fromEntries(Object.entries(times).map(([name, values]) => [name, median(values)]));
}

// ——— `cc-token token` from a Redis store (redis-server of its own) against `node -e 0` ———

async function measureRedisToken(count) {
	const port = await freePort();
	const redis = spawn(
		'redis-server',
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
		{stdio: ['ignore', 'pipe', 'ignore']},
	);
	try {
		await new Promise((resolve, reject) => {
			let output = '';
			redis.once('error', reject);
			redis.stdout.setEncoding('utf8').on('data', (chunk) => {
				output += chunk;
				if (output.includes('Ready to accept connections')) resolve();
			});
		});
		const profile = JSON.parse(readFileSync(path.join(signedInConfigDir(), 'config.json'), 'utf8'))
			.profiles.default;
		const stored = spawnSync('redis-cli', [
			'-p',
			String(port),
			'HSET',
			'cc-token:profiles',
			'default',
			JSON.stringify(profile),
		]);
		if (stored.status !== 0) throw new Error('redis-cli could not store the bench profile.');
		const env = cleanEnv({
			CC_TOKEN_CONFIG_DIR: mkdtempSync(path.join(scratch, 'config-')),
			CC_TOKEN_STORE: `redis://127.0.0.1:${port}/0`,
		});
		if (wallMs([cli, 'token'], env).stdout !== 'bench.access.token\n') {
			throw new Error('cc-token token did not print the token stored in Redis.');
		}
		const times = {reference: [], token: []};
		for (let round = 0; round < count; round++) {
			times.reference.push(wallMs(['-e', '0'], env).ms);
			times.token.push(wallMs([cli, 'token'], env).ms);
		}
		return {reference: median(times.reference), token: median(times.token)};
	} finally {
		redis.kill();
	}
}

// ——— the guide in a pseudo-terminal (100×30) against the smallest unbundled Ink app ———

// The guide's first full frame ends with its key line; moving between steps changes "Step N of 10".
const guideReady = 'q quit';
const stepMarker = (step) => `Step ${step} of 10`;
const right = '\u001B[C';
const left = '\u001B[D';
// A person's key presses come a few hundred milliseconds apart; Ink draws at most 30 frames a
// second, so presses closer than 33 ms wait for the next frame by design.
const keyGapMs = 200;

function measureGuide(count) {
	const env = cleanEnv({CC_TOKEN_CONFIG_DIR: signedInConfigDir()});
	// A person who is signed in finds the guide at their credentials, step 9.
	const keys = [
		...[8, 7, 6, 5, 4].map((step) => ({send: left, expect: stepMarker(step)})),
		...[5, 6, 7, 8, 9].map((step) => ({send: right, expect: stepMarker(step)})),
	];
	const guide = {
		argv: [process.execPath, cli, '--no-browser'],
		env,
		cols: 100,
		rows: 30,
		ready: guideReady,
		keys,
		gap_ms: keyGapMs,
		quit: 'q',
	};
	const reference = {
		argv: [process.execPath, referenceInkApp],
		env,
		cols: 100,
		rows: 30,
		ready: 'one line of text',
	};
	const samples = {
		guideFrame: [],
		referenceFrame: [],
		keys: [],
		guideRss: [],
		referenceRss: [],
		clears: 0,
	};
	for (let round = 0; round < count; round++) {
		const ref = ptyProbe(reference);
		const run = ptyProbe(guide);
		if (run.keys_ms.length !== keys.length || run.keys_ms.includes(null)) {
			throw new Error(`The guide did not answer every key: ${JSON.stringify(run.keys_ms)}`);
		}
		samples.referenceFrame.push(ref.ready_ms);
		samples.referenceRss.push(ref.max_rss_kib);
		samples.guideFrame.push(run.ready_ms);
		samples.guideRss.push(run.max_rss_kib);
		samples.keys.push(...run.keys_ms);
		samples.clears += run.clears_after_ready;
	}
	return {
		guideFrame: median(samples.guideFrame),
		referenceFrame: median(samples.referenceFrame),
		key: median(samples.keys),
		keyWorst: Math.max(...samples.keys),
		clears: samples.clears,
		guideRss: median(samples.guideRss),
		referenceRss: median(samples.referenceRss),
	};
}

// ——— loopback callback received → tokens saved, against the emulator ———

/** The emulator, built from source into the scratch folder, run in this process. */
async function startEmulator(options = {}) {
	const outfile = path.join(scratch, 'emulator.mjs');
	await build({
		entryPoints: [path.join(repoRoot, 'source', 'provider', 'emulator', 'index.ts')],
		outfile,
		bundle: true,
		format: 'esm',
		platform: 'node',
		target: 'node20',
		logLevel: 'warning',
	});
	const {startEmulator: start} = await import(pathToFileURL(outfile).href);
	return start({autoApprove: 'allow', ...options});
}

/**
 * A loopback proxy in front of the emulator that times each token request from its arrival to
 * the last byte of the answer: the server's share, to take out of the callback figure.
 */
function startTimingProxy(target) {
	const tokenRequests = [];
	const server = createServer((incoming, outgoing) => {
		const arrived = performance.now();
		const upstream = httpRequest(
			new URL(incoming.url, target),
			// The emulator answers only requests addressed to its own host and port.
			{method: incoming.method, headers: {...incoming.headers, host: new URL(target).host}},
			(answer) => {
				outgoing.writeHead(answer.statusCode, answer.headers);
				answer.pipe(outgoing);
			},
		);
		upstream.on('error', () => outgoing.destroy());
		incoming.pipe(upstream);
		if (incoming.url.endsWith('/token')) {
			outgoing.on('finish', () => tokenRequests.push(performance.now() - arrived));
		}
	});
	return new Promise((resolve) => {
		server.listen(0, '127.0.0.1', () => {
			resolve({
				origin: `http://127.0.0.1:${server.address().port}`,
				tokenRequests,
				close: () => new Promise((done) => server.close(done)),
			});
		});
	});
}

function get(url) {
	return new Promise((resolve, reject) => {
		const call = httpRequest(url, {agent: false}, (response) => {
			response.resume();
			response.on('end', () => resolve(response));
		});
		call.on('error', reject);
		call.end();
	});
}

const personInBrowserMs = 500;

async function oneSignIn(emulator, proxy) {
	const port = await freePort();
	const redirectUri = `http://127.0.0.1:${port}/callback`;
	const app = emulator.registerApp({redirectUris: [redirectUri]});
	const configDir = mkdtempSync(path.join(scratch, 'login-'));
	const configFile = path.join(configDir, 'config.json');
	const child = spawn(
		process.execPath,
		[cli, 'login', '--client-id', app.clientId, '--redirect-uri', redirectUri, '--no-browser'],
		{
			env: cleanEnv({
				CC_TOKEN_CONFIG_DIR: configDir,
				CC_TOKEN_AUTH_URL: `${proxy.origin}/oauth2/default/v1`,
				CC_TOKEN_API_URL: `${proxy.origin}/v3`,
			}),
			stdio: ['pipe', 'pipe', 'pipe'],
		},
	);
	let stderr = '';
	const exited = new Promise((resolve) => child.on('close', resolve));
	const authorizeUrl = await new Promise((resolve, reject) => {
		child.stderr.setEncoding('utf8').on('data', (chunk) => {
			stderr += chunk;
			// It says it is waiting once it listens; the address comes in its own line.
			const address = /^\s+(http\S+\/authorize\?\S+)$/m.exec(stderr)?.[1];
			if (address && stderr.includes('Waiting for your browser')) resolve(address);
		});
		child.on('close', () => reject(new Error(`login ended early: ${stderr}`)));
	});
	// A person spends at least this long in the browser before approving; cc-token may use it.
	await setTimeout(personInBrowserMs);
	// The emulator approves at once and sends the browser back with a code.
	const approval = await get(authorizeUrl);
	const callbackUrl = approval.headers.location;
	if (!callbackUrl?.startsWith(redirectUri))
		throw new Error(`No redirect to the callback: ${callbackUrl}`);

	const tokenRequestsBefore = proxy.tokenRequests.length;
	const saved = new Promise((resolve) => {
		const watcher = watch(configDir, (_event, name) => {
			if (name === 'config.json' && existsSync(configFile)) {
				const at = performance.now();
				watcher.close();
				resolve(at);
			}
		});
	});
	const callbackAt = performance.now();
	// A browser follows the listener's redirect to the result page at once.
	const callback = get(callbackUrl).then((answer) =>
		answer.headers.location ? get(new URL(answer.headers.location, callbackUrl)) : answer,
	);
	const savedAt = await saved;
	await callback;
	const code = await exited;
	if (code !== 0) throw new Error(`login failed (${code}): ${stderr}`);
	const stored = JSON.parse(readFileSync(configFile, 'utf8'));
	if (!stored.profiles?.default?.accessToken) throw new Error('login saved no access token.');
	const tokenMs = proxy.tokenRequests[tokenRequestsBefore];
	return {
		total: savedAt - callbackAt,
		token: tokenMs,
		beyond: savedAt - callbackAt - tokenMs,
		configDir,
	};
}

async function measureCallback(count) {
	const emulator = await startEmulator();
	const proxy = await startTimingProxy(emulator.origin);
	try {
		await oneSignIn(emulator, proxy); // warm the file cache; not counted
		const samples = [];
		for (let round = 0; round < count; round++) samples.push(await oneSignIn(emulator, proxy));
		return {
			beyond: median(samples.map((sample) => sample.beyond)),
			total: median(samples.map((sample) => sample.total)),
			token: median(samples.map((sample) => sample.token)),
		};
	} finally {
		await proxy.close();
		await emulator.close();
	}
}

// ——— run, report, record ———

const round1 = (value) => Math.round(value * 10) / 10;
const round2 = (value) => Math.round(value * 100) / 100;

// ——— cc-token api /account/summary against curl with $(cc-token token), on the emulator ———

/** Runs a command without blocking this process (the emulator answers from it). */
function timedRun(command, args, env) {
	return new Promise((resolve, reject) => {
		const started = process.hrtime.bigint();
		const child = spawn(command, args, {env, stdio: ['ignore', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (chunk) => {
			stdout += chunk;
		});
		child.stderr.setEncoding('utf8').on('data', (chunk) => {
			stderr += chunk;
		});
		child.on('error', reject);
		child.on('close', (code) => {
			const ms = Number(process.hrtime.bigint() - started) / 1e6;
			if (code === 0) resolve({ms, stdout});
			else reject(new Error(`${command} ${args.join(' ')} failed (${code}): ${stderr}`));
		});
	});
}

async function measureApi(count) {
	// Runs come closer together than Constant Contact's 4 a second, which the emulator would
	// enforce; what is measured here is the cost of one request, not pacing.
	const emulator = await startEmulator({apiLimits: {perSecond: 1_000_000, perDay: 1_000_000}});
	try {
		const {configDir} = await oneSignIn(emulator, {origin: emulator.origin, tokenRequests: []});
		const env = cleanEnv({CC_TOKEN_CONFIG_DIR: configDir, ...emulator.env});
		const bearer = `$("${process.execPath}" "${cli}" token)`;
		const cases = {
			api: [process.execPath, [cli, 'api', '/account/summary']],
			curl: [
				'sh',
				[
					'-c',
					`curl -sSf -H "Authorization: Bearer ${bearer}" ${emulator.endpoints.accountSummary}`,
				],
			],
		};
		const times = {api: [], curl: []};
		for (let round = -1; round < count; round++) {
			for (const [name, [command, args]] of Object.entries(cases)) {
				const {ms, stdout} = await timedRun(command, args, env);
				if (!stdout.includes('Juniper Street Bakery')) {
					throw new Error(`${name} did not print the account summary: ${stdout}`);
				}
				if (round >= 0) times[name].push(ms); // round -1 warms the file cache
			}
		}
		return {api: median(times.api), curl: median(times.curl)};
	} finally {
		await emulator.close();
	}
}

// ——— a lock left by a killed cc-token: how soon the next caller has it ———

/** The store, built from source into the scratch folder, and a script that holds its lock. */
async function buildLockParts() {
	const store = path.join(scratch, 'store.mjs');
	const holder = path.join(scratch, 'hold-lock.mjs');
	const common = {
		bundle: true,
		format: 'esm',
		platform: 'node',
		target: 'node20',
		logLevel: 'warning',
	};
	// Bundled CommonJS packages (proper-lockfile) call require().
	const banner = {
		js: "import {createRequire} from 'node:module'; const require = createRequire(import.meta.url);",
	};
	const parts = [
		"export {storeLocation} from './source/store/location.ts';",
		"export {withStoreLock} from './source/store/store-lock.ts';",
	].join('\n');
	const holding = [
		"import {storeLocation} from './source/store/location.ts';",
		"import {withStoreLock} from './source/store/store-lock.ts';",
		'await withStoreLock(storeLocation(), () => {',
		"	process.stdout.write('held\\n');",
		'	return new Promise(() => setInterval(() => {}, 60_000));',
		'});',
	].join('\n');
	for (const [contents, outfile] of [
		[parts, store],
		[holding, holder],
	]) {
		await build({
			...common,
			banner,
			stdin: {contents, resolveDir: repoRoot, loader: 'ts'},
			outfile,
		});
	}
	return {store: await import(pathToFileURL(store).href), holder};
}

/** Another process takes the lock and is killed; this one was already waiting for it. */
async function oneTakeover({store, holder}) {
	const dir = mkdtempSync(path.join(scratch, 'lock-'));
	const child = spawn(process.execPath, [holder], {
		env: cleanEnv({CC_TOKEN_CONFIG_DIR: dir}),
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const exited = new Promise((resolve) => child.on('close', resolve));
	await new Promise((resolve, reject) => {
		child.stdout.on('data', (chunk) => String(chunk).includes('held') && resolve());
		child.on('close', () => reject(new Error('the lock holder ended before holding the lock')));
	});
	const location = store.storeLocation({CC_TOKEN_CONFIG_DIR: dir});
	let killedAt = 0;
	const taken = store.withStoreLock(location, async () => performance.now(), {timeoutMs: 30_000});
	await setTimeout(100); // the waiter is waiting
	killedAt = performance.now();
	child.kill('SIGKILL');
	await exited;
	return (await taken) - killedAt;
}

async function measureStaleLock(count) {
	const parts = await buildLockParts();
	const samples = [];
	for (let round = 0; round < count; round++) samples.push(await oneTakeover(parts));
	return {median: median(samples), worst: Math.max(...samples)};
}

// ——— the packed package, installed as people install it ———

function measurePackedInstall() {
	const dir = mkdtempSync(path.join(scratch, 'pack-'));
	const prefix = path.join(dir, 'prefix');
	const npm = (args, cwd) => {
		const result = spawnSync('npm', args, {cwd, encoding: 'utf8'});
		if (result.status !== 0) throw new Error(`npm ${args.join(' ')} failed: ${result.stderr}`);
		return result.stdout;
	};
	// The build this bench measures is the one packed; packing does not build again.
	npm(['pack', '--ignore-scripts', '--pack-destination', dir], repoRoot);
	const tarball = path.join(
		dir,
		readdirSync(dir).find((name) => name.endsWith('.tgz')),
	);
	npm(['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', tarball], dir);
	const installed = npm(['ls', '--global', '--prefix', prefix, '--all', '--parseable'], dir);
	const command = path.join(prefix, 'bin', 'cc-token');
	const version = spawnSync(command, ['--version'], {encoding: 'utf8', env: cleanEnv()});
	if (version.status !== 0)
		throw new Error(`The installed cc-token did not run: ${version.stderr}`);
	return {packages: installed.trim().split('\n').length - 1};
}

function figure(name, value, unit, reference, target) {
	const ratio = reference ? value / reference.value : undefined;
	const measured = ratio ?? value;
	return {
		name,
		value: round1(value),
		unit,
		...(reference ? {reference: {name: reference.name, value: round1(reference.value)}} : {}),
		...(ratio === undefined ? {} : {ratio: round2(ratio)}),
		target: target.text,
		pass: measured <= target.max,
	};
}

function machine() {
	return {
		cpu: os.cpus()[0]?.model ?? 'unknown',
		cores: os.cpus().length,
		memoryGiB: Math.round(os.totalmem() / 2 ** 30),
		os: `${os.type()} ${os.release()}`,
		node: process.version,
		date: new Date().toISOString(),
	};
}

function printTable(figures) {
	const rows = figures.map((item) => [
		item.name,
		`${item.value} ${item.unit}`,
		item.reference ? `${item.reference.value} ${item.unit}  ${item.reference.name}` : '',
		item.ratio === undefined ? '' : `${item.ratio}×`,
		item.target,
		item.pass ? 'pass' : 'FAIL',
	]);
	const header = ['figure', 'value', 'reference', 'ratio', 'target', ''];
	const widths = header.map((_, column) =>
		Math.max(...[header, ...rows].map((row) => row[column].length)),
	);
	const line = (row) =>
		row
			.map((cell, column) => cell.padEnd(widths[column]))
			.join('  ')
			.trimEnd();
	console.log(line(header));
	console.log(line(widths.map((width) => '─'.repeat(width))));
	for (const row of rows) console.log(line(row));
}

const counts = {
	startup: runs ?? 25,
	guide: runs ?? 10,
	callback: runs ?? 15,
	api: runs ?? 25,
	staleLock: runs ?? 10,
};
console.log(
	`Measuring ${path.relative(repoRoot, cli)}: start-up ×${counts.startup}, guide ×${counts.guide}, sign-in ×${counts.callback}, api ×${counts.api}, stale lock ×${counts.staleLock} (medians), packed install ×1…`,
);
const startup = measureStartup(counts.startup);
const redisToken = await measureRedisToken(counts.startup);
const guide = measureGuide(counts.guide);
const callback = await measureCallback(counts.callback);
const api = await measureApi(counts.api);
const staleLock = await measureStaleLock(counts.staleLock);
const packed = measurePackedInstall();

const bareNode = {name: 'node -e 0', value: startup.reference};
const inkApp = {name: 'reference Ink app (unbundled)', value: guide.referenceFrame};
const figures = [
	figure('cc-token token (valid stored token)', startup.token, 'ms', bareNode, {
		max: 1.3,
		text: '≤ 1.3×',
	}),
	figure(
		'cc-token token from a Redis store (valid token)',
		redisToken.token,
		'ms',
		{name: 'node -e 0', value: redisToken.reference},
		{max: 3, text: '≤ 3×'},
	),
	figure('cc-token --version', startup.version, 'ms', bareNode, {max: 1.5, text: '≤ 1.5×'}),
	figure('cc-token status', startup.status, 'ms', bareNode, {max: 1.5, text: '≤ 1.5×'}),
	figure('shell completion (one Tab, profile names)', startup.complete, 'ms', bareNode, {
		max: 1.5,
		text: '≤ 1.5×',
	}),
	figure('guide: first full frame (100×30)', guide.guideFrame, 'ms', inkApp, {
		max: 0.6,
		text: '≤ 0.6×',
	}),
	figure(`guide: key press → new frame (keys ${keyGapMs} ms apart)`, guide.key, 'ms', undefined, {
		max: 50,
		text: '≤ 50 ms',
	}),
	figure('guide: full-screen clears between steps', guide.clears, 'ESC[2J', undefined, {
		max: 0,
		text: 'none',
	}),
	figure(
		'guide: peak memory (max RSS)',
		guide.guideRss / 1024,
		'MiB',
		{
			name: 'reference Ink app (unbundled)',
			value: guide.referenceRss / 1024,
		},
		{max: 1.1, text: '≤ 1.1×'},
	),
	figure(
		'cc-token api /account/summary',
		api.api,
		'ms',
		{name: 'curl -H "Authorization: Bearer $(cc-token token)"', value: api.curl},
		{max: 1.2, text: '≤ 1.2×'},
	),
	figure('callback → tokens saved, beyond the token request', callback.beyond, 'ms', undefined, {
		max: 30,
		text: '≤ 30 ms',
	}),
	figure(
		'lock of a killed cc-token → the waiting caller has it',
		staleLock.median,
		'ms',
		undefined,
		{
			max: 1000,
			text: '≤ 1000 ms',
		},
	),
	figure('npm install -g of the packed tarball', packed.packages, 'packages', undefined, {
		max: 10,
		text: '≤ 10',
	}),
];

console.log('');
printTable(figures);
console.log('');
console.log(
	`Sign-in detail: callback → saved ${round1(callback.total)} ms, of which the token request at the emulator ${round1(callback.token)} ms. Slowest key: ${round1(guide.keyWorst)} ms. Slowest lock takeover: ${round1(staleLock.worst)} ms.`,
);
const about = machine();
console.log(
	`Machine: ${about.cpu}, ${about.cores} cores, ${about.memoryGiB} GiB, Node ${about.node}.`,
);

mkdirSync(benchDir, {recursive: true});
writeFileSync(
	path.join(benchDir, 'results.json'),
	`${JSON.stringify(
		{
			machine: about,
			runs: counts,
			figures,
			detail: {
				callbackToSavedMs: round1(callback.total),
				tokenRequestMs: round1(callback.token),
				slowestKeyMs: round1(guide.keyWorst),
				slowestLockTakeoverMs: round1(staleLock.worst),
				keyGapMs,
				personInBrowserMs,
			},
		},
		null,
		'\t',
	)}\n`,
);
console.log('Written to bench/results.json.');
process.exitCode = figures.every((item) => item.pass) ? 0 : 1;
