// One error type for everything cc-token reports to a person. Every failure has a stable code
// (for --json and tests), a message saying what happened, a hint saying what to do next, and
// an exit code from the table in the readme. Messages never contain a secret, and may quote any
// server's or store's text: the message and the hint are cleaned for a person when the error is
// made (text/person-text.ts), so a program using the library gets them as safe as the command
// prints them.

import {type ExitCode, exitCodes} from './exit-codes.js';
import {personText} from './text/person-text.js';

export {type ExitCode, exitCodes};

const exitCodeByErrorCode = {
	unexpected: exitCodes.unexpected,
	// Usage or bad input.
	usage: exitCodes.usage,
	bad_input: exitCodes.usage,
	not_a_terminal: exitCodes.usage,
	port_in_use: exitCodes.usage,
	config_corrupt: exitCodes.unexpected,
	config_unwritable: exitCodes.unexpected,
	config_unsafe: exitCodes.unexpected,
	// The user must sign in (again).
	not_signed_in: exitCodes.signInNeeded,
	refresh_failed: exitCodes.signInNeeded,
	refresh_token_lost: exitCodes.signInNeeded,
	profile_damaged: exitCodes.signInNeeded,
	keychain_entry_missing: exitCodes.signInNeeded,
	// Authorization refused or failed.
	access_denied: exitCodes.authorizationFailed,
	state_mismatch: exitCodes.authorizationFailed,
	timeout: exitCodes.authorizationFailed,
	invalid_grant: exitCodes.authorizationFailed,
	invalid_client: exitCodes.authorizationFailed,
	invalid_request: exitCodes.authorizationFailed,
	invalid_scope: exitCodes.authorizationFailed,
	unauthorized_client: exitCodes.authorizationFailed,
	insufficient_scope: exitCodes.authorizationFailed,
	expired_token: exitCodes.authorizationFailed,
	oauth_error: exitCodes.authorizationFailed,
	store_refused: exitCodes.authorizationFailed,
	// The application in the developer portal does not fit what was given (found before any
	// browser opened): an unknown API key, an unregistered redirect URI, a missing secret.
	unknown_api_key: exitCodes.appSetup,
	redirect_uri_unregistered: exitCodes.appSetup,
	secret_required: exitCodes.appSetup,
	secret_rejected: exitCodes.appSetup,
	wrong_app_kind: exitCodes.appSetup,
	// Stopped by the person (Ctrl+C), like any command.
	cancelled: exitCodes.interrupted,
	// Network or server trouble.
	network: exitCodes.network,
	request_timeout: exitCodes.network,
	server_error: exitCodes.network,
	bad_response: exitCodes.network,
	rate_limited: exitCodes.network,
	lock_timeout: exitCodes.network,
	store_unreachable: exitCodes.network,
	store_failed: exitCodes.network,
	// A refresh was sent and its answer lost: the server may have replaced the refresh token.
	answer_lost: exitCodes.network,
	keychain_unavailable: exitCodes.network,
	// The V3 API answered with an error.
	api_error: exitCodes.apiError,
	quota_exceeded: exitCodes.apiError,
} as const satisfies Record<string, ExitCode>;

export type ErrorCode = keyof typeof exitCodeByErrorCode;

export class CcTokenError extends Error {
	override readonly name = 'CcTokenError';
	readonly code: ErrorCode;
	readonly hint: string | undefined;
	/** A request that failed before it left this machine: the server cannot have acted on it. */
	readonly notSent: boolean;

	constructor(
		code: ErrorCode,
		message: string,
		options: {hint?: string; cause?: unknown; notSent?: boolean} = {},
	) {
		super(personText(message), {cause: options.cause});
		this.code = code;
		this.hint = options.hint === undefined ? undefined : personText(options.hint);
		this.notSent = options.notSent === true;
	}

	get exitCode(): ExitCode {
		return exitCodeByErrorCode[this.code];
	}

	/** The plain form people read: the message, then the hint on its own line. */
	toText(): string {
		return this.hint ? `${this.message}\n${this.hint}` : this.message;
	}

	toJSON(): {code: ErrorCode; message: string; hint?: string} {
		return {code: this.code, message: this.message, ...(this.hint ? {hint: this.hint} : {})};
	}
}

/**
 * Also true of a CcTokenError from the other build of this file: the entry's CommonJS bundles
 * and the ES modules they load later (a refresh) each hold a copy of this class.
 */
export function isCcTokenError(error: unknown): error is CcTokenError {
	return (
		error instanceof CcTokenError ||
		(error instanceof Error &&
			error.name === 'CcTokenError' &&
			'code' in error &&
			'toText' in error)
	);
}

/** Wraps anything thrown into a CcTokenError without losing a CcTokenError's own code. */
export function toCcTokenError(error: unknown): CcTokenError {
	if (isCcTokenError(error)) return error;
	const message = error instanceof Error ? error.message : String(error);
	return new CcTokenError('unexpected', `Something unexpected went wrong: ${message}`, {
		hint: 'Run the command again; if it keeps failing, report it with the command you ran.',
		cause: error,
	});
}
