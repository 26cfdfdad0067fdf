// A clock for countdowns. Only the component that shows a time re-renders on each tick. Ticks
// fall on whole multiples of the interval, so two countdowns on screen change together.
import {useEffect, useState} from 'react';

export function useNow(now: () => number, intervalMs: number): number {
	const [time, setTime] = useState(now);
	useEffect(() => {
		let timer: NodeJS.Timeout;
		const schedule = (at: number) => {
			timer = setTimeout(tick, intervalMs - (at % intervalMs));
		};
		const tick = () => {
			const at = now();
			setTime(at);
			schedule(at);
		};
		tick();
		return () => clearTimeout(timer);
	}, [now, intervalMs]);
	return time;
}
