import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { preloadDashboardChunk } from './scripts/preloadDashboardChunk';

const root = dirname(fileURLToPath(import.meta.url));

// Three separate builds, as in the electron-vite template: main (Node side:
// the Electron shell plus the CLI that runs under plain Node), preload
// (sandboxed, so CommonJS) and renderer (the React dashboard, served both
// to the Electron window and by `loopwatch serve`).
export default defineConfig(({ command }) => ({
  main: {
    // The only build that may load ELECTRON_RENDERER_URL (main/electron/window.ts).
    define: { __LOOPWATCH_DEV_BUILD__: JSON.stringify(command === 'serve') },
    build: {
      outDir: 'out/main',
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve(root, 'main/electron/index.ts'),
          cli: resolve(root, 'main/cli.ts'),
          // The pty host utility process (Electron forks it by this file name).
          ptyHost: resolve(root, 'main/electron/ptyHostProcess.ts'),
          // `loopwatch hook` runs on every agent event: a small entry that starts fast.
          hook: resolve(root, 'main/hook.ts'),
          // The program tmux's pipe-pane runs to write a session's log (issue 16).
          logWriter: resolve(root, 'main/logWriter.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can require only 'electron': bundle zod and the contract.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(root, 'preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [react(), preloadDashboardChunk()],
    build: {
      outDir: 'out/renderer',
      // Minified: the dashboard parses in about half the time (first render with 500 sessions).
      minify: true,
      rollupOptions: { input: { index: resolve(root, 'renderer/index.html') } },
    },
  },
}));
