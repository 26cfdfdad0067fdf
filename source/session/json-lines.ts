// `cc-token login --json`: one JSON line on stdout per step of the sign-in, for a program that
// follows along; the readme lists the shapes.
import type {SignInEvent} from '../auth/types.js';
import {terminalSafeJson} from '../text/printable.js';

export type Emit = (event: {event: string; [field: string]: unknown}) => void;

export function jsonLinesOn(output: {write(text: string): unknown}): Emit {
	// Still the same JSON, with what a terminal would act on written as \u escapes.
	return (event) => output.write(`${terminalSafeJson(JSON.stringify(event))}\n`);
}

/** The JSON line of a sign-in engine event, if it is one a program needs. */
export function eventLine(event: SignInEvent): Parameters<Emit>[0] | undefined {
	switch (event.type) {
		case 'warning':
			return {event: 'warning', message: event.message};
		case 'callback-rejected':
			return {event: 'callback-rejected', reason: event.reason};
		case 'exchanging':
			return {event: 'exchanging'};
		case 'device-code': {
			const {device} = event;
			return {
				event: 'device-code',
				userCode: device.userCode,
				verificationUri: device.verificationUri,
				verificationUriComplete: device.verificationUriComplete ?? null,
				expiresAt: new Date(device.expiresAt).toISOString(),
			};
		}
		default:
			return undefined;
	}
}
