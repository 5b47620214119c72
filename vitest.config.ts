import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [react()],
  test: {
    globalSetup: ['test/helpers/globalSetup.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
          // electron-store imports 'electron' itself: inlined, it sees the tests' vi.mock('electron').
          server: { deps: { inline: ['electron-store'] } },
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          // Real tmux servers and processes: generous, never asserted as speed.
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});
