// The redirect step: the redirect URI to register, and the port it uses.
import {Box} from 'ink';
import {Paragraph} from '../components/paragraph.js';
import {TextField} from '../components/text-field.js';
import {portProblem, redirectCheck, redirectUri} from '../state/inputs.js';
import {stepNumber} from '../state/step-order.js';
import type {PaneProps} from './pane-props.js';

export function RedirectPane({state}: PaneProps) {
	const problem = portProblem(state);
	const check = redirectCheck(state);
	return (
		<Box flexDirection="column">
			<Box paddingLeft={2} marginBottom={1}>
				<Paragraph bold color="cyan" indent={2} text={redirectUri(state)} />
			</Box>
			<TextField
				name="port"
				label="Port"
				value={state.fields.port}
				focused={state.focus === 'port'}
				placeholder="none"
			/>
			{problem ? <Paragraph color="yellow" text={`✗ ${problem}`} /> : null}
			{!check.ok ? <Paragraph color="yellow" text={`✗ ${check.problem}`} /> : null}
			{check.ok && check.route === 'paste' ? (
				<Paragraph
					color="yellow"
					text={`cc-token cannot answer on https itself: after you approve, paste the address your browser ends on in step ${stepNumber('sign-in')}.`}
				/>
			) : null}
		</Box>
	);
}
