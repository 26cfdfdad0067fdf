// The alternate screen: the guide draws on its own screen and, however it ends (quit, Ctrl+C,
// a signal, a crash), the person's terminal comes back as it was, cursor visible. Errors are
// printed only after that, so they land on the normal screen and stay readable.
import {constants} from 'node:os';
import {reportError} from '../system/output-boundary.js';
import {writeNow} from '../system/terminal.js';

// On the way in, the line keys typed while cc-token was loading were echoed on is cleared,
// and the terminal is asked to mark pastes (bracketed paste), so a paste reads as text.
const enterAlternateScreen = '\r\u001B[2K\u001B[?1049h\u001B[?2004h';
const leaveAlternateScreen = '\u001B[?2004l\u001B[?1049l\u001B[?25h';

export interface FullScreen {
	/** Leaves the alternate screen; any call after the first does nothing. */
	restore(): void;
	/** Restores and stops watching for signals and crashes. */
	close(): void;
}

export interface FullScreenOptions {
	stdout: {write(data: string): unknown; fd?: number; isTTY?: boolean};
	/**
	 * Runs, synchronously, before the process ends on a signal or a crash, while the alternate
	 * screen is still up: unmount the app there, so its last frame is not drawn on the normal
	 * screen, and remove anything temporary.
	 */
	beforeEmergencyExit?: () => void;
}

// SIGTERM never arrives on Windows; Ctrl+Break (SIGBREAK) and closing the window (SIGHUP) do.
const signals = ['SIGTERM', 'SIGHUP', 'SIGINT', 'SIGBREAK'] as const;

export function enterFullScreen({stdout, beforeEmergencyExit}: FullScreenOptions): FullScreen {
	let active = true;
	let ending = false;
	const restore = () => {
		if (!active) return;
		active = false;
		// Synchronous: on Windows an ordinary terminal write may not arrive before the exit.
		writeNow(stdout, leaveAlternateScreen);
	};

	const end = (exitCode: number, error?: unknown) => {
		if (ending) return;
		ending = true;
		try {
			beforeEmergencyExit?.();
		} finally {
			restore();
			if (error !== undefined) reportError(error);
			process.exit(exitCode);
		}
	};
	const onSignal = (signal: NodeJS.Signals) => end(128 + (constants.signals[signal] ?? 0));
	const onCrash = (error: unknown) => end(1, error);
	const onExit = () => {
		if (!ending && active) beforeEmergencyExit?.();
		restore();
	};

	for (const signal of signals) process.on(signal, onSignal);
	process.on('uncaughtException', onCrash);
	process.on('unhandledRejection', onCrash);
	process.on('exit', onExit);
	stdout.write(enterAlternateScreen);

	return {
		restore,
		close() {
			restore();
			for (const signal of signals) process.off(signal, onSignal);
			process.off('uncaughtException', onCrash);
			process.off('unhandledRejection', onCrash);
			process.off('exit', onExit);
		},
	};
}
