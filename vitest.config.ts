import { defineConfig } from 'vitest/config';

/**
 * Two projects in one run: `unit` (fast, parallel) and `e2e` (the built site in Debian's
 * Chromium). The e2e global setup builds the site once and serves it on 127.0.0.1.
 */
export default defineConfig({
  test: {
    projects: [
      {
        extends: false,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**', 'node_modules/**'],
          testTimeout: 30_000,
        },
      },
      {
        extends: false,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          // Page assertions retry (expect.poll) until the page catches up or this deadline passes.
          expect: { poll: { timeout: 5_000, interval: 50 } },
          globalSetup: ['test/e2e/global-setup.ts'],
          // One browser at a time: the machine has two cores and the build already used them.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
