import { defineConfig } from 'vitest/config';

/**
 * `npm run test:agents`: the live agent lab (real agent CLIs in tmux
 * against a fake model server). Not part of `vitest run`'s projects: it
 * takes minutes and installs the CLIs first.
 */
export default defineConfig({
  test: {
    name: 'agents',
    include: ['test/agents/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/helpers/globalSetup.ts', 'test/agents/globalSetup.ts'],
    // Two agents at a time: a tour mostly waits on its agent, and one at a time took 6 minutes.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 10 * 60_000,
  },
});
