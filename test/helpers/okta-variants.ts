// The two ways Constant Contact's Okta may answer, for tests that must pass under both: as
// documented, and as a live Okta may (constant-contact.md, "What a live Okta may answer
// differently"), with no rotation leeway (Constant Contact's own setting is unknown, possibly 0).
import {type EmulatorOptions, liveOktaReadings} from '../../source/provider/emulator/index.js';

export interface OktaVariant {
	name: string;
	emulatorOptions: EmulatorOptions;
}

export const oktaVariants: OktaVariant[] = [
	{name: 'as documented', emulatorOptions: {}},
	{
		name: 'as a live Okta may',
		emulatorOptions: {okta: liveOktaReadings, rotation: {leewaySeconds: 0}},
	},
];
