// A real `cc-token login` (the built command) whose BROWSER only hands the sign-in address over
// to the test, so the test chooses who opens it: a real Chromium, or a hostile local caller.
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {baseEnv, type CliResult, startCli, waitFor} from './cli.js';

const handOverScript = path.join(import.meta.dirname, 'programs', 'hand-over-url.sh');

export interface HandedOverLogin {
	/** The address cc-token asked the browser to open. */
	authorizeUrl: URL;
	/** The sign-in's `state`, as only the browser it was handed to could know it. */
	state: string;
	/** Settles when the command exits. */
	result: Promise<CliResult>;
	/** Whether the command has exited yet. */
	hasEnded(): boolean;
	/** Stops a login still waiting (its test failed half-way), as Ctrl-C would, and waits for it. */
	end(): Promise<CliResult>;
}

function readHandedUrl(file: string): string | undefined {
	try {
		const text = readFileSync(file, 'utf8');
		return text.endsWith('\n') ? text.split('\n')[0] : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Starts `cc-token login` for one app and redirect URI, with its own settings in `configDir`,
 * and resolves once it has handed the address to its BROWSER, which happens only after its
 * loopback listener is up.
 */
export async function startHandedOverLogin(options: {
	clientId: string;
	redirectUri: string;
	/** The test's own settings folder (makeTempStore); the address is handed over beside it. */
	configDir: string;
	/** Where Constant Contact is: the emulator's variables. */
	env: Record<string, string>;
}): Promise<HandedOverLogin> {
	const urlFile = path.join(path.dirname(options.configDir), 'handed-url');
	const args = ['--client-id', options.clientId, '--redirect-uri', options.redirectUri];
	// A login no test finishes (or ends) still stops by itself.
	const {child, output, finished} = startCli(['login', ...args, '--timeout', '20'], {
		env: baseEnv({
			CC_TOKEN_CONFIG_DIR: options.configDir,
			...options.env,
			BROWSER: handOverScript,
			CC_TEST_URL_FILE: urlFile,
		}),
	});
	child.stdin.end();
	const hasEnded = () => child.exitCode !== null || child.signalCode !== null;
	const handedUrl = await waitFor(() => {
		if (hasEnded()) {
			throw new Error(
				`cc-token login exited (${child.exitCode}) before opening a browser:\n${output.stderr}`,
			);
		}
		return readHandedUrl(urlFile);
	});
	const authorizeUrl = new URL(handedUrl);
	return {
		authorizeUrl,
		state: authorizeUrl.searchParams.get('state') ?? '',
		result: finished,
		hasEnded,
		end() {
			if (!hasEnded()) child.kill('SIGTERM');
			return finished;
		},
	};
}
