// The guide on its real wiring: the sign-in engine against the emulator on loopback, a
// browser played by the shared BROWSER script, the store in a temporary folder, and copying
// through OSC 52 (no display here).
import {statSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {createGuideServices} from '../../source/guide/services.js';
import {createInitialState} from '../../source/guide/state/guide-state.js';
import {fileStore, storeLocation} from '../../source/store/index.js';
import {readProfile} from '../../source/store/read-store.js';
import {setUpEmulator} from '../helpers/emulator.js';
import {renderGuide} from '../helpers/render-guide.js';

const e2e = setUpEmulator({app: {name: 'Guide test'}});

describe('the guide on its real services', () => {
	it('signs in through the browser, saves the profile 0600 and shows the account', async () => {
		const {emulator, app, redirectUri} = e2e;
		const env = e2e.env();
		const location = storeLocation(env);
		const terminal: string[] = [];
		const services = createGuideServices({
			env,
			store: fileStore(location),
			profileName: 'guide-test',
			endpoints: emulator.endpoints,
			writeToTerminal: (data) => terminal.push(data),
		});
		const guide = renderGuide({
			services,
			setup: {profileName: 'guide-test', storeFile: location.file, portalUrl: emulator.portalUrl},
			initial: createInitialState({apiKey: app.clientId, redirectUri}),
		});
		try {
			await guide.press('s');
			await guide.waitFor(`for the browser at ${redirectUri}`);
			const done = await guide.waitFor('Maya Okafor <maya@juniperstreetbakery.example>');
			expect(done).toContain('Step 9 of 10');

			const saved = readProfile(location, 'guide-test');
			expect(saved).toMatchObject({apiKey: app.clientId, redirectUri});
			expect(saved?.accessToken).toMatch(/^eyJ/);
			expect(saved?.account?.organization).toBe('Juniper Street Bakery');
			expect(statSync(location.file).mode & 0o777).toBe(0o600);

			await guide.press('c');
			await guide.waitFor('Asked the terminal to copy the API key (OSC 52)');
			expect(terminal.join('')).toBe(
				`\u001B]52;c;${Buffer.from(app.clientId).toString('base64')}\u0007`,
			);
		} finally {
			guide.unmount();
		}
	});
});
