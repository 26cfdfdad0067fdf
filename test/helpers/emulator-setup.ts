// The set-up most end-to-end tests share: one emulator for the test file with an application
// whose redirect URI is on a loopback port that was free, and for each test a settings folder
// of its own; the environment points the built command at all of it.
import {afterAll, afterEach, beforeAll, beforeEach} from 'vitest';
import {
	type Emulator,
	type EmulatorApp,
	type EmulatorOptions,
	startEmulator,
} from '../../source/provider/emulator/index.js';
import {baseEnv, browserScript, makeConfigDir} from './cli.js';
import {freePort} from './ports.js';

export interface EmulatorSetup {
	readonly emulator: Emulator;
	/** `http://localhost:PORT/callback`, registered for `app`. */
	readonly redirectUri: string;
	readonly port: number;
	readonly app: EmulatorApp;
	/** This test's settings folder (CC_TOKEN_CONFIG_DIR), not made yet. */
	readonly configDir: string;
	/** The environment of one run of the built command; `extra` adds, or removes with undefined. */
	env(extra?: Record<string, string | undefined>): NodeJS.ProcessEnv;
}

/** Registers the hooks; the returned object is filled in once they run. */
export function setUpEmulator(
	options: {emulator?: EmulatorOptions; app?: Partial<EmulatorApp>} = {},
): EmulatorSetup {
	let emulator: Emulator | undefined;
	let port = 0;
	let app: EmulatorApp | undefined;
	let config: Awaited<ReturnType<typeof makeConfigDir>> | undefined;
	const ready = <T>(value: T | undefined, what: string): T => {
		if (value === undefined) throw new Error(`${what} is ready only inside a test or hook.`);
		return value;
	};

	beforeAll(async () => {
		emulator = await startEmulator(options.emulator);
		port = await freePort();
		app = emulator.registerApp({
			...options.app,
			redirectUris: [`http://localhost:${port}/callback`, ...(options.app?.redirectUris ?? [])],
		});
	});
	afterAll(() => emulator?.close());
	beforeEach(async () => {
		config = await makeConfigDir();
	});
	afterEach(() => config?.remove());

	return {
		get emulator() {
			return ready(emulator, 'The emulator');
		},
		get port() {
			return port;
		},
		get redirectUri() {
			return `http://localhost:${port}/callback`;
		},
		get app() {
			return ready(app, 'The app');
		},
		get configDir() {
			return ready(config, 'The settings folder').dir;
		},
		env(extra = {}) {
			return baseEnv({
				CC_TOKEN_CONFIG_DIR: this.configDir,
				...this.emulator.env,
				BROWSER: browserScript,
				...extra,
			});
		},
	};
}
