// The full-screen guide: steps on the left, the step's pane on the right, the sign-in state and
// keys at the bottom. All keys arrive here, in one useInput, and go through routeKey; what is
// typed into a focused field is the field's (ink-text-input), which reports through FieldInput,
// so every field edits and submits the same way.
import {Box, type Key, Text, useApp, useInput} from 'ink';
import {useCallback, useMemo} from 'react';
import {toCcTokenError} from '../errors.js';
import {describeCopy} from '../system/clipboard.js';
import {Header} from './components/header.js';
import {HelpOverlay} from './components/help-overlay.js';
import {TextWidth} from './components/paragraph.js';
import {StatusBar} from './components/status-bar.js';
import {StepList, stepListWidth} from './components/step-list.js';
import type {FieldInput} from './components/text-field.js';
import {WholeValues} from './components/whole-values.js';
import {useGuideState} from './hooks/use-guide-state.js';
import {useSignIn} from './hooks/use-sign-in.js';
import {useTerminalSize} from './hooks/use-terminal-size.js';
import {StepPane} from './panes/step-pane.js';
import {quitSummary} from './quit-summary.js';
import {type Command, keyPresses, routeKey} from './route-key.js';
import type {GuideServices, GuideSetup} from './services.js';
import type {FieldName, GuideState, Tone} from './state/guide-state.js';
import {
	apiKeyCheck,
	clientSecret,
	portProblem,
	redirectUri,
	selectedScopes,
} from './state/inputs.js';
import {signInBlocker, signInWay} from './state/readiness.js';
import {stepIndex} from './state/step-order.js';
import {currentStep, doneMarks, stepAfter, steps} from './steps.js';

const minimumColumns = 60;
const minimumRows = 18;
const fullStepListColumns = 90;

/** What the guide ends with: the exit code (130 after Ctrl+C, as for any interrupted command)
 * and the lines to leave on the person's screen. */
export interface GuideResult {
	exitCode: number;
	summary?: string[];
}

export interface AppProps {
	services: GuideServices;
	setup: GuideSetup;
	initial: GuideState;
}

export function App({services, setup, initial}: AppProps) {
	const {state, dispatch, latest} = useGuideState(initial);
	const {exit} = useApp();
	const {columns, rows} = useTerminalSize();
	const signIn = useSignIn(services, dispatch);

	const execute = useCallback(
		(command: Command) => {
			const report = (tone: Tone, text: string) => dispatch({type: 'notice', notice: {tone, text}});
			const current = latest();
			switch (command.type) {
				case 'dispatch':
					dispatch(command.action);
					return;
				case 'open':
					report('info', `Opening ${command.label}…`);
					services.openInBrowser(command.url).then(
						(outcome) => report(outcome.opened ? 'success' : 'warning', outcome.message),
						(error: unknown) => report('error', toCcTokenError(error).message),
					);
					return;
				case 'copy':
					services.copy(command.text).then(
						(outcome) => {
							const {tone, text} = describeCopy(outcome, command.label);
							report(tone, text);
						},
						(error: unknown) => report('error', toCcTokenError(error).message),
					);
					return;
				case 'start-sign-in': {
					const blocker = signInBlocker(current, command.way);
					if (blocker) {
						report('warning', blocker);
						return;
					}
					const key = apiKeyCheck(current);
					if (!key.ok) return;
					const inputs = {
						kind: current.kind,
						apiKey: key.apiKey,
						// A public client (PKCE or Device Flow app) never sends a secret.
						clientSecret:
							current.kind === 'pkce' || current.kind === 'device'
								? undefined
								: clientSecret(current),
						redirectUri: redirectUri(current),
						scopes: selectedScopes(current),
					};
					dispatch({type: 'go', step: stepIndex('sign-in')});
					dispatch({type: 'sign-in-asked', inputs});
					void signIn.start({...inputs, way: signInWay(current, command.way)});
					return;
				}
				case 'submit-field':
					submitField(command.field, current);
					return;
				case 'quit':
					signIn.cancel();
					exit({
						exitCode: command.exitCode,
						summary: quitSummary(current, setup, command.exitCode, columns),
					} satisfies GuideResult);
					return;
			}

			function submitField(field: FieldName, at: GuideState) {
				switch (field) {
					case 'apiKey': {
						const key = apiKeyCheck(at);
						if (!key.ok) {
							report('warning', key.problem);
							return;
						}
						dispatch({type: 'go', step: stepAfter(at, 1)});
						return;
					}
					case 'clientSecret':
						dispatch({type: 'go', step: stepAfter(at, 1)});
						return;
					case 'port': {
						const problem = portProblem(at);
						if (problem) {
							report('warning', problem);
							return;
						}
						dispatch({type: 'focus', field: undefined});
						report('info', `Register ${redirectUri(at)} in the portal (c copies it).`);
						return;
					}
					case 'paste': {
						const text = at.fields.paste.trim();
						if (text !== '') void signIn.submitPaste(text);
						return;
					}
				}
			}
		},
		[dispatch, latest, services, signIn, exit, setup, columns],
	);

	const onKey = useCallback(
		(input: string, key: Key) => {
			for (const [each, eachKey] of keyPresses(latest(), input, key)) {
				for (const command of routeKey(latest(), setup, each, eachKey)) execute(command);
			}
		},
		[latest, setup, execute],
	);
	useInput(onKey);

	const fieldInput = useMemo<FieldInput>(
		() => ({
			change: (field, value) => dispatch({type: 'edit', field, value}),
			submit: (field) => execute({type: 'submit-field', field}),
		}),
		[dispatch, execute],
	);

	const measured = useCallback(
		(rows: number, overflow: number) => dispatch({type: 'pane-measured', rows, overflow}),
		[dispatch],
	);
	const reveal = useCallback(
		(top: number, bottom: number) => dispatch({type: 'reveal', top, bottom}),
		[dispatch],
	);

	const done = useMemo(() => doneMarks(state), [state]);
	const wholeValues = useMemo(
		() => (state.overlay === 'whole-values' ? (currentStep(state).wholeValues?.(state) ?? []) : []),
		[state],
	);
	const skipped = useMemo(() => steps.map((step) => step.skipped?.(state) !== undefined), [state]);

	if (state.overlay === 'whole-values') {
		return <WholeValues values={wholeValues} />;
	}
	if (columns < minimumColumns || rows < minimumRows) {
		return (
			<Text>
				Make the window at least {minimumColumns}×{minimumRows} (now {columns}×{rows}), or press q
				to quit.
			</Text>
		);
	}
	// On a narrow screen the step list keeps only its numbers, leaving the words the room.
	const compact = columns < fullStepListColumns;
	// One row short of the screen: at full height ink clears the terminal on every frame.
	return (
		<Box flexDirection="column" width={columns} height={rows - 1}>
			<Header profileName={setup.profileName} demo={setup.demo === true} width={columns} />
			<Box flexGrow={1} flexShrink={1} overflow="hidden">
				<StepList current={state.step} done={done} skipped={skipped} compact={compact} />
				<Box borderStyle="round" borderColor="gray" flexGrow={1} overflow="hidden">
					{/* The pane's border and padding take two columns on each side. */}
					<TextWidth.Provider value={columns - stepListWidth(compact) - 4}>
						{state.overlay === 'help' ? (
							<HelpOverlay
								scroll={state.scroll}
								overflow={state.pane.overflow}
								onMeasure={measured}
							/>
						) : (
							<StepPane
								state={state}
								setup={setup}
								now={services.now}
								onMeasure={measured}
								onReveal={reveal}
								fieldInput={fieldInput}
							/>
						)}
					</TextWidth.Provider>
				</Box>
			</Box>
			<StatusBar state={state} setup={setup} now={services.now} width={columns} />
		</Box>
	);
}
