// Waiting without returning to the event loop, for code that must stay synchronous (the quick
// read of the settings file, a write to a full pipe).

const cell = new Int32Array(new SharedArrayBuffer(4));

export function sleepSync(ms: number): void {
	Atomics.wait(cell, 0, 0, ms);
}
