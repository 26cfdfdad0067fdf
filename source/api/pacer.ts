// Constant Contact allows 4 requests a second per API key. The pacer spaces this process's
// requests so that no more than that start within any second, with a small margin for the
// network delaying one request more than the next.
import {setTimeout as sleep} from 'node:timers/promises';

const marginMs = 60;

export class Pacer {
	private readonly starts: number[] = [];

	constructor(
		private readonly perSecond = 4,
		private readonly now: () => number = Date.now,
	) {}

	/** Resolves when one more request may start; returns how long it waited. */
	async next(): Promise<number> {
		let waited = 0;
		for (;;) {
			const now = this.now();
			while (this.starts.length > 0 && now - this.starts[0]! >= 1000 + marginMs)
				this.starts.shift();
			if (this.starts.length < this.perSecond) {
				this.starts.push(now);
				return waited;
			}
			const wait = this.starts[0]! + 1000 + marginMs - now;
			await sleep(wait);
			waited += wait;
		}
	}
}
