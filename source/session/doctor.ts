// `cc-token doctor`'s checks, free of any printing: the preflight's questions about the
// application (asked of the authorization server, as a sign-in asks them), then the stored
// profile's health. Each check holds or not, and says the fix when it does not.
import {type CcTokenError, exitCodes, toCcTokenError} from '../errors.js';
import {appKindPortalNames, type Endpoints, portalUrl} from '../provider/constant-contact.js';
import {formatAccount, guideCommand, loginCommand, type Profile} from '../store/index.js';
import {listRescues} from '../store/rescue-file.js';
import {describeClockTime, describeTimeLeft} from '../text/time.js';
import {readAccount} from './account.js';
import {findInputs} from './inputs.js';
import {type AppInspection, inspectApp, preflightProblem} from './preflight.js';

export interface DoctorCheck {
	/** Stable, for --json: api-key, app-kind, redirect-uri, client-secret, access-token, … */
	id: string;
	ok: boolean;
	says: string;
	fix?: string;
	/** The exit code this failure stands for. */
	exitCode?: number;
}

export interface DoctorRequest {
	env: NodeJS.ProcessEnv;
	endpoints: Endpoints;
	profileName: string;
	stored: Profile | undefined;
	now?: number;
}

const portal = `the developer portal (${portalUrl})`;
const needed = ['account_read', 'offline_access'] as const;

function failed(id: string, error: CcTokenError): DoctorCheck {
	return {
		id,
		ok: false,
		says: error.message,
		...(error.hint ? {fix: error.hint} : {}),
		exitCode: error.exitCode,
	};
}

function unclear(id: string, what: string, inspection: AppInspection): DoctorCheck {
	const said = inspection.unrecognised.join('; ');
	return {
		id,
		ok: false,
		says: `Could not tell ${what}${said ? ` (${said})` : ''}.`,
		fix: 'Check that CC_TOKEN_AUTH_URL (if set) points at Constant Contact’s sign-in server and that this machine reaches it; then run cc-token doctor again.',
		exitCode: exitCodes.network,
	};
}

function appChecks(
	inspection: AppInspection,
	request: {apiKey: string; redirectUri: string; fromEnvironment: boolean},
): DoctorCheck[] {
	const problem = preflightProblem(inspection, request);
	const checks: DoctorCheck[] = [];
	if (inspection.apiKey === 'unknown') return [failed('api-key', problem!)];
	checks.push(
		inspection.apiKey === 'known'
			? {
					id: 'api-key',
					ok: true,
					says: `The API key ${request.apiKey}${request.fromEnvironment ? ' (from CC_CLIENT_ID)' : ''} is known to Constant Contact.`,
				}
			: unclear(
					'api-key',
					`whether Constant Contact knows the API key ${request.apiKey}`,
					inspection,
				),
	);
	checks.push(
		inspection.kind
			? {
					id: 'app-kind',
					ok: true,
					says: `The application was created with the ${appKindPortalNames[inspection.kind]}.`,
				}
			: unclear('app-kind', 'which flow the application was created with', inspection),
	);
	if (inspection.redirectUri === 'not-needed') {
		checks.push({
			id: 'redirect-uri',
			ok: true,
			says: 'No redirect URI is needed: a Device Flow application signs in by code.',
		});
	} else if (inspection.redirectUri === 'unregistered') {
		checks.push(failed('redirect-uri', problem!));
	} else if (inspection.redirectUri === 'registered') {
		checks.push({
			id: 'redirect-uri',
			ok: true,
			says: `The redirect URI ${request.redirectUri} is registered on the application.`,
		});
	} else {
		checks.push(
			unclear('redirect-uri', `whether ${request.redirectUri} is registered`, inspection),
		);
	}
	switch (inspection.secret) {
		case 'missing':
		case 'rejected':
			checks.push(failed('client-secret', problem!));
			break;
		case 'accepted':
			checks.push({
				id: 'client-secret',
				ok: true,
				says: 'Constant Contact accepts the client secret.',
			});
			break;
		case 'not-needed':
		case 'unused':
			checks.push({
				id: 'client-secret',
				ok: true,
				says: `No client secret is needed (a public client)${inspection.secret === 'unused' ? '; the one stored or given is not used' : ''}.`,
			});
			break;
		default:
			checks.push(unclear('client-secret', 'whether a client secret is needed', inspection));
	}
	return checks;
}

async function profileChecks(request: DoctorRequest): Promise<DoctorCheck[]> {
	const {stored, profileName} = request;
	const login = loginCommand(profileName, stored !== undefined);
	const now = request.now ?? Date.now();
	if (!stored?.accessToken) {
		return [
			{
				id: 'access-token',
				ok: false,
				says: `Profile “${profileName}” holds no access token: nobody has signed in with it.`,
				fix: `Sign in with \`${login}\` (or \`${guideCommand(profileName)}\` for the guide).`,
				exitCode: exitCodes.signInNeeded,
			},
		];
	}
	const checks: DoctorCheck[] = [];
	const expiresAt = stored.accessTokenExpiresAt ?? 0;
	const live = expiresAt > now;
	checks.push(
		live
			? {
					id: 'access-token',
					ok: true,
					says: `The access token is valid for ${describeTimeLeft(expiresAt, now)}.`,
				}
			: {
					id: 'access-token',
					ok: false,
					says: `The access token has ${describeTimeLeft(expiresAt, now)}.`,
					fix: stored.refreshToken
						? '`cc-token token` (or `cc-token refresh`) renews it with the refresh token.'
						: `Sign in again with \`${login}\`.`,
					exitCode: exitCodes.signInNeeded,
				},
	);
	checks.push(
		stored.refreshToken
			? {
					id: 'refresh-token',
					ok: true,
					says: 'A refresh token is stored: `cc-token token` renews the access token when needed.',
				}
			: {
					id: 'refresh-token',
					ok: false,
					says: 'No refresh token is stored: the access token cannot be renewed and the sign-in ends when it expires.',
					fix: `Sign in again with offline_access among the scopes: \`${login}\`.`,
					exitCode: exitCodes.signInNeeded,
				},
	);
	const scopes = stored.scopes ?? [];
	const missing = needed.filter((scope) => !scopes.includes(scope));
	checks.push(
		scopes.length > 0 && missing.length === 0
			? {id: 'scopes', ok: true, says: `Scopes granted: ${scopes.join(' ')}.`}
			: {
					id: 'scopes',
					ok: false,
					says:
						scopes.length === 0
							? 'The granted scopes are not known.'
							: `The granted scopes (${scopes.join(' ')}) leave out ${missing.join(' and ')}, which cc-token needs to renew the token and check the account.`,
					fix: `Sign in again asking for them: \`${login} --scope "${[...new Set([...scopes, ...needed])].join(' ')}"\`.`,
					exitCode: exitCodes.signInNeeded,
				},
	);
	if (!live) {
		checks.push({
			id: 'account',
			ok: false,
			says: 'The account was not checked: the access token has expired.',
			fix: 'Renew the token (`cc-token token`), then run cc-token doctor again.',
			exitCode: exitCodes.signInNeeded,
		});
		return checks;
	}
	try {
		const account = await readAccount(request.endpoints, stored.accessToken);
		checks.push({
			id: 'account',
			ok: true,
			says: `Constant Contact accepts the access token: the account of ${formatAccount(account) ?? 'an unnamed user'}.`,
		});
	} catch (error) {
		const failure = toCcTokenError(error);
		checks.push({
			id: 'account',
			ok: false,
			says: `The account could not be reached with the access token: ${failure.message}`,
			fix: failure.hint ?? `Sign in again with \`${login}\`.`,
			exitCode: failure.exitCode,
		});
	}
	return checks;
}

/** Every check, in the order a person would fix them. */
export async function runDoctor(request: DoctorRequest): Promise<DoctorCheck[]> {
	const found = findInputs({env: request.env, stored: request.stored});
	const apiKey = found.apiKey?.value;
	const appPart: Promise<DoctorCheck[]> = apiKey
		? inspectApp({
				endpoints: request.endpoints,
				apiKey,
				...(found.clientSecret ? {clientSecret: found.clientSecret.value} : {}),
				redirectUri: found.redirectUri.value,
				scopes: found.scopes.value,
			}).then(
				(inspection) =>
					appChecks(inspection, {
						apiKey,
						redirectUri: found.redirectUri.value,
						fromEnvironment: found.apiKey?.from === 'environment',
					}),
				(error: unknown) => [
					{
						id: 'api-key',
						ok: false,
						says: `Could not ask Constant Contact about the application: ${toCcTokenError(error).message}`,
						fix:
							toCcTokenError(error).hint ?? 'Check the connection, then run cc-token doctor again.',
						exitCode: toCcTokenError(error).exitCode,
					},
				],
			)
		: Promise.resolve([
				{
					id: 'api-key',
					ok: false,
					says: `No API key: profile “${request.profileName}” holds none and CC_CLIENT_ID is not set.`,
					fix: `Sign in with \`${loginCommand(request.profileName)} --client-id KEY\`, or run \`cc-token\` for the guide. The key is on your application’s page in ${portal}.`,
					exitCode: exitCodes.usage,
				},
			]);
	const [app, profile] = await Promise.all([appPart, profileChecks(request)]);
	return [...app, ...profile, ...refreshLeftovers(request)];
}

/**
 * What an earlier refresh left behind: tokens waiting in a rescue file (any profile's: they may
 * exist nowhere else), and a refresh of this profile whose answer never came.
 */
function refreshLeftovers(request: DoctorRequest): DoctorCheck[] {
	const now = request.now ?? Date.now();
	const checks: DoctorCheck[] = listRescues().map(({path, tokens}) => ({
		id: 'rescued-tokens',
		ok: false,
		says: `Tokens of profile “${tokens.profile}” that could not be saved to ${tokens.store} ${describeClockTime(tokens.savedAt, {now})} wait in ${path}.`,
		fix: `Run \`cc-token token --profile ${tokens.profile}\` with that store once it can be written: it moves them back.`,
		exitCode: exitCodes.unexpected,
	}));
	const sentAt = request.stored?.pendingRefresh?.startedAt;
	if (sentAt !== undefined) {
		checks.push({
			id: 'unanswered-refresh',
			ok: false,
			says: `A refresh of profile “${request.profileName}” was sent ${describeClockTime(sentAt, {now})} and its answer never arrived: Constant Contact may have replaced the refresh token.`,
			fix: `If \`cc-token token\` cannot renew the token, sign in again: \`${loginCommand(request.profileName)}\`.`,
			exitCode: exitCodes.signInNeeded,
		});
	}
	return checks;
}
