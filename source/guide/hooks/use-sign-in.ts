// Runs the sign-in in the background while the person keeps reading: starts the engine, shows
// the address (or the code for another device), opens the browser, feeds pasted addresses,
// saves the tokens and looks up the account. A newer sign-in replaces an older one; whatever the older one still reports is
// ignored. Leaving the guide cancels it, which closes the listener.
import {useCallback, useEffect, useMemo, useRef} from 'react';
import type {SignInEvent, SignInSession} from '../../auth/types.js';
import {toCcTokenError} from '../../errors.js';
import type {Account} from '../../store/index.js';
import type {GuideServices, SignInBase} from '../services.js';
import type {Action} from '../state/reducer.js';
import type {SignInWay} from '../state/sign-in-state.js';
import type {Dispatch} from './use-guide-state.js';

export interface SignInRequest extends SignInBase {
	scopes: string[];
	way: SignInWay;
}

/** How long a sign-in waits for the browser, as `cc-token login` does by default. */
const signInTimeoutMs = 5 * 60_000;
// A device code carries its own expiry (ten minutes at Constant Contact), which ends the wait
// first; this only bounds a server that hands out codes for longer.
const deviceTimeoutMs = 30 * 60_000;

function actionFor(event: SignInEvent): Action | undefined {
	switch (event.type) {
		case 'listening':
			return {type: 'sign-in-listening', address: event.redirectUri};
		case 'device-code':
			return {type: 'sign-in-device', device: event.device};
		case 'warning':
			return {type: 'notice', notice: {tone: 'warning', text: event.message}};
		case 'callback-rejected':
			// A rejected paste is shown under the paste box, from submitPaste's answer.
			if (event.route === 'paste') return undefined;
			return {
				type: 'notice',
				notice: {
					tone: 'warning',
					text: `Ignored a visit to the redirect address that did not belong to this sign-in: ${event.reason.replace(/\.?$/, '.')} Still waiting.`,
				},
			};
		case 'code-received':
		case 'exchanging':
			return {type: 'sign-in-exchanging'};
		default:
			return undefined;
	}
}

function portOf(uri: string): number | undefined {
	const port = URL.parse(uri)?.port;
	return port ? Number(port) : undefined;
}

function failed(error: unknown): Action {
	const failure = toCcTokenError(error);
	return {
		type: 'sign-in-failed',
		message: failure.message,
		hint: failure.hint,
		code: failure.code,
	};
}

export interface SignInControls {
	start(request: SignInRequest): Promise<void>;
	submitPaste(text: string): Promise<void>;
	cancel(): void;
}

export function useSignIn(services: GuideServices, dispatch: Dispatch): SignInControls {
	const generation = useRef(0);
	const session = useRef<SignInSession | undefined>(undefined);

	const cancel = useCallback(() => {
		generation.current += 1;
		session.current?.cancel();
		session.current = undefined;
	}, []);

	useEffect(() => cancel, [cancel]);

	const start = useCallback(
		async (request: SignInRequest) => {
			cancel();
			const mine = generation.current;
			const isCurrent = () => generation.current === mine;
			const warn = (text: string) => {
				if (isCurrent()) dispatch({type: 'notice', notice: {tone: 'warning', text}});
			};
			dispatch({type: 'sign-in-starting', way: request.way, redirectUri: request.redirectUri});
			const timeoutMs = request.way === 'device' ? deviceTimeoutMs : signInTimeoutMs;

			let started: SignInSession;
			try {
				started = await services.startSignIn({
					clientId: request.apiKey,
					clientSecret: request.clientSecret,
					redirectUri: request.redirectUri,
					scopes: request.scopes,
					...(request.way === 'device' ? {routes: ['device' as const]} : {}),
					timeoutMs,
					onEvent(event) {
						const action = isCurrent() ? actionFor(event) : undefined;
						if (action) dispatch(action);
					},
				});
			} catch (error) {
				if (isCurrent()) dispatch(failed(error));
				return;
			}
			if (!isCurrent()) {
				started.cancel();
				return;
			}
			session.current = started;
			// The address is on screen before the browser is asked to open it.
			dispatch({
				type: 'sign-in-waiting',
				authorizeUrl: started.authorizeUrl,
				deadline: services.now() + timeoutMs,
			});
			// A device sign-in happens elsewhere: nothing opens here unless the person asks (o).
			if (started.authorizeUrl && request.way === 'browser') {
				services.openInBrowser(started.authorizeUrl, portOf(request.redirectUri)).then(
					(outcome) => {
						if (isCurrent()) dispatch({type: 'sign-in-browser', message: outcome.message});
					},
					(error: unknown) => {
						if (isCurrent()) {
							dispatch({type: 'sign-in-browser', message: toCcTokenError(error).message});
						}
					},
				);
			}

			try {
				const {tokens} = await started.result;
				if (!isCurrent()) return;
				const saved = await services.saveSignIn(
					{
						apiKey: request.apiKey,
						clientSecret: request.clientSecret,
						redirectUri: request.redirectUri,
					},
					tokens,
				);
				if (!isCurrent()) return;
				session.current = undefined;
				dispatch({type: 'signed-in', credentials: saved});
				if (!tokens.scopes.includes('offline_access') && tokens.scopes.length > 0) {
					warn(
						'Signed in, but without offline_access there is no refresh token: sign in again in 24 hours.',
					);
				}
				// Only a token granted account_read may ask who is signed in; some servers leave
				// the granted scopes out, and then it is worth a try.
				if (tokens.scopes.length > 0 && !tokens.scopes.includes('account_read')) return;
				let account: Account;
				try {
					account = await services.fetchAccount(tokens.accessToken);
				} catch (error) {
					warn(
						`Signed in and saved, but the account could not be read: ${toCcTokenError(error).message}`,
					);
					return;
				}
				if (!isCurrent()) return;
				// Saved before it is shown, so what the screen says is what the profile holds.
				try {
					await services.saveAccount(saved, account);
				} catch (error) {
					warn(`The account could not be saved with the profile: ${toCcTokenError(error).message}`);
				}
				if (isCurrent()) dispatch({type: 'account', account});
			} catch (error) {
				if (isCurrent()) {
					session.current = undefined;
					dispatch(failed(error));
				}
			}
		},
		[services, dispatch, cancel],
	);

	const submitPaste = useCallback(
		async (text: string) => {
			const current = session.current;
			if (!current) return;
			const mine = generation.current;
			try {
				await current.submitPaste(text);
				if (generation.current === mine) dispatch({type: 'edit', field: 'paste', value: ''});
			} catch (error) {
				if (generation.current === mine) {
					dispatch({type: 'paste-rejected', problem: toCcTokenError(error).message});
				}
			}
		},
		[dispatch],
	);

	return useMemo(() => ({start, submitPaste, cancel}), [start, submitPaste, cancel]);
}
