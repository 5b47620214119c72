import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = dirname(fileURLToPath(import.meta.url));

// `loopwatch hook` as one self-contained file (Node builtins only, no
// chunks): the hook launcher copies it out of the install and runs it with
// Node (main/core/hooks/hookLauncher.ts).
export default defineConfig({
  build: {
    ssr: resolve(root, 'main/hookEntry.ts'),
    outDir: resolve(root, 'out/hook'),
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    rollupOptions: { output: { format: 'es', entryFileNames: 'loopwatch-hook.mjs' } },
  },
});
