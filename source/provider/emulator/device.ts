// The device flow (RFC 8628): POST /device/authorize hands out a device code and a user code,
// a person answers at /activate (or a test calls approveDevice), and the device polls /token.
import {randomInt} from 'node:crypto';
import type {IncomingMessage, ServerResponse} from 'node:http';
import {authenticateClient} from './client-authentication.js';
import {consentForm} from './consent-form.js';
import {type Html, html, type Page, sendPage} from './html.js';
import {Refusal, randomToken, readDecisionForm, readForm, sendJson, singleValued} from './http.js';
import {parseScopes} from './scopes.js';
import type {DeviceAuthorization, ServerState} from './state.js';
import type {EmulatorApp} from './types.js';

const deviceCodeLifetimeSeconds = 600;
const pollIntervalSeconds = 5;
// Consonants only (RFC 8628 §6.1): no words, no look-alike vowels and digits.
const userCodeAlphabet = 'BCDFGHJKLMNPQRSTVWXZ';

/** Eight letters, written as this server writes them: `BCDF-GHJK` or Okta's live `BCDFGHJK`. */
function userCodeOf(state: ServerState, letters: string): string {
	return state.okta.userCodes === 'letters'
		? letters
		: `${letters.slice(0, 4)}-${letters.slice(4)}`;
}

function newUserCode(state: ServerState): string {
	for (;;) {
		const letters = Array.from({length: 8}, () => userCodeAlphabet[randomInt(20)]).join('');
		const userCode = userCodeOf(state, letters);
		if (!state.deviceCodeByUserCode.has(userCode)) return userCode;
	}
}

/** People type codes loosely: any case, with or without the dash or spaces. */
function normalizeUserCode(state: ServerState, input: string): string | undefined {
	const letters = input.toUpperCase().replace(/[^A-Z]/g, '');
	return letters.length === 8 ? userCodeOf(state, letters) : undefined;
}

export async function handleDeviceAuthorize(
	state: ServerState,
	request: IncomingMessage,
	response: ServerResponse,
): Promise<void> {
	const params = await readForm(request);
	// Any kind may name itself here without its secret; only a device app gets a code.
	const app = authenticateClient(state, request, params, {secretOptional: true});
	if (app.kind !== 'device') {
		throw new Refusal(
			400,
			'unauthorized_client',
			'The client is not authorized to use the provided grant type. Configured grant types: [authorization_code, refresh_token].',
		);
	}
	const scopes = parseScopes(params.scope);
	const device: DeviceAuthorization = {
		deviceCode: randomToken(),
		userCode: newUserCode(state),
		clientId: app.clientId,
		scopes,
		expiresAt: state.now() + deviceCodeLifetimeSeconds * 1000,
		interval: pollIntervalSeconds,
		decision: 'pending',
	};
	state.devices.set(device.deviceCode, device);
	state.deviceCodeByUserCode.set(device.userCode, device.deviceCode);
	sendJson(response, 200, {
		device_code: device.deviceCode,
		user_code: device.userCode,
		verification_uri: `${state.origin}/activate`,
		verification_uri_complete: `${state.origin}/activate?user_code=${device.userCode}`,
		expires_in: deviceCodeLifetimeSeconds,
		interval: pollIntervalSeconds,
	});
}

/** One poll of the device grant: the approved device authorization, or a Refusal saying why not. */
export function pollDevice(
	state: ServerState,
	app: EmulatorApp,
	params: Record<string, string>,
): DeviceAuthorization {
	const deviceCode = params.device_code;
	if (!deviceCode) {
		throw new Refusal(400, 'invalid_request', "The 'device_code' parameter is required.");
	}
	const device = state.devices.get(deviceCode);
	if (!device || device.clientId !== app.clientId) {
		throw new Refusal(400, 'invalid_grant', 'The device code is invalid or has expired.');
	}
	const now = state.now();
	if (now >= device.expiresAt) {
		throw state.okta.expiredDeviceCode === 'invalid_grant'
			? new Refusal(400, 'invalid_grant', 'The device code is invalid or has expired.')
			: new Refusal(400, 'expired_token', 'The device code has expired.');
	}
	const tooSoon =
		device.lastPolledAt !== undefined && now - device.lastPolledAt < device.interval * 1000;
	device.lastPolledAt = now;
	if (tooSoon) {
		device.interval += 5;
		throw new Refusal(
			400,
			'slow_down',
			`The client is polling too frequently. Wait at least ${device.interval} seconds between requests.`,
		);
	}
	if (device.decision === 'pending') {
		throw new Refusal(
			400,
			'authorization_pending',
			'The device authorization is pending. Please try again later.',
		);
	}
	if (device.decision === 'deny') {
		throw new Refusal(
			400,
			'access_denied',
			'The resource owner or authorization server denied the request.',
		);
	}
	// Approved: the device code is used up.
	state.devices.delete(device.deviceCode);
	state.deviceCodeByUserCode.delete(device.userCode);
	return device;
}

type Lookup =
	| {found: true; device: DeviceAuthorization}
	| {found: false; problem: 'unknown' | 'answered'};

function findPending(state: ServerState, userCode: string): Lookup {
	const normalized = normalizeUserCode(state, userCode);
	const deviceCode =
		normalized === undefined ? undefined : state.deviceCodeByUserCode.get(normalized);
	const device = deviceCode === undefined ? undefined : state.devices.get(deviceCode);
	if (!device || state.now() >= device.expiresAt) return {found: false, problem: 'unknown'};
	if (device.decision !== 'pending') return {found: false, problem: 'answered'};
	return {found: true, device};
}

const lookupProblems = {
	unknown: 'That code is not valid or has expired. Check the code shown on your device.',
	answered: 'That code has already been answered.',
};

/** What approveDevice does for tests and what POST /activate does for a person. */
export function decideDevice(
	state: ServerState,
	userCode: string,
	decision: 'allow' | 'deny',
): Lookup {
	const lookup = findPending(state, userCode);
	if (lookup.found) lookup.device.decision = decision;
	return lookup;
}

function codeForm(userCode: string): Html {
	return html`<form method="get" action="/activate">
<p><label>Code <input name="user_code" value="${userCode}" autocomplete="off" spellcheck="false"></label></p>
<button type="submit">Next</button>
</form>`;
}

function activatePage(state: ServerState, userCode: string | undefined): Page {
	if (userCode === undefined) {
		return {
			title: 'Activate your device',
			body: html`<p>Enter the code shown on your device.</p>${codeForm('')}`,
		};
	}
	const lookup = findPending(state, userCode);
	if (!lookup.found) {
		return {
			status: 400,
			title: 'Activate your device',
			body: html`<p class="error">${lookupProblems[lookup.problem]}</p>${codeForm(userCode)}`,
		};
	}
	const {device} = lookup;
	const app = state.apps.get(device.clientId);
	return {
		title: `Allow ${app?.name ?? 'this device'} to use your account?`,
		body: consentForm({
			requester: html`A device showing the code <code>${device.userCode}</code>`,
			scopes: device.scopes,
			action: '/activate',
			hidden: {name: 'user_code', value: device.userCode},
		}),
	};
}

export function handleActivatePage(state: ServerState, response: ServerResponse, url: URL): void {
	sendPage(response, activatePage(state, singleValued(url.searchParams).user_code));
}

export async function handleActivateDecision(
	state: ServerState,
	request: IncomingMessage,
	response: ServerResponse,
): Promise<void> {
	const form = await readDecisionForm(request, 'Choose Allow or Deny.');
	const lookup = decideDevice(state, form.user_code ?? '', form.decision);
	if (!lookup.found) {
		return sendPage(response, {
			status: 400,
			title: 'Activate your device',
			body: html`<p class="error">${lookupProblems[lookup.problem]}</p>${codeForm('')}`,
		});
	}
	sendPage(
		response,
		form.decision === 'allow'
			? {
					title: 'Device connected',
					body: html`<p>You can close this page and return to your device.</p>`,
				}
			: {
					title: 'Access denied',
					body: html`<p>The device was not connected. You can close this page.</p>`,
				},
	);
}
