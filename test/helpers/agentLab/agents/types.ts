import type { ApiHandler } from '../fakeModel/server';
import type { LabAgent } from '../install';

/** How to start an agent: its argv and the environment added to the pane's. */
export interface AgentSetup {
  argv: string[];
  env: Record<string, string>;
}

/** A screen state Loopwatch reads off the screen (done and crashed are process facts). */
export type ScreenState = 'waiting' | 'working' | 'idle';

/** A dialog the agent may show on its own (first run, offers): recorded, then answered. */
export interface Dialog {
  label: string;
  state: ScreenState;
  shown: (screen: string) => boolean;
  /** tmux keys that answer it (the answer a new user would most likely give). */
  answer: string[];
}

/** One state reached by typing a scripted prompt (see fakeModel/script.ts). */
export interface Step {
  label: string;
  state: ScreenState;
  /** Typed, then Enter. Its "lab:..." word scripts the fake model. */
  prompt: string;
  /** The screen shows the state. */
  shown: (screen: string) => boolean;
  /** tmux keys that leave the state again (reject, interrupt); none for idle. */
  leave: string[];
  /**
   * Look again this long after the state first shows, and record that screen:
   * the one a person sees while the state lasts, not its first frame (Codex
   * 0.171 hides its "Working" line once a reply starts streaming).
   */
  settleMs?: number;
}

export interface LabAgentDef {
  agent: LabAgent;
  /** The fake API it talks to; `cwd` is its working directory. */
  api: (cwd: string) => ApiHandler;
  /**
   * Write its private config under `home` (the pane's HOME) for a project
   * at `cwd` and a model at `url`. `fresh`: no pre-approvals, as on a first
   * run (its trust and key screens show).
   */
  setup: (home: string, cwd: string, url: string, fresh: boolean) => Promise<AgentSetup>;
  /** Its input prompt is up and it is not busy. */
  ready: (screen: string) => boolean;
  /** Dialogs it may put up at start with the prepared config. */
  startupDialogs: Dialog[];
  /** First-run screens with a fresh config, in the order they come. */
  firstRun: Dialog[];
  steps: Step[];
  /** Typed then Enter: quits with status 0. */
  quit: string;
}
