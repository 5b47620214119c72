/**
 * The benchmark's world: N sessions across 3 private tmux servers (a mix
 * of the test fixture agents and fake pipeline runs), in a private HOME,
 * TMPDIR and TMUX_TMPDIR, and the events to fire at them, one kind at a
 * time: exit, crash, prompt, state_file, lock_death, hook.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { privateEnv } from '../../test/helpers/sandbox';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const AGENTS = join(ROOT, 'test', 'fixtures', 'agents');

export const KINDS = ['exit', 'crash', 'prompt', 'state_file', 'lock_death', 'hook'] as const;
export type Kind = (typeof KINDS)[number];

/** Sessions created per tmux process (one argv, commands separated by ";"). */
const CREATE_BATCH = 25;
/** Share of the filler sessions that print a line every second (busy agents). */
const WORKER_SHARE = 0.1;

export interface BenchEvent {
  kind: Kind;
  /** tmux session name (what a Transition's `name` carries while it lives). */
  name: string;
  /** Status the supervisor should move to. */
  to: string;
  /** Fire it; resolves with the moment it happened (ms since the epoch). */
  fire: () => Promise<number>;
}

export interface Scenario {
  root: string;
  env: NodeJS.ProcessEnv;
  sockets: string[];
  projectRoots: string[];
  serverPids: number[];
  events: BenchEvent[];
  /** Put the working agents to work (after the idle window, before the events). */
  startWork: () => Promise<void>;
  sessions: number;
  cleanup: () => Promise<void>;
}

export interface ScenarioOptions {
  sessions: number;
  eventsPerKind: number;
  /** `node bin/loopwatch.js hook`: how agents deliver hook events. */
  hookCommand: readonly string[];
}

async function stampOf(file: string): Promise<number> {
  for (let i = 0; i < 500; i += 1) {
    const text = await readFile(file, 'utf8').catch(() => '');
    if (text.trim() !== '') return Number(text.trim()) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`no stamp in ${file}`);
}

async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeFile(`${path}.tmp`, JSON.stringify(value));
  await rename(`${path}.tmp`, path);
}

export async function createScenario(options: ScenarioOptions): Promise<Scenario> {
  const root = await mkdtemp(join(tmpdir(), 'lw-bench-'));
  const env = await privateEnv(root);
  for (const dir of ['stamps', 'fifos']) await mkdir(join(root, dir), { recursive: true });
  const servers = ['bench-a', 'bench-b', 'bench-c'];
  const uid = process.getuid?.() ?? 0;
  const sockets = servers.map((s) => join(root, 'tmux', `tmux-${uid}`, s));
  const projectRoots = servers.map((s) => join(root, `project-${s}`));
  const holders: ChildProcess[] = [];
  const cleanup = async (): Promise<void> => {
    for (const holder of holders) holder.kill('SIGKILL');
    await Promise.all(
      sockets.map((socket) =>
        run('tmux', ['-S', socket, 'kill-server'], { env }).catch(() => undefined),
      ),
    );
    await rm(root, { recursive: true, force: true });
  };
  try {
    return await populate();
  } catch (error) {
    // A half-built world is taken down before the error goes up.
    await cleanup();
    throw error;
  }

  async function populate(): Promise<Scenario> {
    const tmux = (server: number, args: string[]): Promise<string> =>
      run('tmux', ['-S', sockets[server]!, ...args], { env, encoding: 'utf8' }).then(
        (r) => r.stdout,
      );

    // The socket dir tmux makes for `-L NAME` servers (private, as tmux makes it).
    await mkdir(join(root, 'tmux', `tmux-${uid}`), { recursive: true, mode: 0o700 });
    for (const [i, project] of projectRoots.entries()) {
      await mkdir(join(project, '.claude', 'locks'), { recursive: true });
      await tmux(i, ['new-session', '-d', '-s', 'keeper', '--', 'bash', join(AGENTS, 'idle.sh')]);
    }

    const k = options.eventsPerKind;
    const specs: {
      server: number;
      name: string;
      cwd: string | null;
      argv: string[];
      env: Record<string, string>;
      /** remain-on-exit on its window (as `loopwatch start` sets it): its exit status is kept. */
      keep: boolean;
    }[] = [];
    const events: BenchEvent[] = [];
    /** Start the agents that work before their event (quiet until then, so idle is measured idle). */
    const starters: (() => Promise<void>)[] = [];
    const fifo = async (name: string): Promise<string> => {
      const path = join(root, 'fifos', name);
      await run('mkfifo', [path]);
      return path;
    };
    const trigger = (path: string): Promise<void> => writeFile(path, 'go\n');
    let count = servers.length; // the keepers
    const server = (): number => count % servers.length;
    const add = (
      name: string,
      argv: string[],
      extra: Record<string, string> = {},
      cwd: string | null = null,
      keep = false,
    ): number => {
      const s = server();
      specs.push({ server: s, name, cwd, argv, env: extra, keep });
      count += 1;
      return s;
    };

    for (let i = 0; i < k; i += 1) {
      const n = String(i).padStart(2, '0');
      // exit: the agent exits 0 when triggered; it notes the moment itself.
      {
        const name = `exit-${n}`;
        const trig = await fifo(name);
        const stamp = join(root, 'stamps', name);
        add(
          name,
          ['bash', join(AGENTS, 'exit-with.sh'), '0'],
          { TRIGGER: trig, STAMP: stamp },
          null,
          true,
        );
        events.push({
          kind: 'exit',
          name,
          to: 'done',
          fire: async () => {
            await trigger(trig);
            return stampOf(stamp);
          },
        });
      }
      // crash: the agent is killed with SIGKILL.
      {
        const name = `crash-${n}`;
        const s = add(name, ['bash', join(AGENTS, 'idle.sh')], {}, null, true);
        events.push({
          kind: 'crash',
          name,
          to: 'crashed',
          fire: async () => {
            const pid = Number(
              (await tmux(s, ['display-message', '-p', '-t', `=${name}:`, '#{pane_pid}'])).trim(),
            );
            const at = Date.now();
            process.kill(pid, 'SIGKILL');
            return at;
          },
        });
      }
      // prompt: prints steadily, then shows a Claude-style permission prompt.
      {
        const name = `prompt-${n}`;
        const trig = await fifo(name);
        const stamp = join(root, 'stamps', name);
        add(name, ['bash', join(AGENTS, 'claude-prompt.sh'), '0', '0.5'], {
          TRIGGER: trig,
          STAMP: stamp,
          WAIT_TO_START: '1',
        });
        starters.push(() => trigger(trig));
        events.push({
          kind: 'prompt',
          name,
          to: 'waiting',
          fire: async () => {
            await trigger(trig);
            return stampOf(stamp);
          },
        });
      }
      // state_file: a running pipeline's state.json replaced (write-temp-then-rename) by "complete".
      // lock_death: a running pipeline whose lock holder dies.
      for (const kind of ['state_file', 'lock_death'] as const) {
        const run = `${kind === 'state_file' ? 'state' : 'lock'}-${n}`;
        const s = server();
        const project = projectRoots[s]!;
        const holder = spawn('sleep', ['1000000'], { stdio: 'ignore' });
        holders.push(holder);
        const runDir = join(project, '.claude', 'pipeline-runs', run);
        await mkdir(runDir, { recursive: true });
        await writeJsonAtomic(join(project, '.claude', 'locks', `${run}.lock`), {
          session: run,
          pid: holder.pid,
          started_at: new Date().toISOString(),
        });
        const running = {
          session: run,
          type: 'loop',
          status: 'running',
          current_stage: 0,
          iteration: 2,
          iteration_completed: 1,
          iteration_started: new Date().toISOString(),
          stages: [{ index: 0, name: 'ralph', status: 'running' }],
        };
        await writeJsonAtomic(join(runDir, 'state.json'), running);
        add(`pipeline-${run}`, ['bash', join(AGENTS, 'idle.sh')], {}, project);
        events.push(
          kind === 'state_file'
            ? {
                kind,
                name: `pipeline-${run}`,
                to: 'done',
                fire: async () => {
                  const at = Date.now();
                  await writeJsonAtomic(join(runDir, 'state.json'), {
                    ...running,
                    status: 'complete',
                    completion_reason: 'bench',
                  });
                  return at;
                },
              }
            : {
                kind,
                name: `pipeline-${run}`,
                to: 'crashed',
                fire: () => {
                  const at = Date.now();
                  holder.kill('SIGKILL');
                  return Promise.resolve(at);
                },
              },
        );
      }
      // hook: an agent's PermissionRequest hook, delivered by `loopwatch hook` from its pane.
      {
        const name = `hook-${n}`;
        const s = add(name, ['bash', join(AGENTS, 'idle.sh')]);
        events.push({
          kind: 'hook',
          name,
          to: 'waiting',
          fire: async () => {
            const pane = (
              await tmux(s, ['display-message', '-p', '-t', `=${name}:`, '#{pane_id} #{pid}'])
            )
              .trim()
              .split(' ');
            const hookEnv = { ...env, TMUX: `${sockets[s]},${pane[1]},0`, TMUX_PANE: pane[0] };
            const at = Date.now();
            const child = spawn(
              options.hookCommand[0]!,
              [...options.hookCommand.slice(1), 'hook'],
              {
                env: hookEnv,
                stdio: ['pipe', 'ignore', 'ignore'],
              },
            );
            child.stdin.end(
              JSON.stringify({
                hook_event_name: 'PermissionRequest',
                tool_name: 'Bash',
                tool_input: { command: `rm -rf build-${n}` },
              }),
            );
            await new Promise((resolve) => child.once('exit', resolve));
            return at;
          },
        });
      }
    }

    // Fillers: busy agents, idle ones, questions waiting for an answer, REPLs.
    const fillers = Math.max(0, options.sessions - count);
    const workers = Math.round(options.sessions * WORKER_SHARE);
    for (let i = 0; i < fillers; i += 1) {
      const n = String(i).padStart(3, '0');
      if (i < workers) {
        const name = `work-${n}`;
        const trig = await fifo(name);
        add(name, ['bash', join(AGENTS, 'work-forever.sh'), '1'], { TRIGGER: trig });
        starters.push(() => trigger(trig));
      } else if (i % 3 === 0) add(`ask-${n}`, ['bash', join(AGENTS, 'ask-yn.sh')]);
      else if (i % 3 === 1) add(`repl-${n}`, ['bash', join(AGENTS, 'fake-repl.sh')]);
      else add(`idle-${n}`, ['bash', join(AGENTS, 'idle.sh')]);
    }

    for (const [s] of servers.entries()) {
      const mine = specs.filter((spec) => spec.server === s);
      for (let i = 0; i < mine.length; i += CREATE_BATCH) {
        const args: string[] = [];
        for (const spec of mine.slice(i, i + CREATE_BATCH)) {
          if (args.length > 0) args.push(';');
          args.push('new-session', '-d', '-s', spec.name, '-x', '120', '-y', '30');
          if (spec.cwd) args.push('-c', spec.cwd);
          args.push(
            '--',
            'env',
            ...Object.entries(spec.env).map(([key, value]) => `${key}=${value}`),
            ...spec.argv,
          );
          if (spec.keep)
            args.push(';', 'set-option', '-w', '-t', `=${spec.name}:`, 'remain-on-exit', 'on');
        }
        await tmux(s, args);
      }
    }
    const serverPids = await Promise.all(
      servers.map(async (_, s) =>
        Number((await tmux(s, ['display-message', '-p', '#{pid}'])).trim()),
      ),
    );

    // Interleave kinds: exit, crash, prompt, state_file, lock_death, hook, exit, ...
    const ordered = events.sort(
      (a, b) =>
        Number(a.name.slice(-2)) - Number(b.name.slice(-2)) ||
        KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind),
    );
    return {
      root,
      env,
      sockets,
      projectRoots,
      serverPids,
      events: ordered,
      startWork: async () => {
        await Promise.all(starters.map((start) => start()));
      },
      sessions: count,
      cleanup,
    };
  }
}
