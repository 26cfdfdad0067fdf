// The top line: the tool, the demo tag when it applies, and the profile in use. On a narrow
// screen only the description in the middle gives way.
import {Box, Text} from 'ink';
import {memo} from 'react';

export const Header = memo(function Header({
	profileName,
	demo,
}: {
	profileName: string;
	demo: boolean;
}) {
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
				<Text wrap="truncate-end"> · a Constant Contact API key and access token</Text>
			</Box>
			<Box flexShrink={0} marginLeft={1}>
				<Text dimColor>profile {profileName}</Text>
			</Box>
		</Box>
	);
});
