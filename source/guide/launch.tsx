// Puts the guide on the screen and takes it off again, whatever happens in between.
import {type Instance, render} from 'ink';
import {writeForPerson} from '../system/output-boundary.js';
import {App, type GuideResult} from './app.js';
import {filterStdin} from './input/filtered-stdin.js';
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
	// Every key and paste passes the input filter before Ink reads it.
	const stdin = filterStdin(process.stdin);
	let result: GuideResult | undefined;
	try {
		instance = render(<App services={services} setup={setup} initial={initial} />, {
			stdin: stdin as unknown as NodeJS.ReadStream,
			exitOnCtrlC: false,
		});
		result = (await instance.waitUntilExit()) as GuideResult | undefined;
	} finally {
		stdin.close();
		screen.close();
	}
	// What stays on the person's screen once the guide is gone.
	if (result?.summary) writeForPerson(1, `${result.summary.join('\n')}\n`);
	return result?.exitCode ?? 0;
}
