// The exit codes cc-token ends with, the table in the readme. A module of its own, importing
// nothing, so that the entry point can use it without the rest of errors.ts.

export const exitCodes = {
	ok: 0,
	unexpected: 1,
	usage: 2,
	signInNeeded: 3,
	authorizationFailed: 4,
	network: 5,
	apiError: 6,
	appSetup: 7,
	/** Ctrl+C: 128 + SIGINT, as shells report it. */
	interrupted: 130,
} as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];
