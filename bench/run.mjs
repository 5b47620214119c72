#!/usr/bin/env node
// `npm run bench -- NAME [args]`: runs bench/NAME.bench.ts (TypeScript, via tsx).
// Benchmarks print figures; they never assert wall-clock times.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .sort();
const [name, ...args] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  process.stderr.write(
    `usage: npm run bench -- <${available.join('|') || 'no benchmarks yet'}> [--json] [options]\n`,
  );
  process.exit(2);
}
const tsx = join(here, '..', 'node_modules', '.bin', 'tsx');
const child = spawn(tsx, [join(here, `${name}.bench.ts`), ...args], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
