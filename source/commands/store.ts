// `cc-token store copy`: moves signed-in profiles from one store to another, so that a sign-in
// made on a laptop can be handed to a fleet's Redis (or brought back).
import {CcTokenError, exitCodes} from '../errors.js';
import {
	type CredentialStore,
	checkProfileName,
	damagedProfileError,
	isProfileName,
	openStore,
	openStoreAt,
} from '../store/index.js';
import {parseCommandArguments} from './parse.js';
import {commandHelp} from './support/help.js';
import type {CommandIo} from './support/io.js';
import {print, printHelp, say} from './support/output.js';

async function copyProfile(
	from: CredentialStore,
	to: CredentialStore,
	name: string,
	options: {replace: boolean; move: boolean},
): Promise<void> {
	// Held on the source so that no refresh there rotates the tokens halfway through the copy.
	await from.withProfileLock(name, async () => {
		const profile = await from.readProfile(name);
		if (profile === undefined) {
			throw new CcTokenError('not_signed_in', `There is no profile “${name}” in ${from.where}.`);
		}
		await to.withProfileLock(name, async () => {
			if (!options.replace && (await to.readProfile(name)) !== undefined) {
				throw new CcTokenError(
					'bad_input',
					`${to.where} already has a profile “${name}”; nothing was copied over it.`,
					{hint: 'Add --replace to overwrite it, or copy with --profile to pick others.'},
				);
			}
			const {pendingRefresh, ...kept} = profile;
			await to.saveProfile(name, kept);
		});
		if (options.move) await from.deleteProfile(name);
	});
}

export async function run(argv: string[], io: CommandIo): Promise<number> {
	const args = parseCommandArguments(argv, 'store');
	const [action] = args.positionals;
	if (args.help || action === undefined) return printHelp(io, commandHelp('store'));
	if (action !== 'copy') {
		throw new CcTokenError('usage', `cc-token store has no “${action.slice(0, 40)}” action.`, {
			hint: 'Use: cc-token store copy --to URL_OR_PATH (see cc-token store --help).',
		});
	}
	// Where the fleet's store is already set, it need not be typed (nor shown in `ps`) again.
	const toAddress = args.to ?? (args.from === undefined ? undefined : io.env.CC_TOKEN_STORE);
	if (!toAddress) {
		throw new CcTokenError('usage', 'cc-token store copy: say where to copy to, with --to.', {
			hint: 'For example: CC_TOKEN_STORE=redis://:PASSWORD@host:6379/0 cc-token store copy --from file --move',
		});
	}
	if (args.profile !== undefined) checkProfileName(args.profile);
	const from = args.from === undefined ? openStore() : openStoreAt(args.from);
	const to = openStoreAt(toAddress);
	try {
		if (from.where === to.where) {
			throw new CcTokenError('usage', `cc-token store copy: --from and --to are both ${to.where}.`);
		}
		const {sound, damaged} = await from.readProfiles();
		const names = args.profile ? [args.profile] : Object.keys(sound).sort();
		// Checked before anything is written: a damaged profile is never copied, nor half a set.
		const bad = (args.profile ? [args.profile] : Object.keys(damaged).sort()).find(
			(name) => isProfileName(name) && Object.hasOwn(damaged, name),
		);
		if (bad !== undefined) throw damagedProfileError(bad, damaged[bad]!, from.where);
		if (names.length === 0) {
			throw new CcTokenError('not_signed_in', `There are no profiles in ${from.where}.`, {
				hint: 'Sign in there first with `cc-token login`.',
			});
		}
		for (const name of names) {
			await copyProfile(from, to, name, {replace: args.replace === true, move: args.move === true});
			print(
				io,
				`${args.move ? 'Moved' : 'Copied'} profile “${name}” from ${from.where} to ${to.where}.`,
			);
		}
		if (!args.move) {
			say(
				io,
				'Both stores now hold the same sign-in. With rotating refresh tokens only the first to refresh keeps a working one: use one of them from now on (--move copies and removes in one step).',
			);
		}
		return exitCodes.ok;
	} finally {
		await Promise.all([from.close(), to.close()]);
	}
}
