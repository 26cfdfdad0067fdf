// `cc-token demo`: the guide against the built-in Constant Contact stand-in, on loopback. The
// demo application is filled in, the consent page is real (click Allow in the browser), and
// the credentials go to a temporary folder that is removed on the way out.
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {defaultProfileName, fileStore, storeLocation} from '../store/index.js';
import {writeTerminalSequence} from '../system/output-boundary.js';
import {claimTerminal} from './guide.js';
import {parseCommandArguments} from './parse.js';
import {commandHelp} from './support/help.js';
import type {CommandIo} from './support/io.js';
import {printHelp} from './support/output.js';

export async function run(argv: string[], io: CommandIo): Promise<number> {
	const args = parseCommandArguments(argv, 'demo');
	if (args.help) return printHelp(io, commandHelp('demo'));
	const refused = claimTerminal(io);
	if (refused !== undefined) return refused;

	const [{startEmulator}, {launchGuide}, {createGuideServices}, {createInitialState}] =
		await Promise.all([
			import('../provider/emulator/index.js'),
			import('../guide/launch.js'),
			import('../guide/services.js'),
			import('../guide/state/guide-state.js'),
		]);

	// mkdtemp makes the folder 0700; the store keeps its file 0600 inside it.
	const configDir = mkdtempSync(join(tmpdir(), 'cc-token-demo-'));
	const removeConfigDir = () => rmSync(configDir, {recursive: true, force: true});
	let emulator: Awaited<ReturnType<typeof startEmulator>> | undefined;
	try {
		emulator = await startEmulator();
		// The user's own store and CC_CLIENT_ID and friends are left out on purpose.
		const env = {...io.env, ...emulator.env, CC_TOKEN_CONFIG_DIR: configDir};
		// Always a file of its own, whatever CC_TOKEN_STORE says.
		const store = fileStore(storeLocation(env));
		// Choosing a flow in the guide fills in the demo application of that kind.
		const demoApps = Object.fromEntries(
			Object.entries(emulator.demoApps).map(([kind, app]) => [
				kind,
				{apiKey: app.clientId, clientSecret: app.clientSecret},
			]),
		);
		return await launchGuide({
			services: createGuideServices({
				env,
				store,
				profileName: defaultProfileName,
				endpoints: emulator.endpoints,
				noBrowser: args['no-browser'],
				writeToTerminal: writeTerminalSequence,
			}),
			setup: {
				profileName: defaultProfileName,
				storeFile: store.where,
				portalUrl: emulator.portalUrl,
				demo: true,
			},
			// The demo applications' redirect URIs use the default port, so it is used as is.
			initial: createInitialState({
				kind: 'code',
				apiKey: emulator.demoApps.code.clientId,
				clientSecret: emulator.demoApps.code.clientSecret,
				demoApps,
			}),
			onEmergencyExit: removeConfigDir,
		});
	} finally {
		await emulator?.close();
		removeConfigDir();
	}
}
