import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		// A bound for a hung test, not a speed target: on two busy cores (a 50-process load test
		// beside a full-screen one) a command has taken more than 10 s just to start.
		testTimeout: 40_000,
		hookTimeout: 40_000,
		// Most test time is spent waiting on real servers, processes and terminals, not on the
		// CPU: four forks on two cores take the suite from about 5 minutes to about 2½.
		pool: 'forks',
		maxWorkers: 4,
		env: {NODE_ENV: 'test'},
		setupFiles: ['test/helpers/fuzz-seed.ts'],
	},
});
