// The top line: the tool, the demo tag when it applies, and the profile in use. On a narrow
// screen the description in the middle gives way, whole: never cut inside a word.
import {Box, Text} from 'ink';
import {memo} from 'react';

const description = ' · a Constant Contact API key and access token';

export const Header = memo(function Header({
	profileName,
	demo,
	width,
}: {
	profileName: string;
	demo: boolean;
	width: number;
}) {
	const used =
		'cc-token'.length + (demo ? ' DEMO '.length + 1 : 0) + ` profile ${profileName}`.length;
	const described = used + description.length <= width;
	return (
		<Box flexShrink={0}>
			<Box flexShrink={0}>
				<Text bold color="cyan">
					cc-token
				</Text>
				{demo ? (
					<Text>
						{' '}
						<Text bold inverse color="yellow">
							{' DEMO '}
						</Text>
					</Text>
				) : null}
			</Box>
			<Box flexGrow={1} flexShrink={1}>
				{described ? <Text>{description}</Text> : null}
			</Box>
			<Box flexShrink={0} marginLeft={1}>
				<Text dimColor>profile {profileName}</Text>
			</Box>
		</Box>
	);
});
