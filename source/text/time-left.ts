// How long until (or since) an instant, in the words people read in the terminal and the guide.
/** "23 h 59 min", "4 min", "expired 2 min ago": how long until (or since) an instant. */
export function describeTimeLeft(expiresAt: number, now = Date.now()): string {
	const ms = expiresAt - now;
	const minutes = Math.round(Math.abs(ms) / 60_000);
	const span =
		minutes >= 120 * 24
			? `${Math.round(minutes / 1440)} days`
			: minutes >= 60
				? `${Math.floor(minutes / 60)} h ${minutes % 60} min`
				: `${minutes} min`;
	return ms >= 0 ? span : `expired ${span} ago`;
}
