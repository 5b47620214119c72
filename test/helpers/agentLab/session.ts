/**
 * Drives one real agent in a pane through its states. The live suite and
 * the fixture recorder both use it: each `reach*` returns once the screen
 * shows the state, and the caller reads or records it then.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { eventually, type Sandbox } from '../sandbox';
import type { Dialog, LabAgentDef, Step } from './agents/types';
import { startFakeModel, type FakeModelServer } from './fakeModel/server';
import { PINS } from './install';
import { killByHome } from './leftovers';
import { SCREEN_WAIT_MS, startPane, type LabPane } from './pane';

/** A state reached, as a person saw it. */
export interface Reached {
  label: string;
  state: 'waiting' | 'working' | 'idle' | 'done' | 'crashed';
  screen: string;
  title: string;
  /** When the lab first saw the screen in this state (ms since epoch). */
  at: number;
}

/** A pane that is not at its prompt after a step gets Escape this many times. */
const RECOVER_ESCAPES = 3;
/** Pause between keys, so the agent handles each one (Codex takes a fast burst for a paste). */
const KEY_PAUSE_MS = 1_000;

/** How long after its prompt shows a start-up dialog may still come. */
const LATE_DIALOG_MS = 2_500;
/** A dialog just drawn may not handle keys yet. */
const DIALOG_SETTLE_MS = 1_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface LabSession {
  def: LabAgentDef;
  pane: LabPane;
  server: FakeModelServer;
  cwd: string;
  version: string;
  /**
   * Wait for the prompt, answering any of `dialogs` on the way; `visit` sees
   * each dialog while it is shown, before it is answered.
   */
  reachReady(
    dialogs?: readonly Dialog[],
    visit?: (reached: Reached) => Promise<void>,
    options?: { stopWhenAllMet?: boolean },
  ): Promise<Reached[]>;
  /** Type `text`, then Enter; resolves once the screen passes `until`. */
  submit(text: string, until: (screen: string) => boolean, what: string): Promise<void>;
  /** Type the step's prompt and wait until its state shows. */
  reachStep(step: Step): Promise<Reached>;
  /** Leave the step's state and get back to the prompt. */
  leaveStep(step: Step): Promise<void>;
  /** Quit the agent the normal way; resolves once the pane is dead. */
  quit(): Promise<Reached>;
  /** Kill the agent's process group with SIGKILL; resolves once the pane is dead. */
  crash(): Promise<Reached>;
  close(): Promise<void>;
}

/** How long an agent gets to exit on the SIGHUP of its closed pane. */
const HANGUP_GRACE_MS = 3_000;

/** Wait for the pane's process to go after its hang-up; if it does not, kill its group. */
async function endGroup(pid: number): Promise<void> {
  const alive = (): boolean => existsSync(`/proc/${pid}`) && !isZombie(pid);
  const deadline = Date.now() + HANGUP_GRACE_MS;
  while (alive() && Date.now() < deadline) await sleep(50);
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    /* the group is gone */
  }
}

function isZombie(pid: number): boolean {
  try {
    return / Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\)/, ''));
  } catch {
    return true;
  }
}

async function snapshot(pane: LabPane, label: string, state: Reached['state']): Promise<Reached> {
  const at = Date.now();
  return { label, state, screen: await pane.screen(), title: await pane.title(), at };
}

/**
 * Start `def`'s agent in a new session `name` of `sandbox`'s default
 * server, with its own project dir, HOME config and fake model server.
 */
export async function startLabSession(
  sandbox: Sandbox,
  def: LabAgentDef,
  name: string,
  options: { fresh?: boolean } = {},
): Promise<LabSession> {
  const cwd = join(sandbox.root, `proj-${name}`);
  const home = join(sandbox.root, `home-${name}`);
  await mkdir(cwd, { recursive: true });
  await mkdir(home, { recursive: true });
  const server = await startFakeModel([def.api(cwd)]);
  const setup = await def.setup(home, cwd, server.url, options.fresh ?? false);
  const pane = await startPane(
    sandbox,
    name,
    cwd,
    {
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      XDG_DATA_HOME: join(home, '.local', 'share'),
      XDG_STATE_HOME: join(home, '.local', 'state'),
      XDG_CACHE_HOME: join(home, '.cache'),
      ...setup.env,
    },
    setup.argv,
  );

  const waitDead = async (): Promise<void> => {
    await eventually(async () => (await pane.dead()).dead, `${name} to exit`, SCREEN_WAIT_MS);
    // tmux 3.3a may miss the SIGCHLD (test/helpers/paneExit.ts): make it reap a child.
    await sandbox.tmux(['run-shell', 'true']);
  };

  const session: LabSession = {
    def,
    pane,
    server,
    cwd,
    version: PINS[def.agent].version,
    async reachReady(dialogs = def.startupDialogs, visit = () => Promise.resolve(), options = {}) {
      const met: Reached[] = [];
      const pending = [...dialogs];
      for (;;) {
        if (options.stopWhenAllMet && met.length > 0 && pending.length === 0) return met;
        const screen = await pane.waitForScreen(
          (s) => def.ready(s) || pending.some((d) => d.shown(s)),
          `${name}: its prompt or a start-up dialog`,
        );
        let dialog = pending.find((d) => d.shown(screen));
        if (!dialog) {
          // Some dialogs come a moment after the prompt is drawn: look once more.
          await sleep(LATE_DIALOG_MS);
          const again = await pane.screen();
          dialog = pending.find((d) => d.shown(again));
          if (!dialog) return met;
        }
        // A dialog drawn may not take keys yet.
        await sleep(DIALOG_SETTLE_MS);
        const reached = await snapshot(pane, dialog.label, dialog.state);
        met.push(reached);
        await visit(reached);
        pending.splice(pending.indexOf(dialog), 1);
        for (const key of dialog.answer) {
          await pane.keys(key);
          await sleep(KEY_PAUSE_MS);
        }
        // The answered dialog must go before the next look.
        await pane.waitForScreen((s) => !dialog.shown(s), `${name}: ${dialog.label} to close`);
      }
    },
    async submit(text, until, what) {
      await pane.type(text);
      await sleep(KEY_PAUSE_MS);
      await pane.keys('Enter');
      await pane.waitForScreen(until, `${name}: ${what}`);
    },
    async reachStep(step) {
      await session.submit(step.prompt, step.shown, `${step.state} (${step.label})`);
      if (step.settleMs === undefined) return snapshot(pane, step.label, step.state);
      // The state was first seen now; the screen recorded is the one it settles on.
      const at = Date.now();
      await sleep(step.settleMs);
      return { ...(await snapshot(pane, step.label, step.state)), at };
    },
    async leaveStep(step) {
      for (const key of step.leave) {
        await pane.keys(key);
        await sleep(KEY_PAUSE_MS);
      }
      server.dropHeld();
      for (let i = 0; i <= RECOVER_ESCAPES; i += 1) {
        try {
          await pane.waitForScreen(
            def.ready,
            `${name}: back at its prompt`,
            i === RECOVER_ESCAPES ? SCREEN_WAIT_MS : 5_000,
          );
          return;
        } catch (error) {
          if (i === RECOVER_ESCAPES) throw error;
          await pane.keys('Escape');
        }
      }
    },
    async quit() {
      await pane.type(def.quit);
      await sleep(KEY_PAUSE_MS);
      await pane.keys('Enter');
      await waitDead();
      return snapshot(pane, 'quit', 'done');
    },
    async crash() {
      const pid = await pane.pid();
      // The whole group: some agents run as a child of a launcher process.
      process.kill(-pid, 'SIGKILL');
      await waitDead();
      return snapshot(pane, 'killed', 'crashed');
    },
    async close() {
      const pid = await pane.pid().catch(() => 0);
      await sandbox.tmux(['kill-session', '-t', `=${name}`]).catch(() => undefined);
      await server.close();
      if (pid > 0) await endGroup(pid);
      await killByHome(home);
    },
  };
  return session;
}
