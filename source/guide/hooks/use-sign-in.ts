// Runs the sign-in in the background while the person keeps reading, on the same core as
// `cc-token login`: asks the server about the app first (stopping at once with the fix), picks
// the route the app can use, starts the engine, shows the address (or the code for another
// device), opens the browser, feeds pasted addresses, then saves the tokens and looks up the
// account. A newer sign-in replaces an older one; whatever the older one still reports is
// ignored. Leaving the guide cancels it, which closes the listener.
import {useCallback, useEffect, useMemo, useRef} from 'react';
import type {SignInEvent, SignInSession} from '../../auth/types.js';
import {toCcTokenError} from '../../errors.js';
import {type AppKind, checkRedirectUri} from '../../provider/constant-contact.js';
import {completeSignIn} from '../../session/complete.js';
import {chooseRoutes} from '../../session/routes.js';
import {deviceSignInTimeoutMs, signInTimeoutMs} from '../../session/timing.js';
import type {GuideServices, SignInBase} from '../services.js';
import type {SignInWay} from '../state/guide-state.js';
import type {Action} from '../state/reducer.js';
import type {Dispatch} from './use-guide-state.js';

export interface SignInRequest extends SignInBase {
	redirectUri: string;
	scopes: string[];
	way: SignInWay;
}

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

			// Asked before anything opens: a sign-in that cannot work stops here, with the fix.
			let kind: AppKind | undefined;
			try {
				const checked = await services.preflight({
					apiKey: request.apiKey,
					...(request.clientSecret ? {clientSecret: request.clientSecret} : {}),
					redirectUri: request.redirectUri,
					scopes: request.scopes,
					wantsDevice: request.way === 'device',
				});
				if (!isCurrent()) return;
				for (const note of checked.notes) warn(note);
				kind = checked.inspection?.kind;
				if (checked.inspection) {
					const {apiKey, redirectUri} = checked.inspection;
					dispatch({type: 'sign-in-checked', verdict: {apiKey, kind, redirectUri}});
				}
				// What the server said the app is, the steps follow (the secret or redirect step).
				if (kind) dispatch({type: 'kind', kind});
			} catch (error) {
				if (isCurrent()) dispatch(failed(error));
				return;
			}
			// A Device Flow app signs in by code whichever way was asked for.
			const way: SignInWay = kind === 'device' ? 'device' : request.way;
			if (way !== request.way) {
				dispatch({type: 'sign-in-starting', way, redirectUri: request.redirectUri});
			}
			const redirect = checkRedirectUri(request.redirectUri);
			const routes = chooseRoutes({
				...(kind ? {kind} : {}),
				redirectRoute: redirect.ok ? redirect.route : 'loopback',
				wantsDevice: way === 'device',
				noBrowserHere: false,
			});
			// A public app never sends a secret, even one it was given.
			const secret = kind === 'pkce' || kind === 'device' ? undefined : request.clientSecret;
			const timeoutMs = way === 'device' ? deviceSignInTimeoutMs : signInTimeoutMs;

			let started: SignInSession;
			try {
				started = await services.startSignIn({
					apiKey: request.apiKey,
					...(secret ? {clientSecret: secret} : {}),
					redirectUri: request.redirectUri,
					scopes: request.scopes,
					routes,
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
			if (started.authorizeUrl && way === 'browser') {
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
				const done = await completeSignIn(
					{
						save: services.saveSignIn,
						fetchAccount: services.fetchAccount,
						saveAccount: services.saveAccount,
					},
					{
						apiKey: request.apiKey,
						...(secret ? {clientSecret: secret} : {}),
						...(way === 'device' ? {} : {redirectUri: request.redirectUri}),
					},
					tokens,
					{
						onSaved(saved) {
							if (!isCurrent()) return;
							session.current = undefined;
							dispatch({type: 'signed-in', credentials: saved});
						},
						stillWanted: isCurrent,
					},
				);
				for (const warning of done.warnings) warn(warning);
				if (done.accountError) {
					warn(
						`Signed in and saved, but the account could not be read: ${done.accountError.message}`,
					);
				} else if (done.account && isCurrent()) {
					dispatch({type: 'account', account: done.account});
				}
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
