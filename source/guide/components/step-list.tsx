// The numbered steps down the left: where you are, what is done (✓), and what the chosen kind
// of application does not need (–). On a narrow screen only the numbers remain; the pane's
// title names the current step.
import {Box, Text} from 'ink';
import {memo} from 'react';
import {steps} from '../steps.js';

/** Columns the list takes, its right-hand gap included. */
export function stepListWidth(compact: boolean): number {
	return compact ? 7 : 28;
}

export const StepList = memo(function StepList({
	current,
	done,
	skipped,
	compact,
}: {
	current: number;
	/** One flag per step. */
	done: readonly boolean[];
	/** One flag per step: true where the application's kind makes the step unnecessary. */
	skipped: readonly boolean[];
	compact: boolean;
}) {
	return (
		<Box flexDirection="column" width={stepListWidth(compact)} flexShrink={0} paddingRight={1}>
			{steps.map((step, index) => {
				const isCurrent = index === current;
				const label = `${isCurrent ? '›' : ' '} ${String(index + 1).padStart(2)}`;
				return (
					<Text key={step.id} wrap="truncate-end">
						{skipped[index] ? (
							<Text dimColor>– </Text>
						) : (
							<Text color="green">{done[index] ? '✓ ' : '  '}</Text>
						)}
						<Text
							color={isCurrent ? 'cyan' : undefined}
							bold={isCurrent}
							inverse={isCurrent}
							dimColor={skipped[index] && !isCurrent}
						>
							{compact ? label : `${label} ${step.short}`}
						</Text>
					</Text>
				);
			})}
		</Box>
	);
});
