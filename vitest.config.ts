import { defineConfig } from 'vitest/config';

// Two projects, picked by file suffix:
//   unit — `*.test.ts`: pure or embedded (PGlite, in-memory queue); what `npm test` runs with `int`.
//   int  — `*.int.test.ts`: storage/queue suites; embedded by default, real PostgreSQL/Redis when
//          FAULTLINE_TEST_DATABASE_URL / FAULTLINE_TEST_REDIS_URL are set (CI runs them twice).
// Browser tests live under test/browser with their own config.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', 'test/browser/**', 'node_modules/**'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'int',
          include: ['src/**/*.int.test.ts', 'test/**/*.int.test.ts'],
          exclude: ['test/browser/**', 'node_modules/**'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
