// The settings file is written safely and read only when it is safe to, on every platform:
// modes, links, owners, and (simulated Windows) files held open by another program.
import nodeFs, * as fs from 'node:fs';
import {chmodSync, chownSync, mkdirSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, afterEach, describe, expect, it} from 'vitest';
import type {TokenSet} from '../../source/auth/types.js';
import {
	fileStore,
	getFreshAccessToken,
	type Profile,
	type StoreLocation,
} from '../../source/store/index.js';
import {readProfile, readProfiles} from '../../source/store/read-store.js';
import {fileInUseWaitMs, settingsFileMaxBytes} from '../../source/store/settings-file.js';
import {withStoreLock} from '../../source/store/store-lock.js';
import {saveProfile} from '../../source/store/write-store.js';
import {type FileSystem, simulatedPlatform} from '../../source/system/platform.js';
import {failure, thrownFailure} from '../helpers/failure.js';
import {apiKey, modeOf, readJson, setUpTempStore, writeStoreFile} from '../helpers/temp-store.js';

const store = setUpTempStore();

const uid = process.getuid?.() ?? 0;

type Times = number | ((elapsedMs: number) => boolean);

/** Counts the calls `matches` picks that should fail, `times` times or while `times` says so. */
function faults(code: string, times: Times, matches: (path: string) => boolean) {
	let failures = 0;
	const started = Date.now();
	return {
		failures: () => failures,
		shouldFail(path: string): boolean {
			if (!matches(path)) return false;
			const fail = typeof times === 'number' ? failures < times : times(Date.now() - started);
			if (fail) failures++;
			return fail;
		},
		fault: () => Object.assign(new Error(`${code}: injected`), {code}),
	};
}

/** The real file system, but `name` fails with `code` for the calls `matches` picks, `times` times. */
function failingFs(
	name: 'openSync' | 'mkdir',
	code: string,
	times: Times,
	matches: (path: string) => boolean = () => true,
): FileSystem & {failures: () => number} {
	const {failures, shouldFail, fault} = faults(code, times, matches);
	const wrapped: Record<string, unknown> = {...fs, failures};
	if (name === 'mkdir') {
		wrapped.mkdir = (path: string, ...rest: unknown[]) => {
			const callback = rest.pop() as (error: Error | null) => void;
			if (shouldFail(path)) setImmediate(() => callback(fault()));
			else (fs.mkdir as (...args: unknown[]) => void)(path, ...rest, callback);
		};
	} else {
		const original = wrapped[name] as (...args: unknown[]) => unknown;
		wrapped[name] = (path: string, ...rest: unknown[]) => {
			if (shouldFail(String(path))) throw fault();
			return original(path, ...rest);
		};
	}
	return wrapped as unknown as FileSystem & {failures: () => number};
}

/**
 * conf writes the file through Node's own fs module, never a platform's: its writer (atomically)
 * keeps Node's functions from when it is loaded, at the first save. So conf's calls are watched,
 * and faults put in them, by wrapping those functions in Node's module itself, before any save.
 */
type NodeFsCall = {name: 'openSync' | 'fsyncSync' | 'renameSync'; args: unknown[]};
let onNodeFs: ((call: NodeFsCall) => void) | undefined;
const unwrapped = {
	openSync: nodeFs.openSync,
	fsyncSync: nodeFs.fsyncSync,
	renameSync: nodeFs.renameSync,
};
for (const [name, original] of Object.entries(unwrapped)) {
	Object.assign(nodeFs, {
		[name]: (...args: unknown[]) => {
			onNodeFs?.({name: name as NodeFsCall['name'], args});
			return (original as (...args: unknown[]) => unknown)(...args);
		},
	});
}
afterEach(() => {
	onNodeFs = undefined;
});
afterAll(() => Object.assign(nodeFs, unwrapped));

/** conf's temp file for the settings file: config.json.tmp-… next to it. */
function isConfTemp(path: string): boolean {
	return path.startsWith(`${store.location.file}.tmp-`);
}

/** conf's `name` calls on its temp file fail with `code`, `times` times or while `times` says. */
function failConfWrites(name: 'openSync' | 'renameSync', code: string, times: Times) {
	const {failures, shouldFail, fault} = faults(code, times, isConfTemp);
	onNodeFs = (call) => {
		if (call.name === name && shouldFail(String(call.args[0]))) throw fault();
	};
	return {failures};
}

function on(os: 'win32' | 'linux', fileSystem: FileSystem): StoreLocation {
	return {...store.location, platform: simulatedPlatform(os, {fs: fileSystem, uid})};
}

const profile: Profile = {apiKey, accessToken: 'at-1', accessTokenExpiresAt: 1_900_000_000_000};

describe('the safe write', () => {
	/** What conf and cc-token do to the disk during `run`, from conf's temp file on. */
	async function writesDuring(run: () => Promise<unknown>): Promise<string[]> {
		const calls: string[] = [];
		onNodeFs = ({name, args: [path, flags, mode]}) => {
			if (name === 'openSync' && isConfTemp(String(path))) {
				expect(flags).toBe('w');
				expect(mode).toBe(0o600);
				calls.push('open temp');
			} else if (name === 'openSync' && path === store.location.dir) {
				calls.push('open folder');
			} else if (name === 'fsyncSync') {
				calls.push('fsync');
			} else if (name === 'renameSync' && isConfTemp(String(path))) {
				calls.push('rename');
			}
		};
		await run();
		onNodeFs = undefined;
		// Folder checks open it too; what matters is the order from the temp file on.
		return calls.slice(calls.indexOf('open temp'));
	}

	it('is conf’s: a 0600 temp file, flushed, renamed over the file; then cc-token flushes the folder', async () => {
		const written = await writesDuring(() => saveProfile(store.location, 'default', profile));
		expect(written).toEqual(['open temp', 'fsync', 'rename', 'open folder', 'fsync']);
		expect(modeOf(store.location.file)).toBe(0o600);
		expect(fs.readdirSync(store.location.dir)).toEqual(['config.json']);
		// conf's bookkeeping (its migrations' progress) stays out: the format's version says it.
		const document = {version: 1, profiles: {default: profile}};
		expect(readFileSync(store.location.file, 'utf8')).toBe(
			`${JSON.stringify(document, null, '\t')}\n`,
		);
	});

	it('starts conf on a file an earlier run wrote without writing it twice', async () => {
		writeStoreFile(store.location, {default: profile});
		const changed = {...profile, accessToken: 'at-2'};
		const written = await writesDuring(() => saveProfile(store.location, 'default', changed));
		expect(written).toEqual(['open temp', 'fsync', 'rename', 'open folder', 'fsync']);
		expect(readProfile(store.location, 'default')).toEqual(changed);
	});

	it('under SNAP is still conf’s atomic write: a new file renamed in, never the old one written over', async () => {
		await saveProfile(store.location, 'default', profile);
		const before = fs.statSync(store.location.file).ino;
		const saved = process.env.SNAP;
		process.env.SNAP = '/snap/cc-token/1';
		try {
			await saveProfile(store.location, 'default', {...profile, accessToken: 'at-2'});
			expect(process.env.SNAP).toBe('/snap/cc-token/1');
		} finally {
			if (saved === undefined) delete process.env.SNAP;
			else process.env.SNAP = saved;
		}
		expect(fs.statSync(store.location.file).ino).not.toBe(before);
		expect(readProfile(store.location, 'default')?.accessToken).toBe('at-2');
		expect(fs.readdirSync(store.location.dir)).toEqual(['config.json']);
	});

	it('turns an existing 0644 file into 0600, on the next save and already on a read', async () => {
		writeStoreFile(store.location, {default: profile});
		chmodSync(store.location.file, 0o644);
		expect(readProfile(store.location, 'default')).toEqual(profile);
		expect(modeOf(store.location.file)).toBe(0o600);

		chmodSync(store.location.file, 0o644);
		await saveProfile(store.location, 'default', {...profile, accessToken: 'at-2'});
		expect(modeOf(store.location.file)).toBe(0o600);
	});

	it('refuses a settings file that is a link, and neither writes nor changes what it points to', async () => {
		const elsewhere = join(store.root, 'someone-elses.json');
		writeFileSync(elsewhere, JSON.stringify({version: 1, profiles: {}}));
		chmodSync(elsewhere, 0o666);
		mkdirSync(store.location.dir, {mode: 0o700});
		symlinkSync(elsewhere, store.location.file);

		const onSave = await failure(saveProfile(store.location, 'default', profile));
		expect(onSave.code).toBe('config_unsafe');
		expect(onSave.message).toBe(
			`cc-token will not use its settings file ${store.location.file}: it is a symbolic link, and cc-token never follows one there (it could lead to a file another user can read).`,
		);
		expect(onSave.exitCode).toBe(1);
		const onRead = thrownFailure(() => readProfiles(store.location));
		expect(onRead.code).toBe('config_unsafe');

		expect(readJson(elsewhere)).toEqual({version: 1, profiles: {}});
		expect(modeOf(elsewhere)).toBe(0o666);
		expect(fs.lstatSync(store.location.file).isSymbolicLink()).toBe(true);
	});
});

describe('what the read takes in', () => {
	it('refuses a file over 1 MiB without reading it, and leaves it where it is; 1 MiB is read', async () => {
		mkdirSync(store.location.dir, {mode: 0o700});
		const text = JSON.stringify({version: 1, profiles: {default: profile}});
		writeFileSync(store.location.file, text.padEnd(settingsFileMaxBytes), {mode: 0o600});
		expect(readProfile(store.location, 'default')).toEqual(profile);

		writeFileSync(store.location.file, text.padEnd(settingsFileMaxBytes + 1), {mode: 0o600});
		const onRead = thrownFailure(() => readProfiles(store.location));
		expect(onRead.code).toBe('config_corrupt');
		expect(onRead.message).toBe(
			`cc-token’s settings file ${store.location.file} is over 1 MiB (${settingsFileMaxBytes + 1} bytes), larger than any settings file cc-token writes, so it was not read.`,
		);
		expect(onRead.exitCode).toBe(1);
		const onSave = await failure(saveProfile(store.location, 'default', profile));
		expect(onSave.message).toBe(onRead.message);
		expect(fs.readdirSync(store.location.dir)).toEqual(['config.json']);
		expect(fs.statSync(store.location.file).size).toBe(settingsFileMaxBytes + 1);
	});
});

describe('the lock', () => {
	it('is never reached through a link: a link in its place is refused and what it points to left alone', async () => {
		const elsewhere = join(store.root, 'elsewhere');
		mkdirSync(elsewhere);
		writeFileSync(join(elsewhere, 'owner'), 'kept');
		mkdirSync(store.location.dir, {mode: 0o700});
		const lockPath = join(store.location.dir, 'config.lock');
		symlinkSync(elsewhere, lockPath);
		const error = await failure(saveProfile(store.location, 'default', profile));
		expect(error.code).toBe('config_unsafe');
		expect(error.message).toBe(
			`cc-token will not use its lock ${lockPath}: it is a symbolic link, and cc-token never follows one there.`,
		);
		expect(readFileSync(join(elsewhere, 'owner'), 'utf8')).toBe('kept');
		expect(fs.lstatSync(lockPath).isSymbolicLink()).toBe(true);
		expect(fs.existsSync(store.location.file)).toBe(false);
	});
});

describe('owners and modes of the folder', () => {
	it('closes up a folder of ours that others could write to', async () => {
		mkdirSync(store.location.dir);
		chmodSync(store.location.dir, 0o777);
		await saveProfile(store.location, 'default', profile);
		expect(modeOf(store.location.dir)).toBe(0o700);
		chmodSync(store.location.dir, 0o777);
		expect(readProfile(store.location, 'default')).toEqual(profile);
		expect(modeOf(store.location.dir)).toBe(0o700);
	});

	it('refuses a shared folder like /tmp (sticky, open to all) without narrowing it', async () => {
		mkdirSync(store.location.dir);
		chmodSync(store.location.dir, 0o1777);
		const error = await failure(saveProfile(store.location, 'default', profile));
		expect(error.code).toBe('config_unsafe');
		expect(error.message).toContain('it is a shared folder (like /tmp)');
		expect(error.hint).toContain('CC_TOKEN_CONFIG_DIR');
		expect(fs.statSync(store.location.dir).mode & 0o7777).toBe(0o1777);
		expect(fs.readdirSync(store.location.dir)).toEqual([]);
	});

	// Another user's folder needs another user: root can make one (as in CI); others cannot.
	const otherUser = 65_534;
	it.skipIf(uid !== 0)(
		'refuses a folder, or a file, that belongs to another user (runs as root, which can hand one over)',
		async () => {
			writeStoreFile(store.location, {default: profile});
			chmodSync(store.location.dir, 0o777);
			chownSync(store.location.dir, otherUser, otherUser);

			const onRead = thrownFailure(() => readProfiles(store.location));
			expect(onRead.code).toBe('config_unsafe');
			expect(onRead.message).toBe(
				`cc-token will not use its settings folder ${store.location.dir}: it belongs to another user (uid ${otherUser}), who could replace the settings in it.`,
			);
			expect(onRead.hint).toBe(
				`If the folder is yours (made with sudo, say), take it back: sudo chown -R ${uid} ${store.location.dir}. Otherwise set CC_TOKEN_CONFIG_DIR to a folder of your own.`,
			);
			const onSave = await failure(saveProfile(store.location, 'default', profile));
			expect(onSave.code).toBe('config_unsafe');
			expect(fs.readdirSync(store.location.dir)).toEqual(['config.json']);
			// Left as it was: it is not ours to change.
			expect(modeOf(store.location.dir)).toBe(0o777);

			chownSync(store.location.dir, uid, uid);
			chmodSync(store.location.dir, 0o700);
			chownSync(store.location.file, otherUser, otherUser);
			const fileError = thrownFailure(() => readProfiles(store.location));
			expect(fileError.code).toBe('config_unsafe');
			expect(fileError.message).toContain('it belongs to another user');
			expect(fileError.toText()).not.toContain('at-1');
		},
	);
});

describe('a file held open by another program (Windows, simulated)', () => {
	const settings = (path: string) => path === store.location.file;

	it('waits out EPERM on the replace and saves', async () => {
		const faulty = failConfWrites('renameSync', 'EPERM', 6);
		await saveProfile(on('win32', fs), 'default', profile);
		expect(faulty.failures()).toBe(6);
		expect(readProfile(store.location, 'default')).toEqual(profile);
		expect(fs.readdirSync(store.location.dir)).toEqual(['config.json']);
	});

	it('waits out EBUSY and EACCES on creating the temp file', async () => {
		for (const code of ['EBUSY', 'EACCES']) {
			const faulty = failConfWrites('openSync', code, 3);
			await saveProfile(on('win32', fs), 'default', {...profile, accessToken: code});
			expect(faulty.failures()).toBe(3);
			expect(readProfile(store.location, 'default')?.accessToken).toBe(code);
		}
	});

	it('waits out EPERM on the lock folder, where mkdir fails while the last lock is deleted', async () => {
		const faulty = failingFs('mkdir', 'EPERM', 5, (path) => path.endsWith('config.lock'));
		const location = on('win32', faulty);
		expect(await withStoreLock(location, async () => 'held')).toBe('held');
		expect(faulty.failures()).toBe(5);
	});

	it('waits out EPERM on the lock-free read', () => {
		writeStoreFile(store.location, {default: profile});
		const faulty = failingFs('openSync', 'EPERM', 4, settings);
		expect(readProfile(on('win32', faulty), 'default')).toEqual(profile);
		expect(faulty.failures()).toBe(4);
	});

	it('keeps a rotated refresh token through 1.5 s of EPERM (longer than conf waited)', async () => {
		writeStoreFile(store.location, {
			default: {...profile, refreshToken: 'rt-old', accessTokenExpiresAt: 0},
		});
		// The first save (the refresh marker) goes through; the save of the new tokens meets a
		// file that stays busy for 1.5 s, longer than conf's writer waits by itself.
		let renames = 0;
		let busyUntil = 0;
		let failures = 0;
		onNodeFs = ({name, args: [from]}) => {
			if (name !== 'renameSync' || !isConfTemp(String(from))) return;
			if (renames === 1 && busyUntil === 0) busyUntil = Date.now() + 1500;
			if (Date.now() < busyUntil) {
				failures++;
				throw Object.assign(new Error('EPERM: injected'), {code: 'EPERM'});
			}
			renames++;
		};
		const location = on('win32', fs);
		const rotated: TokenSet = {
			accessToken: 'at-new',
			refreshToken: 'rt-new',
			tokenType: 'Bearer',
			expiresAt: Date.now() + 3_600_000,
			scopes: [],
			receivedAt: Date.now(),
		};
		const started = Date.now();
		const fresh = await getFreshAccessToken(fileStore(location), 'default', {
			refresh: async () => rotated,
		});
		expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
		expect(failures).toBeGreaterThan(3);
		expect(fresh.accessToken).toBe('at-new');
		expect(readProfile(store.location, 'default')?.refreshToken).toBe('rt-new');
	});

	it('says what is true on Windows when the file stays busy, and never suggests chmod', async () => {
		const saved = {...fileInUseWaitMs};
		fileInUseWaitMs.write = 200;
		fileInUseWaitMs.read = 200;
		try {
			failConfWrites('renameSync', 'EPERM', () => true);
			const onSave = await failure(saveProfile(on('win32', fs), 'default', profile));
			expect(onSave.code).toBe('config_unwritable');
			expect(onSave.message).toContain(
				'(permission denied, or the file is held open by another program)',
			);
			expect(onSave.hint).toContain('inside your own user profile');
			expect(onSave.toText()).not.toMatch(/chmod|readable by you/);

			onNodeFs = undefined;
			writeStoreFile(store.location, {default: profile});
			const onRead = thrownFailure(() =>
				readProfiles(on('win32', failingFs('openSync', 'EPERM', 1000, settings))),
			);
			expect(onRead.code).toBe('config_unwritable');
			expect(onRead.toText()).not.toMatch(/chmod|readable by you/);
		} finally {
			Object.assign(fileInUseWaitMs, saved);
		}
	});

	it('on Linux takes EPERM at its word at once: a real permission problem, with chmod advice', async () => {
		writeStoreFile(store.location, {default: profile});
		const faulty = failingFs('openSync', 'EPERM', 1000, settings);
		const error = thrownFailure(() => readProfiles(on('linux', faulty)));
		expect(faulty.failures()).toBe(1);
		expect(error.message).toContain('(permission denied)');
		expect(error.hint).toContain('chmod 600');
	});
});

describe('a byte order mark', () => {
	it('is read past, and the next save writes the file without one', async () => {
		mkdirSync(store.location.dir, {mode: 0o700});
		writeFileSync(
			store.location.file,
			`\uFEFF${JSON.stringify({version: 1, profiles: {default: profile}})}`,
			{mode: 0o600},
		);
		expect(readProfile(store.location, 'default')).toEqual(profile);
		await saveProfile(store.location, 'default', {...profile, accessToken: 'at-2'});
		expect(readFileSync(store.location.file)[0]).toBe('{'.charCodeAt(0));
	});
});
