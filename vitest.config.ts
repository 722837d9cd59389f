import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['dist/**', 'node_modules/**'],
    globalSetup: ['test/tmpdir.ts'],
    // Processes, not threads: the in-process CLI tests (test/cli/helpers.ts) change the working
    // directory, which a worker thread may not.
    pool: 'forks',
    // The command-line tests spend much of their time waiting for the programs they start, so a
    // second worker keeps two cores busy where vitest's default (one fewer than the cores) leaves one.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // The JSON report lets CI print a plain "N passed, N failed" line after `npm test`.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
  },
});
