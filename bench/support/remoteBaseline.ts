/**
 * The hosts bench's baseline: remote sessions watched the way other tools
 * reach other machines today (Agentboard polls read-only over ssh): every
 * TICK_MS, per host, `ssh HOST -- tmux list-sessions`, then one
 * `ssh HOST -- tmux capture-pane` per session, and for each pipeline
 * session `cat` of its lock and state files and `kill -0` of the lock's pid.
 * It is given the same help as Loopwatch: one shared ssh connection per
 * host (ControlMaster), Loopwatch's own screen rules, and CONCURRENCY
 * commands in flight per host. Its transitions are collected in memory.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { Transition } from '../../preload/contract';
import { remoteCommandLine } from '../../main/core/hosts/remoteCommand';
import { RuleSet } from '../../main/core/status/rules/ruleSet';
import { limited } from './limited';

/** The poll interval of issue 17's baseline. */
export const BASELINE_TICK_MS = 2_000;
/** ssh commands in flight at once per host. */
const CONCURRENCY = 8;
/** Unchanged this many rounds is idle. */
const IDLE_ROUNDS = 3;
/** One command's bound (a stalled host must not hang the round). */
const COMMAND_TIMEOUT_MS = 10_000;

interface Known {
  status: string;
  screen: string;
  same: number;
}

export class RemoteBaseline {
  readonly transitions: Transition[] = [];
  private readonly known = new Map<string, Known>();
  private stopped = false;
  private readonly loops: Promise<void>[] = [];
  private readonly rules = new RuleSet();
  private rounds = 0;

  constructor(
    private readonly hosts: readonly string[],
    private readonly sshConfig: string,
    private readonly controlDir: string,
    /** Each transition as it is found (the separate process prints it). */
    private readonly onTransition: (t: Transition) => void = () => undefined,
  ) {}

  /** Rounds completed over all hosts (a round that takes longer than the tick is late). */
  get roundsDone(): number {
    return this.rounds;
  }

  private ssh(host: string, argv: readonly string[]): Promise<string | null> {
    return new Promise((resolve) => {
      execFile(
        'ssh',
        [
          '-F',
          this.sshConfig,
          '-o',
          'BatchMode=yes',
          '-o',
          'ControlMaster=auto',
          '-o',
          `ControlPath=${join(this.controlDir, host)}`,
          '-o',
          'ControlPersist=yes',
          host,
          '--',
          remoteCommandLine(argv),
        ],
        { encoding: 'utf8', timeout: COMMAND_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
        (error, stdout) => resolve(error ? null : stdout),
      );
    });
  }

  private emit(host: string, id: string, name: string, to: string, reason: string): void {
    const before = this.known.get(id);
    if (before?.status === to) return;
    const transition: Transition = {
      sessionId: id,
      name,
      from: (before?.status ?? null) as Transition['from'],
      to: to as Transition['to'],
      reason,
      at: new Date().toISOString(),
      initial: before === undefined,
      host,
    };
    this.transitions.push(transition);
    this.onTransition(transition);
  }

  private async pipelineStatus(
    host: string,
    path: string,
    run: string,
  ): Promise<[string, string] | null> {
    const [state, lock] = await Promise.all([
      this.ssh(host, ['cat', join(path, '.claude', 'pipeline-runs', run, 'state.json')]),
      this.ssh(host, ['cat', join(path, '.claude', 'locks', `${run}.lock`)]),
    ]);
    try {
      const status = state ? (JSON.parse(state) as { status?: unknown }).status : null;
      if (status === 'complete' || status === 'completed') return ['done', `pipeline ${status}`];
      if (status === 'failed') return ['crashed', 'pipeline failed'];
      const pid = lock ? (JSON.parse(lock) as { pid?: unknown }).pid : null;
      if (typeof pid === 'number' && (await this.ssh(host, ['kill', '-0', String(pid)])) === null)
        return ['crashed', `lock holder pid ${pid} is gone`];
    } catch {
      /* half-written */
    }
    return null;
  }

  private async round(host: string): Promise<void> {
    const list = await this.ssh(host, [
      'tmux',
      '-u',
      'list-sessions',
      '-F',
      '#{session_name}\u001f#{session_path}',
    ]);
    const sessions = (list ?? '')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split('\u001f'))
      .filter((fields): fields is [string, string] => fields.length === 2);
    const screens = await limited(
      sessions.map(
        ([name]) =>
          () =>
            this.ssh(host, ['tmux', '-u', 'capture-pane', '-p', '-t', `=${name}:`]),
      ),
      CONCURRENCY,
    );
    for (const [index, [name, path]] of sessions.entries()) {
      if (this.stopped) return;
      const id = `baseline@${host}:${name}`;
      const screen = screens[index];
      const before = this.known.get(id);
      let status = before?.status ?? 'working';
      let reason = '';
      const pipeline = /^pipeline-(.+)$/.exec(name);
      const fromFiles = pipeline ? await this.pipelineStatus(host, path, pipeline[1]!) : null;
      const dead = screen ? /Pane is dead \((status|signal) (\d+)/.exec(screen) : null;
      const decision = screen ? this.rules.decide(screen, { agent: 'claude' }) : null;
      const match =
        decision?.rule && decision.status ? { ...decision, status: decision.status } : null;
      if (fromFiles) [status, reason] = fromFiles;
      else if (dead) {
        status = dead[1] === 'status' && dead[2] === '0' ? 'done' : 'crashed';
        reason = `pane dead (${dead[1]} ${dead[2]})`;
      } else if (match) [status, reason] = [match.status, match.reason];
      else if (screen !== null && screen !== undefined && screen !== before?.screen)
        [status, reason] = ['working', 'screen changed'];
      else if ((before?.same ?? 0) + 1 >= IDLE_ROUNDS)
        [status, reason] = ['idle', 'screen unchanged'];
      this.emit(host, id, name, status, reason);
      this.known.set(id, {
        status,
        screen: screen ?? '',
        same: screen === before?.screen ? (before?.same ?? 0) + 1 : 0,
      });
    }
  }

  /** Resolves after every host's first round; the loops go on until stop(). */
  async start(): Promise<void> {
    const firsts: Promise<void>[] = [];
    for (const host of this.hosts) {
      let first!: () => void;
      firsts.push(new Promise<void>((resolve) => (first = resolve)));
      this.loops.push(
        (async () => {
          while (!this.stopped) {
            const started = Date.now();
            // A failed round is a missed round, never the end of the bench.
            await this.round(host).catch(() => undefined);
            this.rounds++;
            first();
            await new Promise((r) =>
              setTimeout(r, Math.max(0, BASELINE_TICK_MS - (Date.now() - started))),
            );
          }
        })(),
      );
    }
    await Promise.all(firsts);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.loops);
    // Close the shared connections.
    await Promise.all(
      this.hosts.map(
        (host) =>
          new Promise<void>((resolve) =>
            execFile(
              'ssh',
              [
                '-F',
                this.sshConfig,
                '-o',
                `ControlPath=${join(this.controlDir, host)}`,
                '-O',
                'exit',
                host,
              ],
              { timeout: COMMAND_TIMEOUT_MS },
              () => resolve(),
            ),
          ),
      ),
    );
  }
}
