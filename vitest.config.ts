import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		testTimeout: 20_000,
		hookTimeout: 20_000,
		// Most test time is spent waiting on real servers, processes and terminals, not on the
		// CPU: four forks on two cores take the suite from about 5 minutes to about 2½.
		pool: 'forks',
		maxWorkers: 4,
		env: {NODE_ENV: 'test'},
		setupFiles: ['test/helpers/fuzz-seed.ts'],
	},
});
