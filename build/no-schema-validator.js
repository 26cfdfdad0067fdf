// In place of ajv and ajv-formats, which conf loads to check a file against a JSON schema: cc-token
// gives conf no schema (the document is checked by cc-token itself, store/profile.ts), so conf
// never makes a validator, and they were 150 kB of every save's start. Should conf ever make one,
// this says so at once rather than skip the check.
export class Ajv2020 {
	constructor() {
		throw new Error('cc-token gives conf no schema to check the settings file against.');
	}
}

export default {};
