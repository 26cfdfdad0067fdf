// `cc-token emulator`: runs the built-in Constant Contact stand-in on loopback until stopped,
// and says how to point cc-token (or anything else) at it.
import {CcTokenError, exitCodes, isCcTokenError} from '../errors.js';
import {appKindPortalNames} from '../provider/constant-contact.js';
import {
	type ConsentMode,
	defaultRotationRules,
	documentedOktaReadings,
	type Emulator,
	type EmulatorApp,
	liveOktaReadings,
	type OktaReadings,
	type RotationRules,
	startEmulator,
} from '../provider/emulator/index.js';
import {isOktaReading, kebabName, oktaReadingsHelp} from '../provider/emulator/okta-readings.js';
import {profileVariable} from '../store/index.js';
import {reportError} from '../system/output-boundary.js';
import {type Arguments, parseCommandArguments} from './parse.js';
import {commandHelp} from './support/help.js';
import type {CommandIo} from './support/io.js';
import {print, printHelp} from './support/output.js';

type EmulatorFlags = {
	help: boolean;
	port: number;
	autoApprove: ConsentMode;
	rotation: RotationRules;
	okta: Partial<OktaReadings>;
};

/** `user-codes` → `userCodes`: the command's names for the emulator's readings. */
function readingName(kebab: string): string {
	return kebab.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

function parseReadings(flags: Arguments<'emulator'>): Partial<OktaReadings> {
	const readings: Record<string, string> = flags['live-okta'] ? {...liveOktaReadings} : {};
	for (const item of flags.okta ?? []) {
		const [kebab = '', value = ''] = item.split('=', 2);
		const name = readingName(kebab);
		if (!isOktaReading(name, value)) {
			throw new CcTokenError('usage', `emulator: --okta ${item} is not a reading it knows.`, {
				hint: `Use NAME=VALUE, one of: ${oktaReadingsHelp()}.`,
			});
		}
		readings[name] = value;
	}
	return readings as Partial<OktaReadings>;
}

function parseRotation(flags: Arguments<'emulator'>): RotationRules {
	const leeway = flags['refresh-leeway'];
	if (leeway !== undefined && !/^\d+$/.test(leeway)) {
		throw new CcTokenError(
			'usage',
			'emulator: --refresh-leeway must be a whole number of seconds.',
			{hint: `Leave it out for Okta’s ${defaultRotationRules.leewaySeconds} s, or use 0 for none.`},
		);
	}
	const answer = flags['leeway-answer'];
	if (answer !== undefined && answer !== 'rotate-again' && answer !== 'same-new-token') {
		throw new CcTokenError(
			'usage',
			'emulator: --leeway-answer must be rotate-again or same-new-token.',
			{hint: `Leave it out for ${defaultRotationRules.leewayAnswer}.`},
		);
	}
	return {
		leewaySeconds: leeway === undefined ? defaultRotationRules.leewaySeconds : Number(leeway),
		leewayAnswer: answer ?? defaultRotationRules.leewayAnswer,
	};
}

function parseOptions(argv: string[]): EmulatorFlags {
	const flags = parseCommandArguments(argv, 'emulator');
	const port = flags.port === undefined ? 0 : Number(flags.port);
	if (flags.port !== undefined && (!/^\d+$/.test(flags.port) || port > 65_535)) {
		throw new CcTokenError('usage', `emulator: --port must be a number from 0 to 65535.`, {
			hint: 'Use --port 0 (or leave it out) to take any free port.',
		});
	}
	const autoApprove = flags['auto-approve'];
	if (autoApprove !== undefined && autoApprove !== 'allow' && autoApprove !== 'deny') {
		throw new CcTokenError('usage', 'emulator: --auto-approve must be allow or deny.', {
			hint: 'Leave it out to answer the consent page yourself in the browser.',
		});
	}
	return {
		help: flags.help === true,
		port,
		autoApprove: autoApprove ?? false,
		rotation: parseRotation(flags),
		okta: parseReadings(flags),
	};
}

/** One line on how rotating refresh tokens behave, as Okta's settings would say it. */
function rotationSummary({leewaySeconds, leewayAnswer}: RotationRules): string {
	const leeway =
		leewaySeconds === 0
			? 'no leeway'
			: `a ${leewaySeconds} s leeway (answered with ${leewayAnswer === 'rotate-again' ? 'yet another new token' : 'the newest token again'})`;
	return `Rotating refresh tokens: ${leeway}, reuse detection on.`;
}

/** One line naming the readings that differ from the documented answers, if any. */
function readingsSummary(readings: Partial<OktaReadings>): string {
	const differing = Object.entries(readings).filter(
		([name, value]) => documentedOktaReadings[name as keyof OktaReadings] !== value,
	);
	return differing.length === 0
		? 'Okta answers as documented (--live-okta or --okta NAME=VALUE for a live reading).'
		: `Okta answers as a live one may: ${differing.map(([name, value]) => `${kebabName(name)}=${value}`).join(', ')}.`;
}

/**
 * A `cc-token login` line for a demo app that works when pasted alone, in any shell: the
 * server variables before it, the emulator's own profile, and the app's key (and secret) as
 * options. The demo apps register cc-token's default redirect URI, so none is given.
 */
function loginLine(emulator: Emulator, app: EmulatorApp): string {
	return [
		`CC_TOKEN_AUTH_URL=${emulator.env.CC_TOKEN_AUTH_URL}`,
		`CC_TOKEN_API_URL=${emulator.env.CC_TOKEN_API_URL}`,
		'cc-token login --profile emulator',
		`--client-id ${app.clientId}`,
		...(app.clientSecret ? [`--client-secret ${app.clientSecret}`] : []),
		...(app.kind === 'device' ? ['--device'] : []),
	].join(' ');
}

/** Waits for Ctrl+C or SIGTERM; the exit code to leave with (130 after Ctrl+C, as everywhere). */
function untilStopped(): Promise<number> {
	return new Promise((resolve) => {
		const stop = (signal: NodeJS.Signals) => {
			process.off('SIGINT', stop);
			process.off('SIGTERM', stop);
			resolve(signal === 'SIGINT' ? exitCodes.interrupted : exitCodes.ok);
		};
		process.on('SIGINT', stop);
		process.on('SIGTERM', stop);
	});
}

export async function run(argv: string[], io: CommandIo): Promise<number> {
	let options: EmulatorFlags;
	try {
		options = parseOptions(argv);
	} catch (error) {
		return reportError(error);
	}
	if (options.help) return printHelp(io, commandHelp('emulator'));

	let emulator: Awaited<ReturnType<typeof startEmulator>>;
	try {
		emulator = await startEmulator({
			port: options.port,
			autoApprove: options.autoApprove,
			rotation: options.rotation,
			okta: options.okta,
		});
	} catch (error) {
		if (isCcTokenError(error) && error.code === 'port_in_use') {
			return reportError(
				new CcTokenError('port_in_use', error.message, {
					hint: 'Choose another with --port N, or leave --port out to take any free port.',
				}),
			);
		}
		return reportError(error);
	}

	print(io, `Constant Contact emulator running at ${emulator.origin} (loopback only)`);
	print(io, '');
	print(io, `  Developer portal  ${emulator.portalUrl}`);
	print(io, `  Authorization     ${emulator.authBaseUrl}`);
	print(io, `  API               ${emulator.apiBaseUrl}`);
	print(io, '');
	// One demo app per portal flow, as a person would create it.
	for (const app of Object.values(emulator.demoApps)) {
		print(io, `Demo app "${app.name}": ${appKindPortalNames[app.kind]}`);
		print(io, `  API key        ${app.clientId}`);
		print(io, `  Secret         ${app.clientSecret ?? '(none: a public client)'}`);
		print(
			io,
			`  Redirect URIs  ${app.redirectUris.join('  ') || '(none: a device app has no redirect)'}`,
		);
		print(io, '');
	}
	// Its own profile: a test sign-in never replaces a real one.
	print(io, 'Point cc-token at it, in another terminal (sign-ins go to profile “emulator”):');
	print(io, `  export CC_TOKEN_AUTH_URL=${emulator.env.CC_TOKEN_AUTH_URL}`);
	print(io, `  export CC_TOKEN_API_URL=${emulator.env.CC_TOKEN_API_URL}`);
	print(io, `  export ${profileVariable}=emulator`);
	print(io, '');
	print(
		io,
		'Or sign in at once with a demo app: paste one of these lines in another terminal, as it is.',
	);
	for (const app of Object.values(emulator.demoApps)) {
		print(io, `  # ${appKindPortalNames[app.kind]}`);
		print(io, `  ${loginLine(emulator, app)}`);
	}
	print(io, '');
	print(io, rotationSummary(options.rotation));
	print(io, readingsSummary(options.okta));
	print(
		io,
		options.autoApprove
			? `Sign-ins are answered automatically (${options.autoApprove}). Press Ctrl+C to stop.`
			: 'Sign-ins show a consent page in the browser. Press Ctrl+C to stop.',
	);

	const exitCode = await untilStopped();
	await emulator.close();
	print(io, 'Emulator stopped.');
	return exitCode;
}
