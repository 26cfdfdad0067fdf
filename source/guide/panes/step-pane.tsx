// The right-hand pane: the step's words from steps.ts, its interactive part, its link and the
// next action, which stays pinned at the bottom when the words run long. Every part keeps its
// height (flexShrink 0): a squeezed text would be drawn over its neighbours, so the body cuts
// off what does not fit instead.
import {Box, Text} from 'ink';
import type {ReactNode} from 'react';
import {Paragraph} from '../components/paragraph.js';
import {linkFor} from '../keys.js';
import type {StepId} from '../steps.js';
import {stepCount, steps} from '../steps.js';
import {ApiKeyPane} from './api-key-pane.js';
import {CredentialsPane} from './credentials-pane.js';
import type {PaneProps} from './pane-props.js';
import {RedirectPane} from './redirect-pane.js';
import {ScopesPane} from './scopes-pane.js';
import {SecretPane} from './secret-pane.js';
import {SignInPane} from './sign-in-pane.js';
import {UseItPane} from './use-it-pane.js';

const widgets: Partial<Record<StepId, (props: PaneProps) => ReactNode>> = {
	'api-key': ApiKeyPane,
	secret: SecretPane,
	redirect: RedirectPane,
	scopes: ScopesPane,
	'sign-in': SignInPane,
	credentials: CredentialsPane,
	'use-it': UseItPane,
};

export function StepPane(props: PaneProps) {
	const step = steps[props.state.step]!;
	const Widget = widgets[step.id];
	// The sign-in pane shows its live address itself.
	const link = step.link?.kind === 'portal' ? linkFor(props.state, props.setup) : undefined;
	// While the sign-in waits, its address and paste box need the room more than the intro.
	const waiting = step.id === 'sign-in' && props.state.signIn.phase === 'waiting';
	return (
		<Box flexDirection="column" flexGrow={1} paddingX={1}>
			<Box flexShrink={0}>
				<Text bold wrap="truncate-end">
					<Text color="cyan">
						Step {props.state.step + 1} of {stepCount}
					</Text>
					{'  '}
					{step.title}
				</Text>
			</Box>
			<Box flexDirection="column" flexGrow={1} flexShrink={1} overflow="hidden" marginTop={1}>
				{waiting
					? null
					: step.body.map((paragraph) => (
							<Box key={paragraph} marginBottom={1} flexShrink={0}>
								<Paragraph text={paragraph} />
							</Box>
						))}
				{Widget ? (
					<Box marginBottom={1} flexDirection="column" flexShrink={0}>
						<Widget {...props} />
					</Box>
				) : null}
				{link ? (
					<Box marginBottom={1} flexShrink={0}>
						<Paragraph text={`\`o\` opens ${link.label}: ${link.url}`} />
					</Box>
				) : null}
				{step.note ? (
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
			</Box>
			<Box flexShrink={0}>
				<Text color="cyan" wrap="truncate-end">
					{step.next}
				</Text>
			</Box>
		</Box>
	);
}
