// Time left until a deadline, as 4:05, ticking each second. Only this text re-renders.
import {Text, type TextProps} from 'ink';
import {useNow} from '../hooks/use-now.js';

/** Minutes and seconds until the deadline, as 4:05. */
export function countdown(deadline: number, now: number): string {
	const seconds = Math.max(0, Math.ceil((deadline - now) / 1000));
	return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

export function Countdown({
	deadline,
	now,
	...style
}: {deadline: number; now: () => number} & Pick<TextProps, 'color' | 'dimColor'>) {
	const time = useNow(now, 1000);
	return <Text {...style}>{countdown(deadline, time)}</Text>;
}
