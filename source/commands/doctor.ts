// `cc-token doctor`: the checks of session/doctor.ts, one line each, ✓ or ✗ with the fix.
// Never prints a token or a secret.
import {endpointsFrom} from '../provider/constant-contact.js';
import {runDoctor} from '../session/doctor.js';
import {chooseProfile} from '../store/index.js';
import {terminalSafeJson} from '../text/printable.js';
import {parseCommandArguments} from './arguments.js';
import {commandHelp} from './help.js';
import {type CommandIo, processIo} from './io.js';

export async function run(argv: string[], io: CommandIo = processIo()): Promise<number> {
	const args = parseCommandArguments(argv, 'doctor');
	if (args.help) {
		io.stdout.write(`${commandHelp('doctor')}\n`);
		return 0;
	}
	const profileName = chooseProfile(args.profile, io.location, io.env).name;
	const checks = await runDoctor({
		env: io.env,
		endpoints: endpointsFrom(io.env),
		profileName,
		stored: await io.store.readProfile(profileName),
	});
	const failing = checks.find((check) => !check.ok);
	if (args.json) {
		const report = {profile: profileName, ok: !failing, checks};
		io.stdout.write(`${terminalSafeJson(JSON.stringify(report, null, 2))}\n`);
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
