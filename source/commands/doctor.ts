// `cc-token doctor`: the checks of session/doctor.ts, one line each, ✓ or ✗ with the fix.
// Never prints a token or a secret.
import {endpointsFrom, profileEndpoints} from '../provider/constant-contact.js';
import {runDoctor} from '../session/doctor.js';
import {chooseProfile} from '../store/index.js';
import {parseCommandArguments} from './parse.js';
import {commandHelp} from './support/help.js';
import type {CommandIo} from './support/io.js';
import {printHelp, printJson} from './support/output.js';
import {commandStore} from './support/process-io.js';

export async function run(argv: string[], io: CommandIo): Promise<number> {
	const args = parseCommandArguments(argv, 'doctor');
	if (args.help) return printHelp(io, commandHelp('doctor'));
	const profileName = chooseProfile(args.profile, io.location, io.env).name;
	const stored = await commandStore(io, undefined).readProfile(profileName);
	const checks = await runDoctor({
		env: io.env,
		// A stored profile is checked at its own server, which a variable may not point away from.
		endpoints: stored
			? profileEndpoints(profileName, stored.server, io.env)
			: endpointsFrom(io.env),
		profileName,
		stored,
	});
	const failing = checks.find((check) => !check.ok);
	if (args.json) {
		const report = {profile: profileName, ok: !failing, checks};
		printJson(io, report);
	} else {
		io.stdout.write(`cc-token doctor: profile “${profileName}”\n`);
		for (const check of checks) {
			io.stdout.write(`${check.ok ? '✓' : '✗'} ${check.says}\n`);
			if (!check.ok && check.fix) io.stdout.write(`  Fix: ${check.fix}\n`);
		}
		io.stdout.write(
			failing
				? `${checks.filter((check) => !check.ok).length} of ${checks.length} checks failed.\n`
				: `All ${checks.length} checks hold.\n`,
		);
	}
	return failing ? (failing.exitCode ?? 1) : 0;
}
