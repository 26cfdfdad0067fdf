// Property-based tests draw new cases on every developer run, to keep exploring. CI draws the
// same cases every time, so that a submission's result does not depend on the luck of a draw;
// FUZZ_SEED replays any run (fast-check prints the seed of a failure).
import fc from 'fast-check';

const seed = process.env.FUZZ_SEED ?? (process.env.CI ? '20261127' : undefined);
if (seed !== undefined) fc.configureGlobal({seed: Number(seed)});
