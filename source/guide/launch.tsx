// Puts the guide on the screen and takes it off again, whatever happens in between.
import {type Instance, render} from 'ink';
import {App, type GuideResult} from './app.js';
import {enterFullScreen} from './screen.js';
import type {GuideServices, GuideSetup} from './services.js';
import type {GuideState} from './state/guide-state.js';

export interface LaunchOptions {
	services: GuideServices;
	setup: GuideSetup;
	initial: GuideState;
	/** Synchronous clean-up for a signal or crash (the process ends right after). */
	onEmergencyExit?: () => void;
}

/** Runs the guide until the person quits; resolves to the exit code. */
export async function launchGuide({
	services,
	setup,
	initial,
	onEmergencyExit,
}: LaunchOptions): Promise<number> {
	let instance: Instance | undefined;
	const screen = enterFullScreen({
		stdout: process.stdout,
		beforeEmergencyExit() {
			try {
				// Ends the sign-in (closing its listener) and draws the last frame while the
				// alternate screen is still up.
				instance?.unmount();
			} finally {
				onEmergencyExit?.();
			}
		},
	});
	try {
		instance = render(<App services={services} setup={setup} initial={initial} />, {
			exitOnCtrlC: false,
		});
		const result = (await instance.waitUntilExit()) as GuideResult | undefined;
		return result?.exitCode ?? 0;
	} finally {
		screen.close();
	}
}
