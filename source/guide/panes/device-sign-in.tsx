// The sign-in step, signing in with a code on another device: the code, large and clear; the page to
// enter it on; a QR code of that page (the code included) when the window has room for it; and
// the time the code has left.
import {Box, Text} from 'ink';
import {useContext, useMemo} from 'react';
import {renderQrCode} from '../../system/qr-code.js';
import {Countdown} from '../components/countdown.js';
import {Paragraph, TextWidth} from '../components/paragraph.js';
import {useTerminalSize} from '../hooks/use-terminal-size.js';
import type {ShownDevice} from '../state/guide-state.js';

const gap = 2;
// The words beside the QR code need this much room to stay readable.
const minimumTextWidth = 24;

function CodeBox({code}: {code: string}) {
	return (
		<Box borderStyle="round" borderColor="cyan" paddingX={2} alignSelf="flex-start">
			<Text bold color="cyan">
				{[...code].join(' ')}
			</Text>
		</Box>
	);
}

export function DeviceSignIn({
	device,
	rows,
	now,
}: {
	device: ShownDevice;
	/** The rows the pane can show without scrolling. */
	rows: number;
	now: () => number;
}) {
	const width = useContext(TextWidth);
	const screen = useTerminalSize();
	const qr = useMemo(
		() =>
			device.verificationUriComplete ? renderQrCode(device.verificationUriComplete) : undefined,
		[device.verificationUriComplete],
	);
	const qrLines = qr?.split('\n') ?? [];
	const qrWidth = qrLines[0]?.length ?? 0;
	const textWidth = qr ? width - qrWidth - gap : width;
	// A QR code cut off at the edge cannot be scanned: it is drawn whole or not at all.
	const qrFits = qr !== undefined && textWidth >= minimumTextWidth && qrLines.length <= rows;
	const words = qrFits ? textWidth : width;

	return (
		<Box columnGap={gap}>
			<Box flexDirection="column" width={words} flexShrink={0} rowGap={1}>
				<Box flexDirection="column">
					<Paragraph width={words} text="On your phone or another computer, open" />
					<Paragraph width={words} bold color="cyan" text={device.verificationUri} />
					<Paragraph width={words} text="and enter this code:" />
				</Box>
				<CodeBox code={device.userCode} />
				<Box flexDirection="column">
					<Text wrap="truncate-end">
						The code expires in <Countdown deadline={device.expiresAt} now={now} color="yellow" />.
					</Text>
					<Paragraph
						width={words}
						dimColor
						text="`c` copies the code, `o` opens the page here. Once you approve, cc-token finishes by itself."
					/>
				</Box>
				{qr && !qrFits && rows > 0 ? (
					<Paragraph
						width={words}
						dimColor
						text={`A QR code to scan appears in a window of at least ${
							screen.columns + Math.max(0, minimumTextWidth - (width - qrWidth - gap))
						}×${screen.rows + Math.max(0, qrLines.length - rows)}.`}
					/>
				) : null}
			</Box>
			{qrFits ? (
				<Box flexShrink={0}>
					<Text>{qr}</Text>
				</Box>
			) : null}
		</Box>
	);
}
