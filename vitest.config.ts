import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		testTimeout: 20_000,
		hookTimeout: 20_000,
		// Tests start real servers and processes; two cores are plenty busy with two forks.
		pool: 'forks',
		env: {NODE_ENV: 'test'},
		setupFiles: ['test/helpers/fuzz-seed.ts'],
	},
});
