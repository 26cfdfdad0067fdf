// Property-based tests draw new cases on every developer run, to keep exploring. CI draws the
// same cases every time, so that a submission's result does not depend on the luck of a draw;
// FUZZ_SEED replays any run (fast-check prints the seed of a failure).
//
// Each property has a run budget as well as a count: its numRuns on a machine with time to
// spare, fewer on a loaded one, but never past the budget, so that a busy machine makes a
// property test shorter rather than late (the test's own limit is 40 s). A failure found
// within the budget fails as always; running out of time is not a failure.
import fc from 'fast-check';

const runBudgetMs = 12_000;

const seed = process.env.FUZZ_SEED ?? (process.env.CI ? '20261127' : undefined);
fc.configureGlobal({
	interruptAfterTimeLimit: runBudgetMs,
	markInterruptAsFailure: false,
	...(seed === undefined ? {} : {seed: Number(seed)}),
});
