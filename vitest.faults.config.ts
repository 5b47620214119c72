import { defineConfig } from 'vitest/config';

/** `npm run test:faults`: the fault corpus (test/faults), apart from the everyday suites. */
export default defineConfig({
  test: {
    globalSetup: ['test/helpers/globalSetup.ts'],
    include: ['test/faults/**/*.test.ts'],
    environment: 'node',
    // A thousand inputs, each with its own deadline: generous overall, never a speed assertion.
    testTimeout: 600_000,
    hookTimeout: 60_000,
  },
});
