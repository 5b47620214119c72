import { formatProblem } from '../../core/status/rules/userRules';
import { parseArgs } from 'node:util';
import { Supervisor } from '../../core/supervisor';
import { transitionLine } from '../describe';
import type { CliIo } from '../io';
import { HOST_OPTIONS, hostsFrom } from '../hostTargets';
import { TARGET_OPTIONS, targetsFrom } from '../targets';
import { hostLine, renderList } from './list';

/**
 * `loopwatch watch [--json]`: the live supervisor in a terminal. First the
 * current state (with --json: one Snapshot line), then one line per status
 * transition (with --json: one Transition object per line) until interrupted.
 */
export async function watchCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { json: { type: 'boolean', default: false }, ...TARGET_OPTIONS, ...HOST_OPTIONS },
    strict: true,
    allowPositionals: false,
  });
  const supervisor = new Supervisor({
    env: io.env,
    ...targetsFrom(values),
    hosts: await hostsFrom(values, io),
  });
  // Broken rule files are said on stderr (stdout stays the JSON stream); they are ignored.
  supervisor.on('rules', (problems) => {
    for (const problem of problems) io.err(`loopwatch watch: rules: ${formatProblem(problem)}\n`);
  });
  try {
    await supervisor.start();
    const snapshot = supervisor.snapshot();
    io.out(values.json ? `${JSON.stringify(snapshot)}\n` : renderList(snapshot, Date.now()));
    if (!values.json && supervisor.hookError) io.err(`loopwatch watch: ${supervisor.hookError}\n`);
    supervisor.on('transition', (t) => {
      io.out(values.json ? `${JSON.stringify(t)}\n` : transitionLine(t));
    });
    // A host's health changing is a line of its own (JSON lines stay Transitions only).
    let health = new Map((snapshot.hosts ?? []).map((h) => [h.name, hostLine(h)]));
    supervisor.on('delta', (delta) => {
      if (values.json || !delta.hosts) return;
      const next = new Map(delta.hosts.map((h) => [h.name, hostLine(h)]));
      for (const [name, line] of next) if (health.get(name) !== line) io.out(`${line.trim()}\n`);
      health = next;
    });
    await io.untilInterrupted();
  } finally {
    await supervisor.closeHosts();
    supervisor.dispose();
  }
  return 0;
}
