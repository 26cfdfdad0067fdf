// A label in a column of its own with its value beside it, as the sign-in summary and the
// credentials list show them.
import {Box} from 'ink';
import {type ReactNode, useContext} from 'react';
import {Paragraph, TextWidth, wordsFit} from './paragraph.js';

/**
 * A value with a word too long for the column beside its label (the API key, an e-mail on a
 * narrow screen) goes on a line of its own, whole, rather than being broken.
 */
export function LabelledRow({
	label,
	labelWidth,
	value,
}: {
	label: ReactNode;
	labelWidth: number;
	value: string;
}) {
	const width = useContext(TextWidth);
	const ownLine = !wordsFit(value, width - labelWidth);
	return (
		<Box flexDirection={ownLine ? 'column' : 'row'}>
			<Box width={labelWidth} flexShrink={0}>
				{label}
			</Box>
			<Box paddingLeft={ownLine ? 2 : 0}>
				<Paragraph width={width - (ownLine ? 2 : labelWidth)} text={value} />
			</Box>
		</Box>
	);
}
