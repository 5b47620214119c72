/**
 * `npm run bench -- hosts [--hosts H] [--sessions-per-host S] [--events K] [--idle-seconds I] [--json]`
 *
 * Remote hosts for real (test/helpers/netns.ts: network namespaces with
 * their own sshd and tmux; needs root): H hosts (default 3), S sessions
 * each (default 20), watched by an in-process supervisor over ssh. It
 * measures:
 *  - idle CPU and memory over I seconds (default 10), counting this
 *    process and its live children (the ssh control clients and masters);
 *  - detection latency on remote sessions, K events of each kind (default
 *    5): exit (a pane's process exits 0) and crash (killed by a signal), from
 *    the event to the supervisor's transition;
 *  - reconnect: each host's link is cut until its sessions are unknown,
 *    then brought back, timed until every one of its sessions is live again.
 * Not measured yet (see the README): prompt, state file and lock death on
 * hosts, and the capture-pane-over-ssh baseline. Figures are printed,
 * never asserted.
 */
import { parseArgs } from 'node:util';
import type { Transition } from '../preload/contract';
import { Supervisor } from '../main/core/supervisor';
import { createHostLab, type HostLab } from '../test/helpers/netns';
import { createSandbox, eventually } from '../test/helpers/sandbox';
import { treeCpuSeconds } from './support/procStats';
import { summarize, type Summary } from './support/stats';

/** Start-up work (first screens) settles before the idle window. */
const SETTLE_MS = 5_000;
/** An event not reported within this long is missed. */
const EVENT_TIMEOUT_MS = 10_000;
/** A host's sessions count as lost/back within this long, else the sample is missed. */
const FAULT_TIMEOUT_MS = 30_000;

const { values } = parseArgs({
  options: {
    hosts: { type: 'string', default: '3' },
    'sessions-per-host': { type: 'string', default: '20' },
    events: { type: 'string', default: '5' },
    'idle-seconds': { type: 'string', default: '10' },
    json: { type: 'boolean', default: false },
  },
});
const H = Number(values.hosts);
const S = Number(values['sessions-per-host']);
const K = Number(values.events);
const IDLE_S = Number(values['idle-seconds']);
if (![H, S, K, IDLE_S].every((x) => Number.isInteger(x) && x > 0) || K > S) {
  process.stderr.write(
    'usage: npm run bench -- hosts [--hosts H] [--sessions-per-host S] [--events K<=S] [--idle-seconds I] [--json]\n',
  );
  process.exit(2);
}
const say = (text: string): void => {
  if (!values.json) process.stdout.write(`${text}\n`);
};

const sandbox = await createSandbox();
let lab: HostLab | null = null;
let supervisor: Supervisor | null = null;
try {
  const names = Array.from({ length: H }, (_, i) => `h${i}`);
  lab = await createHostLab(names.map((name) => ({ name })));
  for (const name of names) {
    for (let i = 0; i < S; i++)
      // Waits for a line on its terminal (exit: Enter), or a signal (crash).
      await lab.tmux(name, ['new-session', '-d', '-s', `s${i}`, 'read line; exit 0']);
    // After the first session: a server started without one exits at once, option and all.
    await lab.tmux(name, ['set-option', '-g', 'remain-on-exit', 'on']);
  }
  say(`${H} hosts x ${S} sessions ready`);
  supervisor = new Supervisor({
    env: sandbox.env,
    hooks: false,
    hosts: names.map((name) => ({
      name,
      destination: name,
      sshConfig: lab!.sshConfig,
      sockets: [],
      projectRoots: [],
    })),
  });
  const transitions: Transition[] = [];
  supervisor.on('transition', (t) => transitions.push(t));
  await supervisor.start();
  const seen = supervisor.sessions().filter((s) => s.host).length;
  say(`supervisor sees ${seen} remote sessions`);
  await new Promise((r) => setTimeout(r, SETTLE_MS));

  const cpu0 = treeCpuSeconds(process.pid);
  const wall0 = Date.now();
  await new Promise((r) => setTimeout(r, IDLE_S * 1000));
  const idleCpuPct = ((treeCpuSeconds(process.pid) - cpu0) / ((Date.now() - wall0) / 1000)) * 100;
  const rssMb = process.memoryUsage().rss / (1024 * 1024);
  say(`idle: ${idleCpuPct.toFixed(2)} % of one core, ${rssMb.toFixed(0)} MB RSS (this process)`);

  const waitFor = async (
    pred: (t: Transition) => boolean,
    from: number,
    timeoutMs: number,
  ): Promise<number | null> => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const hit = transitions.find((t) => Date.parse(t.at) >= from && pred(t));
      if (hit) return Date.parse(hit.at) - from;
      await new Promise((r) => setTimeout(r, 10));
    }
    return null;
  };
  const latency: Record<'exit' | 'crash', Summary> = {
    exit: summarize([], 0),
    crash: summarize([], 0),
  };
  for (const kind of ['exit', 'crash'] as const) {
    const samples: number[] = [];
    let missed = 0;
    for (let k = 0; k < K; k++) {
      const host = names[k % H]!;
      const name = `s${kind === 'exit' ? k : S - 1 - k}`;
      const id = supervisor.sessions().find((s) => s.host === host && s.name === name)?.id;
      const pid = Number(
        (await lab.tmux(host, ['display-message', '-p', '-t', `=${name}:`, '#{pane_pid}'])).trim(),
      );
      const at = Date.now();
      if (kind === 'exit') await lab.tmux(host, ['send-keys', '-t', `=${name}:`, 'Enter']);
      else process.kill(pid, 'SIGKILL');
      const want = kind === 'exit' ? 'done' : 'crashed';
      const ms = await waitFor((t) => t.sessionId === id && t.to === want, at, EVENT_TIMEOUT_MS);
      if (ms === null) {
        missed++;
        if (process.env.LW_BENCH_DEBUG)
          process.stderr.write(
            `${kind} ${host}/${name} missed: ${JSON.stringify(transitions.filter((t) => t.sessionId === id))}\n`,
          );
      } else samples.push(ms);
    }
    latency[kind] = summarize(samples, missed);
    say(`${kind}: p50 ${latency[kind].p50} ms, p95 ${latency[kind].p95} ms, missed ${missed}`);
  }

  const reconnect: number[] = [];
  let reconnectMissed = 0;
  for (const host of names) {
    const ids = supervisor
      .sessions()
      .filter((s) => s.host === host && s.status !== 'unknown')
      .map((s) => s.id);
    await lab.linkDown(host);
    await eventually(
      () =>
        supervisor!
          .sessions()
          .filter((s) => ids.includes(s.id))
          .every((s) => s.status === 'unknown'),
      `${host}'s sessions unknown`,
      FAULT_TIMEOUT_MS,
    );
    const at = Date.now();
    await lab.linkUp(host);
    try {
      await eventually(
        () =>
          supervisor!
            .sessions()
            .filter((s) => ids.includes(s.id))
            .every((s) => s.status !== 'unknown' && !s.reason.startsWith(`host ${host}`)),
        `${host}'s sessions back`,
        FAULT_TIMEOUT_MS,
      );
      reconnect.push(Date.now() - at);
    } catch {
      reconnectMissed++;
    }
  }
  const reconnectMs = summarize(reconnect, reconnectMissed);
  say(
    `reconnect (link back to every session live): p50 ${reconnectMs.p50} ms, p95 ${reconnectMs.p95} ms`,
  );
  if (values.json)
    process.stdout.write(
      `${JSON.stringify({
        hosts: H,
        sessions: H * S,
        loopwatch: {
          latency_ms: latency,
          idle_cpu_pct: Math.round(idleCpuPct * 100) / 100,
          rss_mb: Math.round(rssMb),
        },
        reconnect_ms: reconnectMs,
        not_measured: ['prompt', 'state_file', 'lock_death', 'baseline', 'idle_cpu_ratio'],
      })}\n`,
    );
} finally {
  await supervisor?.closeHosts();
  supervisor?.dispose();
  await lab?.cleanup();
  await sandbox.cleanup();
}
