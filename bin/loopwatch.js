#!/usr/bin/env node
// The `loopwatch` command: runs the built CLI (out/main/cli.js) under Node.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'out', 'main', 'cli.js');
if (!existsSync(cli)) {
  process.stderr.write(
    'loopwatch: not built yet; run `npm run build` in the Loopwatch folder first\n',
  );
  process.exit(1);
}
const { main } = await import(pathToFileURL(cli).href);
await main();
