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
    // One agent at a time: each runs a real CLI, Loopwatch's watch and one-shot reads.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 10 * 60_000,
  },
});
