// "Did you mean": the one name close enough to what was typed to be what was meant.

/** Edit distance counting a swap of two neighbours as one edit (Damerau, restricted). */
export function editDistance(a: string, b: string): number {
	const rows = Array.from({length: a.length + 1}, (_, i) => [i, ...Array(b.length).fill(0)]);
	for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
	for (let i = 1; i <= a.length; i++) {
		for (let j = 1; j <= b.length; j++) {
			const cost = a[i - 1] === b[j - 1] ? 0 : 1;
			let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
			if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
				best = Math.min(best, rows[i - 2]![j - 2]! + 1);
			}
			rows[i]![j] = best;
		}
	}
	return rows[a.length]![b.length]!;
}

/** The one candidate close enough to what was typed to be what was meant, if any. */
export function closestMatch(typed: string, candidates: readonly string[]): string | undefined {
	const lower = typed.toLowerCase();
	const allowed = lower.length <= 3 ? 1 : 2;
	const scored = candidates
		.map((candidate) => ({candidate, distance: editDistance(lower, candidate.toLowerCase())}))
		.filter(({distance}) => distance <= allowed)
		.sort((a, b) => a.distance - b.distance);
	if (scored.length > 0) {
		const [best, second] = scored;
		return second && second.distance === best!.distance ? undefined : best!.candidate;
	}
	// A clear beginning of one name: `stat` for status.
	const starting = lower.length >= 3 ? candidates.filter((c) => c.startsWith(lower)) : [];
	return starting.length === 1 ? starting[0] : undefined;
}
