// The one emulator fixture. `setUpEmulatorServer` gives the tests of a file (or of a describe block)
// one emulator, started before them and closed after them. `setUpEmulator` is the set-up most
// end-to-end tests share: that emulator with an application whose redirect URI is on a loopback
// port that was free, a settings folder of its own for each test, and the environment that
// points the built command at all of it.
import {beforeAll} from 'vitest';
import {
	type Emulator,
	type EmulatorApp,
	type EmulatorOptions,
	startEmulator,
} from '../../source/provider/emulator/index.js';
import {baseEnv, browserScript} from './cli.js';
import {fixture, standIn} from './fixture.js';
import {freePort} from './ports.js';
import {setUpTempStore} from './temp-store.js';

/** One emulator for the tests of the current describe block (or file). */
export function setUpEmulatorServer(options?: EmulatorOptions): Emulator {
	return fixture(
		'The emulator',
		'all tests',
		() => startEmulator(options),
		(emulator) => emulator.close(),
	);
}

/**
 * For tests that run once per way Okta may answer: each variant's describe block calls
 * `startFor(options)` and gets an emulator of its own around its tests; `emulator` reaches the
 * one running now, so helpers at the top of the file can use it.
 */
export function setUpEmulatorPerVariant(): {
	emulator: Emulator;
	startFor(options: EmulatorOptions): void;
} {
	const running = standIn<Emulator>('The emulator');
	return {
		emulator: running.value,
		startFor: (options) =>
			running.provide(
				'all tests',
				() => startEmulator(options),
				(emulator) => emulator.close(),
			),
	};
}

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
	const emulator = setUpEmulatorServer(options.emulator);
	const store = setUpTempStore();
	let port = 0;
	let app: EmulatorApp | undefined;

	beforeAll(async () => {
		port = await freePort();
		app = emulator.registerApp({
			...options.app,
			redirectUris: [`http://localhost:${port}/callback`, ...(options.app?.redirectUris ?? [])],
		});
	});

	return {
		emulator,
		get port() {
			return port;
		},
		get redirectUri() {
			return `http://localhost:${port}/callback`;
		},
		get app() {
			if (app === undefined) throw new Error('The app is there only inside a test or a hook.');
			return app;
		},
		get configDir() {
			return store.dir;
		},
		env(extra = {}) {
			return baseEnv({
				CC_TOKEN_CONFIG_DIR: this.configDir,
				...emulator.env,
				BROWSER: browserScript,
				...extra,
			});
		},
	};
}
