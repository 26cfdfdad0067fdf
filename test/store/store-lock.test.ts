import {spawn} from 'node:child_process';
import {
	existsSync,
	mkdirSync,
	readFileSync,
	readlinkSync,
	utimesSync,
	writeFileSync,
} from 'node:fs';
import {hostname} from 'node:os';
import {join} from 'node:path';
import {setImmediate as nextTurn} from 'node:timers/promises';
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {CcTokenError} from '../../source/errors.js';
import {readProfile} from '../../source/store/read-store.js';
import {withStoreLock} from '../../source/store/store-lock.js';
import {saveProfile} from '../../source/store/write-store.js';
import {type BundledScript, bundleScript} from '../helpers/bundle.js';
import {apiKey, setUpTempStore} from '../helpers/temp-store.js';

const store = setUpTempStore();
let lockPath: string;
beforeEach(() => {
	lockPath = join(store.location.dir, 'config.lock');
});

/** What a cc-token process leaves while it holds the lock, or after it was killed. */
function leaveLock(ageMs: number): void {
	mkdirSync(lockPath, {recursive: true});
	const then = new Date(Date.now() - ageMs);
	utimesSync(lockPath, then, then);
}

describe('withStoreLock', () => {
	it('holds config.lock in the settings folder while the work runs, and removes it after', async () => {
		const seen = await withStoreLock(store.location, async () => existsSync(lockPath));
		expect(seen).toBe(true);
		expect(existsSync(lockPath)).toBe(false);
	});

	it('lets one holder in at a time', async () => {
		const events: string[] = [];
		const holder = (label: string) =>
			withStoreLock(store.location, async () => {
				events.push(`${label} in`);
				for (let turn = 0; turn < 20; turn++) await nextTurn();
				events.push(`${label} out`);
			});
		await Promise.all([holder('a'), holder('b'), holder('c')]);
		for (let index = 0; index < events.length; index += 2) {
			expect(events[index]?.replace(' in', '')).toBe(events[index + 1]?.replace(' out', ''));
		}
		expect(events).toHaveLength(6);
	});

	it('lets a save inside the lock use the lock already held', async () => {
		const saved = await withStoreLock(store.location, async () => {
			await saveProfile(store.location, 'default', {apiKey});
			return saveProfile(store.location, 'default', (current) => ({...current!, signedInAt: 7}));
		});
		expect(saved).toEqual({apiKey, signedInAt: 7});
		expect(readProfile(store.location, 'default')).toEqual(saved);
	});

	it('releases the lock when the work fails, passing the failure on', async () => {
		const failure = new Error('work failed');
		await expect(
			withStoreLock(store.location, async () => {
				throw failure;
			}),
		).rejects.toBe(failure);
		expect(existsSync(lockPath)).toBe(false);
	});

	it('gives up with lock_timeout, naming the lock, when another cc-token keeps holding it', async () => {
		leaveLock(0);
		let ran = false;
		const error = await withStoreLock(
			store.location,
			async () => {
				ran = true;
			},
			{timeoutMs: 300},
		).catch((e) => e);
		expect(error).toBeInstanceOf(CcTokenError);
		expect(error.code).toBe('lock_timeout');
		expect(error.message).toContain(lockPath);
		expect(error.hint).toContain('stuck');
		expect(ran).toBe(false);
		expect(existsSync(lockPath)).toBe(true);
	});

	it('takes over a lock left by a process that died long enough ago', async () => {
		leaveLock(60_000);
		const ran = await withStoreLock(store.location, async () => true, {timeoutMs: 2_000});
		expect(ran).toBe(true);
		expect(existsSync(lockPath)).toBe(false);
	});

	it('says so when the settings folder cannot be made', async () => {
		writeFileSync(join(store.root, 'blocker'), '');
		const location = {dir: join(store.root, 'blocker', 'cc-token'), file: 'unused'};
		const error = await withStoreLock(location, async () => {}).catch((e) => e);
		expect(error.code).toBe('config_unwritable');
		expect(error.message).toContain(location.dir);
	});
});

describe('a lock held by another process', () => {
	let holder: BundledScript;
	beforeAll(async () => {
		holder = await bundleScript(
			join(import.meta.dirname, '..', 'helpers', 'programs', 'hold-lock.ts'),
		);
	});
	afterAll(() => holder.remove());

	/** Starts a process that holds the lock, and returns once it does. */
	async function holdLockInAnotherProcess() {
		const child = spawn(process.execPath, [holder.path], {
			env: {...process.env, CC_TOKEN_CONFIG_DIR: store.location.dir},
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		const exited = new Promise((resolve) => child.on('close', resolve));
		await new Promise<void>((resolve, reject) => {
			child.stdout.on('data', (chunk) => String(chunk).includes('held') && resolve());
			child.on('close', (code) => reject(new Error(`the holder exited (${code}) before holding`)));
		});
		return {
			kill: async () => {
				child.kill('SIGKILL');
				await exited;
			},
		};
	}

	const quickly = {timeoutMs: 1_000};

	it('waits while the holder on this machine runs; takes the lock as soon as it has died', async () => {
		const other = await holdLockInAnotherProcess();
		try {
			const waited = await withStoreLock(store.location, async () => true, quickly).catch(
				(error) => error.code,
			);
			expect(waited).toBe('lock_timeout');
		} finally {
			await other.kill();
		}
		expect(existsSync(lockPath)).toBe(true);
		// Well inside the 10 seconds after which an unrefreshed lock counts as stale.
		expect(await withStoreLock(store.location, async () => true, quickly)).toBe(true);
		expect(existsSync(lockPath)).toBe(false);
	});

	it.each([
		['on another machine', () => 'another-machine'],
		// A container on the same host name, which cannot see this one's processes.
		['in another PID namespace here', () => `${hostname()} pid:[1]`],
	])(
		'keeps the time rule for a holder %s, whose process it cannot look up',
		async (_where, host) => {
			const other = await holdLockInAnotherProcess();
			await other.kill();
			const ownerFile = join(lockPath, 'owner');
			const owner = JSON.parse(readFileSync(ownerFile, 'utf8'));
			// The holder recorded its machine and, on Linux, its PID namespace (this one's).
			expect(owner.host).toBe(
				process.platform === 'linux'
					? `${hostname()} ${readlinkSync('/proc/self/ns/pid')}`
					: hostname(),
			);
			writeFileSync(ownerFile, JSON.stringify({...owner, host: host()}));
			const error = await withStoreLock(store.location, async () => true, quickly).catch((e) => e);
			expect(error.code).toBe('lock_timeout');
			expect(error.hint).toContain('after 10 seconds from another one');
			expect(existsSync(ownerFile)).toBe(true);
		},
	);
});
