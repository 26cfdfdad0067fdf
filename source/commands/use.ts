// `cc-token use [NAME]`: chooses the profile commands use when neither --profile nor
// CC_TOKEN_PROFILE names one, or says which is in use and why.
import {
	chooseProfile,
	describeProfileSource,
	openStore,
	profileVariable,
	setDefaultProfile,
	storeLocation,
} from '../store/index.js';
import {parseCommandArguments} from './parse.js';
import {commandHelp} from './support/help.js';
import {print, printHelp, say} from './support/output.js';

export async function run(argv: string[]): Promise<number> {
	const args = parseCommandArguments(argv, 'use');
	if (args.help) return printHelp(commandHelp('use'));
	const location = storeLocation();
	const [name] = args.positionals;
	if (name === undefined) {
		const choice = chooseProfile(undefined, location);
		const known = Object.hasOwn(await openStore(args.store).readProfiles(), choice.name);
		print(choice.name);
		say(
			`Profile in use: “${choice.name}” (${describeProfileSource(choice.source)})${known ? '' : ', not signed in yet'}.`,
		);
		return 0;
	}
	const store = openStore(args.store);
	await setDefaultProfile(location, name, {
		names: Object.keys(await store.readProfiles()),
		where: store.where,
	});
	say(`Commands now use profile “${name}” unless --profile or ${profileVariable} says otherwise.`);
	const overriding = process.env[profileVariable];
	if (overriding && overriding !== name) {
		say(
			`Note: ${profileVariable}=${overriding} is set in this shell, so here it still picks “${overriding}”.`,
		);
	}
	return 0;
}
