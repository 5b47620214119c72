/**
 * Every recorded screen under test/fixtures/screens/<agent>/<agentVersion>/
 * (synthetic ones written by hand, live ones recorded from the real CLIs by
 * the agent lab) is read by the engine with its agent's rules and must get
 * the state it was recorded in.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RuleSet } from '../../../../../../main/core/status/rules/ruleSet';

const ROOT = join(import.meta.dirname, '../../../../../fixtures/screens');

/** The shared fixture format (the agent lab writes the same). */
const FixtureMeta = z.object({
  agent: z.string().min(1),
  agentVersion: z.string().min(1),
  state: z.enum(['waiting', 'working', 'idle']),
  title: z.string(),
  label: z.string().min(1),
  source: z.enum(['live', 'synthetic']),
  note: z.string().optional(),
});

function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsonFiles(path);
    return name.endsWith('.json') ? [path] : [];
  });
}

const files = jsonFiles(ROOT).sort();
const rules = new RuleSet();

describe('every screen fixture gets its recorded state', () => {
  it('finds the fixtures', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files.map((f) => [relative(ROOT, f), f]))('%s', (_name, file) => {
    const meta = FixtureMeta.parse(JSON.parse(readFileSync(file, 'utf8')));
    const text = readFileSync(file.replace(/\.json$/, '.txt'), 'utf8');
    // The file name and folders say the same as the metadata.
    const parts = relative(ROOT, file).split('/');
    expect(parts).toEqual([parts[0], meta.agentVersion, `${meta.state}--${meta.label}.json`]);
    const agent = rules.resolve(meta.agent);
    expect(agent, `agent ${meta.agent} has a manifest`).not.toBeNull();
    const decision = rules.decide(text, { agent, title: meta.title }, true);
    expect(
      { state: decision.status, rule: decision.rule, reason: decision.reason },
      decision.evaluated
        .filter((v) => v.matched)
        .map((v) => `${v.rule}: ${v.text ?? ''}`)
        .join('\n'),
    ).toMatchObject({ state: meta.state });
  });
});
