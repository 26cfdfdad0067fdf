// A clock for countdowns. Only the component that shows a time re-renders on each tick.
import {useEffect, useState} from 'react';

export function useNow(now: () => number, intervalMs: number): number {
	const [time, setTime] = useState(now);
	useEffect(() => {
		setTime(now());
		const timer = setInterval(() => setTime(now()), intervalMs);
		return () => clearInterval(timer);
	}, [now, intervalMs]);
	return time;
}
