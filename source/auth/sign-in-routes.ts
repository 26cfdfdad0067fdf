// One starter per way back from Constant Contact: the loopback listener, a pasted address or
// code, and the device flow. Each is given the sign-in it belongs to (its state, its PKCE
// verifier, how it reports and how it ends) and hands back only what it adds: a page for the
// browser at the end, or a place to paste. None decides the outcome alone: a code goes to the
// sign-in, which exchanges the first one and ends every route.
import {CcTokenError, toCcTokenError} from '../errors.js';
import type {Endpoints} from '../provider/constant-contact.js';
import type {Page} from './callback-page.js';
import {type AcceptedCallback, startLoopback} from './loopback.js';
import {parsePastedRedirect} from './paste.js';
import type {RedirectTarget} from './redirect-uri.js';
import {pollDeviceToken, requestDeviceCode} from './token-client.js';
import type {SignInEvent, SignInOptions, SignInRoute, TokenSet} from './types.js';

/** Where a sign-in stands: waiting for any route, exchanging the code one brought, or over. */
export type SignInPhase = 'waiting' | 'exchanging' | 'ended';

export interface SignInContext {
	options: SignInOptions;
	endpoints: Endpoints;
	state: string;
	emit(event: SignInEvent): void;
	phase(): SignInPhase;
	/** A route brought the browser's answer (a code, or an error it carries). */
	arrived(route: SignInRoute, callback: AcceptedCallback): void;
	/** A route ended the sign-in by itself: tokens (device), or a failure. */
	end(outcome: {route: SignInRoute; tokens: TokenSet} | CcTokenError): void;
	/** Aborts the moment the sign-in ends, whichever way. */
	stopped: AbortSignal;
}

export interface StartedRoute {
	/** Called once as the sign-in ends, with the page a waiting browser should see. */
	end?(page: Page): void;
}

export async function startLoopbackRoute(
	context: SignInContext,
	target: RedirectTarget,
): Promise<StartedRoute> {
	const loopback = await startLoopback({
		target,
		state: context.state,
		onCallback: (callback) => context.arrived('loopback', callback),
		onRejected: (reason) => context.emit({type: 'callback-rejected', route: 'loopback', reason}),
	});
	context.emit({
		type: 'listening',
		redirectUri: context.options.redirectUri,
		addresses: loopback.addresses,
	});
	// The listener closes by itself once the page is served (2 s at most).
	return {end: (page) => void loopback.finish(page)};
}

function badPasteNow(message: string): CcTokenError {
	return new CcTokenError('bad_input', message, {hint: 'Watch the sign-in’s progress instead.'});
}

export interface PasteRoute {
	/** Offers a pasted address-bar URL or bare code; rejects (and the wait goes on) if invalid. */
	submit(text: string): Promise<void>;
}

export function startPasteRoute(context: SignInContext): PasteRoute {
	return {
		async submit(text) {
			const phase = context.phase();
			if (phase === 'ended') throw badPasteNow('This sign-in has already ended.');
			if (phase === 'exchanging') {
				throw badPasteNow('This sign-in is already completing with the code it received.');
			}
			let pasted: ReturnType<typeof parsePastedRedirect>;
			try {
				pasted = parsePastedRedirect(text, {
					redirectUri: context.options.redirectUri,
					state: context.state,
				});
			} catch (error) {
				const problem = toCcTokenError(error);
				// An error the browser was sent back with (access_denied, say) ends the sign-in.
				if (problem.code !== 'bad_input') {
					context.end(problem);
					return;
				}
				context.emit({type: 'callback-rejected', route: 'paste', reason: problem.message});
				throw problem;
			}
			if (pasted.state === undefined) {
				context.emit({
					type: 'warning',
					message:
						'A bare code carries no state, so cc-token cannot check that it belongs to this sign-in; Constant Contact still checks it.',
				});
			}
			context.arrived('paste', {kind: 'code', code: pasted.code});
		},
	};
}

/**
 * Asks for a device code, shows it, and polls until the person approves elsewhere. Beside a
 * browser route (`alongside`), an app that has no device flow is only a warning.
 */
export function startDeviceRoute(context: SignInContext, alongside: boolean): StartedRoute {
	const {options, endpoints} = context;
	const run = async (): Promise<void> => {
		let device: Awaited<ReturnType<typeof requestDeviceCode>>;
		try {
			device = await requestDeviceCode({
				endpoints,
				apiKey: options.apiKey,
				scopes: options.scopes,
			});
		} catch (error) {
			if (!alongside || context.phase() === 'ended') throw error;
			context.emit({
				type: 'warning',
				message: `The device sign-in is not available: ${toCcTokenError(error).message}`,
			});
			return;
		}
		if (context.phase() === 'ended') return;
		const {deviceCode: _secret, ...shown} = device;
		context.emit({type: 'device-code', device: shown});
		const tokens = await pollDeviceToken({
			endpoints,
			apiKey: options.apiKey,
			...(options.clientSecret ? {clientSecret: options.clientSecret} : {}),
			device,
			signal: context.stopped,
			onPoll: (interval) => context.emit({type: 'device-poll', interval}),
			...(options.sleep ? {sleep: options.sleep} : {}),
		});
		context.end({route: 'device', tokens});
	};
	run().catch((error: unknown) => context.end(toCcTokenError(error)));
	return {};
}
