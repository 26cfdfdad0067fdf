// The right-hand pane: the step's words from steps.ts, its interactive part, its link and the
// next action, which stays pinned at the bottom. A step taller than the window scrolls; every
// part keeps its height (flexShrink 0), since a squeezed text would be drawn over its
// neighbours.
import {Box, Text} from 'ink';
import {type ReactNode, useContext} from 'react';
import {Paragraph, TextWidth} from '../components/paragraph.js';
import {ScrollHint, ScrollView} from '../components/scroll-view.js';
import {FieldInput} from '../components/text-field.js';
import {type StepId, stepCount} from '../state/step-order.js';
import {currentStep, stepLink} from '../steps.js';
import {ApiKeyPane} from './api-key-pane.js';
import {CredentialsPane} from './credentials-pane.js';
import {KindPane} from './kind-pane.js';
import type {PaneProps} from './pane-props.js';
import {RedirectPane} from './redirect-pane.js';
import {ScopesPane} from './scopes-pane.js';
import {SecretPane} from './secret-pane.js';
import {SignInPane} from './sign-in-pane.js';
import {UseItPane} from './use-it-pane.js';

const widgets: Partial<Record<StepId, (props: PaneProps) => ReactNode>> = {
	'create-app': KindPane,
	'api-key': ApiKeyPane,
	secret: SecretPane,
	redirect: RedirectPane,
	scopes: ScopesPane,
	'sign-in': SignInPane,
	credentials: CredentialsPane,
	'use-it': UseItPane,
};

export function StepPane({
	onMeasure,
	onReveal,
	fieldInput,
	...props
}: PaneProps & {
	onMeasure(rows: number, overflow: number): void;
	onReveal(top: number, bottom: number): void;
	/** What typing into the step's text fields does. */
	fieldInput: FieldInput;
}) {
	const {state} = props;
	const width = useContext(TextWidth);
	const step = currentStep(state);
	const Widget = widgets[step.id];
	// The sign-in pane shows its live address itself.
	const link = step.link?.kind === 'portal' ? stepLink(state, props.setup) : undefined;
	// While the sign-in waits, its address, code and paste box need the room more than the
	// introduction, and the pane and the bottom line say what to do.
	const waiting = step.id === 'sign-in' && state.signIn.phase === 'waiting';
	const skipped = step.skipped?.(state);
	// The title beside the step number and the scroll hint; where it would be cut, the short name
	// from the step list.
	// Measured with the widest step number.
	const title =
		`Step ${stepCount} of ${stepCount}  ${step.title} ↑↓ more`.length <= width
			? step.title
			: step.short;
	return (
		<Box flexDirection="column" flexGrow={1} paddingX={1} rowGap={1}>
			<Box flexShrink={0}>
				<Box flexGrow={1} flexShrink={1}>
					<Text bold wrap="truncate-end">
						<Text color="cyan">
							Step {state.step + 1} of {stepCount}
						</Text>
						{'  '}
						{title}
					</Text>
				</Box>
				<ScrollHint scroll={state.scroll} overflow={state.pane.overflow} />
			</Box>
			<ScrollView scroll={state.scroll} onMeasure={onMeasure} onReveal={onReveal}>
				{skipped ? <Paragraph color="yellow" text={skipped} /> : null}
				{waiting || skipped
					? null
					: step.body(state).map((paragraph) => <Paragraph key={paragraph} text={paragraph} />)}
				{Widget && !skipped ? (
					<Box flexDirection="column" flexShrink={0}>
						<FieldInput.Provider value={fieldInput}>
							<Widget {...props} />
						</FieldInput.Provider>
					</Box>
				) : null}
				{link && !skipped ? <Paragraph text={`\`o\` opens ${link.label}: ${link.url}`} /> : null}
				{step.note && !skipped ? (
					<Box
						flexShrink={0}
						borderStyle="single"
						borderColor="gray"
						borderTop={false}
						borderRight={false}
						borderBottom={false}
						paddingLeft={1}
					>
						<Paragraph text={step.note} indent={2} dimColor />
					</Box>
				) : null}
			</ScrollView>
			{waiting || skipped ? null : (
				<Box flexShrink={0}>
					{/* Wrapped, never cut: a cut instruction reads "press → for its API k…". */}
					<Paragraph color="cyan" text={step.next(state)} />
				</Box>
			)}
		</Box>
	);
}
