// The numbered steps down the left: where you are, and what is done.
import {Box, Text} from 'ink';
import {memo} from 'react';
import {steps} from '../steps.js';

export const stepListWidth = 27;

export const StepList = memo(function StepList({
	current,
	done,
}: {
	current: number;
	/** One flag per step. */
	done: readonly boolean[];
}) {
	return (
		<Box flexDirection="column" width={stepListWidth} flexShrink={0} paddingRight={1}>
			{steps.map((step, index) => {
				const isCurrent = index === current;
				return (
					<Text key={step.id} wrap="truncate-end">
						<Text color="green">{done[index] ? '✓ ' : '  '}</Text>
						<Text color={isCurrent ? 'cyan' : undefined} bold={isCurrent} inverse={isCurrent}>
							{`${isCurrent ? '›' : ' '}${String(index + 1).padStart(2)} ${step.short}`}
						</Text>
					</Text>
				);
			})}
		</Box>
	);
});
