#!/usr/bin/env node
// The `loopwatch` command: runs the built CLI (out/main/cli.js) under Node.
// `loopwatch hook` (run by agents on every event) loads only out/main/hook.js,
// and exits 0 silently even when Loopwatch is not built.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'out', 'main');
if (process.argv[2] === 'hook') {
  try {
    const { hookMain } = await import(pathToFileURL(join(out, 'hook.js')).href);
    await hookMain(process.argv.slice(3));
  } catch {
    // Not built, or broken: an agent's hook must still return quietly.
  }
  process.exit(0);
} else {
  const cli = join(out, 'cli.js');
  if (!existsSync(cli)) {
    process.stderr.write(
      'loopwatch: not built yet; run `npm run build` in the Loopwatch folder first\n',
    );
    process.exit(1);
  }
  const { main } = await import(pathToFileURL(cli).href);
  await main();
}
