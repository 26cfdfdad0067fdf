import {describe, expect, it} from 'vitest';
import {detectEnvironment, type EnvironmentProbe} from '../../source/system/environment.js';

/** A machine described by its files; records which files were read. */
function machine(
	options: {platform?: NodeJS.Platform; files?: Record<string, string>} = {},
): EnvironmentProbe & {reads: string[]} {
	const files = options.files ?? {};
	const reads: string[] = [];
	return {
		platform: options.platform ?? 'linux',
		reads,
		fileExists: (path) => Object.hasOwn(files, path),
		readFile(path) {
			reads.push(path);
			return files[path];
		},
	};
}

const procVersion = '/proc/version';
const linuxVersion = 'Linux version 6.8.0-45-generic (buildd@lcy02-amd64-075) (gcc 13.2.0)';
const wslVersion =
	'Linux version 5.15.153.1-microsoft-standard-WSL2 (root@941d701f84f1) (gcc (GCC) 11.2.0)';

describe('detectEnvironment', () => {
	it('sees a plain Linux desktop', () => {
		expect(
			detectEnvironment({DISPLAY: ':0'}, machine({files: {[procVersion]: linuxVersion}})),
		).toEqual({
			ssh: undefined,
			wsl: false,
			container: false,
			display: true,
			platform: 'linux',
			terminal: 'unknown',
		});
	});

	describe('display', () => {
		it('is absent on Linux without DISPLAY or WAYLAND_DISPLAY', () => {
			expect(detectEnvironment({}, machine()).display).toBe(false);
			expect(detectEnvironment({DISPLAY: ''}, machine()).display).toBe(false);
		});

		it('is there with Wayland alone', () => {
			expect(detectEnvironment({WAYLAND_DISPLAY: 'wayland-0'}, machine()).display).toBe(true);
		});

		it('is always there on macOS and Windows', () => {
			expect(detectEnvironment({}, machine({platform: 'darwin'})).display).toBe(true);
			expect(detectEnvironment({}, machine({platform: 'win32'})).display).toBe(true);
		});
	});

	describe('ssh', () => {
		it('takes the server address from SSH_CONNECTION', () => {
			const env = {SSH_CONNECTION: '203.0.113.9 51234 10.0.0.5 22'};
			expect(detectEnvironment(env, machine()).ssh).toEqual({host: '10.0.0.5'});
		});

		it('takes an IPv6 server address too', () => {
			const env = {SSH_CONNECTION: '2001:db8::9 51234 2001:db8::5 22'};
			expect(detectEnvironment(env, machine()).ssh).toEqual({host: '2001:db8::5'});
		});

		it('knows SSH without a host from SSH_TTY or SSH_CLIENT alone', () => {
			expect(detectEnvironment({SSH_TTY: '/dev/pts/3'}, machine()).ssh).toEqual({});
			expect(detectEnvironment({SSH_CLIENT: '203.0.113.9 51234 22'}, machine()).ssh).toEqual({});
		});

		it('repeats nothing but an address from SSH_CONNECTION', () => {
			const env = {SSH_CONNECTION: '203.0.113.9 51234 $(reboot) 22'};
			expect(detectEnvironment(env, machine()).ssh).toEqual({});
		});

		it('is undefined without SSH variables', () => {
			expect(detectEnvironment({DISPLAY: ':0'}, machine()).ssh).toBeUndefined();
		});
	});

	describe('wsl', () => {
		it('is seen from WSL_DISTRO_NAME or WSL_INTEROP without reading /proc/version', () => {
			for (const env of [{WSL_DISTRO_NAME: 'Ubuntu'}, {WSL_INTEROP: '/run/WSL/8_interop'}]) {
				const probe = machine();
				expect(detectEnvironment(env, probe).wsl).toBe(true);
				expect(probe.reads).toEqual([]);
			}
		});

		it('is seen from the kernel name when the variables are lost', () => {
			expect(detectEnvironment({}, machine({files: {[procVersion]: wslVersion}})).wsl).toBe(true);
		});

		it('is not seen on plain Linux, or when /proc/version cannot be read', () => {
			expect(detectEnvironment({}, machine({files: {[procVersion]: linuxVersion}})).wsl).toBe(
				false,
			);
			expect(detectEnvironment({}, machine()).wsl).toBe(false);
		});

		it('is never seen off Linux, and /proc is not read there', () => {
			const probe = machine({platform: 'darwin', files: {[procVersion]: wslVersion}});
			expect(detectEnvironment({WSL_DISTRO_NAME: 'Ubuntu'}, probe).wsl).toBe(false);
			expect(probe.reads).toEqual([]);
		});
	});

	describe('container', () => {
		it('is seen from /.dockerenv, /run/.containerenv or the container variable', () => {
			expect(detectEnvironment({}, machine({files: {'/.dockerenv': ''}})).container).toBe(true);
			expect(detectEnvironment({}, machine({files: {'/run/.containerenv': ''}})).container).toBe(
				true,
			);
			expect(detectEnvironment({container: 'podman'}, machine()).container).toBe(true);
		});

		it('is not seen without any of them', () => {
			expect(detectEnvironment({}, machine()).container).toBe(false);
		});
	});

	it('describes the real machine from the real files without failing', () => {
		const environment = detectEnvironment({});
		expect(environment.platform).toBe(process.platform);
		expect(environment.ssh).toBeUndefined();
	});
});
