// `cc-token use [NAME]`: chooses the profile commands use when neither --profile nor
// CC_TOKEN_PROFILE names one, or says which is in use and why.
import {
	chooseProfile,
	describeProfileSource,
	profileVariable,
	setDefaultProfile,
	storedNames,
} from '../store/index.js';
import {parseCommandArguments} from './parse.js';
import {commandHelp} from './support/help.js';
import type {CommandIo} from './support/io.js';
import {print, printHelp, say} from './support/output.js';
import {commandStore} from './support/process-io.js';

export async function run(argv: string[], io: CommandIo): Promise<number> {
	const args = parseCommandArguments(argv, 'use');
	if (args.help) return printHelp(io, commandHelp('use'));
	const {location} = io;
	const [name] = args.positionals;
	if (name === undefined) {
		const choice = chooseProfile(undefined, location, io.env);
		const known = Object.hasOwn(
			(await commandStore(io, args.store).readProfiles()).sound,
			choice.name,
		);
		print(io, choice.name);
		say(
			io,
			`Profile in use: “${choice.name}” (${describeProfileSource(choice.source)})${known ? '' : ', not signed in yet'}.`,
		);
		return 0;
	}
	const store = commandStore(io, args.store);
	await setDefaultProfile(location, name, {
		// A damaged profile may be chosen: each command then says what is wrong with it.
		names: storedNames(await store.readProfiles()),
		where: store.where,
	});
	say(
		io,
		`Commands now use profile “${name}” unless --profile or ${profileVariable} says otherwise.`,
	);
	const overriding = io.env[profileVariable];
	if (overriding && overriding !== name) {
		say(
			io,
			`Note: ${profileVariable}=${overriding} is set in this shell, so here it still picks “${overriding}”.`,
		);
	}
	return 0;
}
