// A pane's body that may be taller than the window: it shows the rows from `scroll` on, and
// reports after every render how many rows it shows and how many more its content needs, so
// the keys can scroll it and the bottom line can say so. A pane opens at its top; a list inside
// it brings its chosen row into view with <Revealed> when the choice moves, and only then, so
// PgUp and PgDn are never pulled back to it.
import {Box, type DOMElement, measureElement, Text} from 'ink';
import {createContext, type ReactNode, useContext, useEffect, useMemo, useRef} from 'react';

interface ScrollContent {
	content: {current: DOMElement | null};
	onReveal?(top: number, bottom: number): void;
}

const Scrolling = createContext<ScrollContent | undefined>(undefined);

export function ScrollView({
	scroll,
	onMeasure,
	onReveal,
	children,
}: {
	scroll: number;
	onMeasure(rows: number, overflow: number): void;
	/** Asks for the rows from top to bottom (content rows, not screen rows) to be in view. */
	onReveal?(top: number, bottom: number): void;
	children: ReactNode;
}) {
	const viewport = useRef<DOMElement>(null);
	const content = useRef<DOMElement>(null);
	// One value for as long as onReveal stays the same: a new one would reveal the row again.
	const scrolling = useMemo(() => ({content, onReveal}), [onReveal]);
	// Layout is known only once drawn; an unchanged measurement changes no state.
	useEffect(() => {
		if (!viewport.current || !content.current) return;
		const rows = measureElement(viewport.current).height;
		onMeasure(rows, Math.max(0, measureElement(content.current).height - rows));
	});
	return (
		<Box ref={viewport} flexDirection="column" flexGrow={1} flexShrink={1} overflow="hidden">
			<Box ref={content} flexDirection="column" flexShrink={0} rowGap={1} marginTop={-scroll}>
				<Scrolling.Provider value={scrolling}>{children}</Scrolling.Provider>
			</Box>
		</Box>
	);
}

/** A row of a list that is scrolled into view when it becomes the chosen one (not when it is
 * drawn already chosen: the pane then opens at its top, with the step's instruction). */
export function Revealed({active, children}: {active: boolean; children: ReactNode}) {
	const scrolling = useContext(Scrolling);
	const row = useRef<DOMElement>(null);
	const wasActive = useRef(active);
	useEffect(() => {
		const becameActive = active && !wasActive.current;
		wasActive.current = active;
		const element = row.current;
		if (!becameActive || !scrolling?.content.current || !element) return;
		// Its top within the scrolled content: the offsets of it and each box around it.
		let top = 0;
		for (
			let node: DOMElement | undefined = element;
			node && node !== scrolling.content.current;
			node = node.parentNode
		) {
			top += node.yogaNode?.getComputedTop() ?? 0;
		}
		scrolling.onReveal?.(top, top + measureElement(element).height);
	}, [active, scrolling]);
	return (
		<Box ref={row} flexDirection="column" flexShrink={0}>
			{children}
		</Box>
	);
}

/** Says where the hidden rows are, next to a pane's title. */
export function ScrollHint({scroll, overflow}: {scroll: number; overflow: number}) {
	if (overflow === 0) return null;
	const above = scroll > 0;
	const below = scroll < overflow;
	return (
		<Box flexShrink={0} marginLeft={1}>
			<Text color="yellow">
				{above ? '↑' : ''}
				{below ? '↓' : ''} more
			</Text>
		</Box>
	);
}
