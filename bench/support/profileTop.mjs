#!/usr/bin/env node
// `node bench/support/profileTop.mjs FILE.cpuprofile [N]`: the N functions with the most self
// time, and self time by source file, of a profile written by cpuProfile.ts.
import { readFileSync } from 'node:fs';

const [file, n = '25'] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}
const total = profile.endTime - profile.startTime;
const byFunction = new Map();
const byFile = new Map();
for (const [id, us] of self) {
  const { callFrame } = byId.get(id);
  const where = callFrame.url.replace(/^.*\/(node_modules|main|bench|test)\//, '$1/') || '(native)';
  const key = `${callFrame.functionName || '(anonymous)'} ${where}:${callFrame.lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  byFile.set(where, (byFile.get(where) ?? 0) + us);
}
const pct = (us) => `${((100 * us) / total).toFixed(2).padStart(6)} %`;
const idle = [...byFunction].filter(([k]) => /^\((idle|program|garbage collector)\)/.test(k));
process.stdout.write(`window ${(total / 1e6).toFixed(1)} s\n`);
for (const [key, us] of idle) process.stdout.write(`${pct(us)}  ${key}\n`);
process.stdout.write('\nby function (self):\n');
for (const [key, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, Number(n)))
  process.stdout.write(`${pct(us)}  ${key}\n`);
process.stdout.write('\nby file (self):\n');
for (const [key, us] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, Number(n)))
  process.stdout.write(`${pct(us)}  ${key}\n`);
