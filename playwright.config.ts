import { defineConfig } from '@playwright/test';

/** Debian's Chromium (never `npx playwright install`); override with CHROMIUM_PATH. */
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'test/e2e',
  // Tags the run's sandboxes, and fails the run if a test left a tmux server behind.
  globalSetup: './test/helpers/playwrightSetup.ts',
  globalTeardown: './test/helpers/playwrightTeardown.ts',
  outputDir: 'test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  // In CI one retry, reported as flaky: a test that fails twice fails the run.
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: chromium,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    trace: 'off',
    screenshot: 'off',
  },
  projects: [
    // Terminals read pane by pane (tmux 3.2+'s default).
    { name: 'default' },
    // The live terminal once more through a plain `tmux attach` client (older tmux, or by choice).
    {
      name: 'attach',
      testMatch: /terminal\.spec\.ts$/,
      metadata: { terminalClient: 'attach' },
    },
  ],
});
