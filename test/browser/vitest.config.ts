import { defineConfig } from 'vitest/config';

// `npm run test:browser`: end-to-end tests driving Debian's Chromium (playwright-core) against a real
// Faultline server, plus the web UI's pure unit tests (web/src/**/*.test.ts).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'web-unit',
          include: ['web/src/**/*.test.ts', 'web/src/**/*.test.tsx'],
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/browser/support/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // One Chromium and one server at a time: the machine has two cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
