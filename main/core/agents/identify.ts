/**
 * Which agent runs in a pane, from what can be seen of it (pure: the
 * caller reads /proc and tmux). Strongest evidence first:
 * 1. an explicit hint: LOOPWATCH_AGENT=NAME in the environment of a process
 *    of the pane, or the tmux option @loopwatch-agent (for wrappers);
 * 2. the pane's process tree, nearest the pane first: a native binary
 *    (`claude`, `codex`, `opencode`), an interpreter or launcher whose
 *    script or package names the agent (`node .../gemini`, `npx
 *    @google/gemini-cli`, `python .../aider`);
 * 3. the pane title, for titles only one agent sets (Gemini's `◇  Ready`);
 * 4. tmux's pane_current_command, when there is no process tree to read.
 */
import type { CompiledManifest } from '../status/rules/compile';

export interface ProcessInfo {
  pid: number;
  argv: readonly string[];
  /** LOOPWATCH_AGENT in its environment, when set. */
  hint?: string | null;
}

export interface PaneView {
  /** The pane's processes, the pane's own first, then its descendants breadth-first. */
  processes: readonly ProcessInfo[];
  /** The pane's @loopwatch-agent option ('' when unset). */
  option: string;
  title: string;
  currentCommand: string;
}

export type IdentityVia = 'hint' | 'option' | 'process' | 'title' | 'command';

export interface Identity {
  agent: string | null;
  via: IdentityVia | null;
  /** Human sentence: what identified it, or why nothing did. */
  detail: string;
}

/** Programs that run another program named in their arguments. */
const LAUNCHER =
  /^(node|nodejs|bun|bunx|deno|npx|npm|pnpm|pnpx|yarn|uv|uvx|pipx|env|python[\d.]*|pypy[\d.]*)$/;
/** Sub-commands of launchers, skipped to reach the program (`npm exec`, `uv run`, `pnpm dlx`). */
const LAUNCHER_VERBS = new Set(['exec', 'run', 'x', 'dlx', 'tool']);
/** Script extensions dropped from a base name. */
const SCRIPT_EXT = /\.(js|mjs|cjs|ts|py|exe)$/;

function baseName(path: string): string {
  const slash = path.lastIndexOf('/');
  return (slash === -1 ? path : path.slice(slash + 1)).replace(SCRIPT_EXT, '');
}

/** `@scope/pkg@1.2.3` or `pkg@latest` without its version. */
function packageName(arg: string): string {
  const at = arg.lastIndexOf('@');
  return at > 0 ? arg.slice(0, at) : arg;
}

function manifestOfName(name: string, manifests: readonly CompiledManifest[]): string | null {
  return manifests.find((m) => m.identify.commands.includes(name))?.id ?? null;
}

function manifestOfArgument(arg: string, manifests: readonly CompiledManifest[]): string | null {
  const byName = manifestOfName(baseName(arg), manifests);
  if (byName) return byName;
  const pkg = packageName(arg);
  for (const m of manifests) {
    for (const p of m.identify.packages) {
      if (pkg === p) return m.id;
      if (arg.includes(`/node_modules/${p}/`) || arg.includes(`/site-packages/${p}/`)) return m.id;
    }
  }
  return null;
}

/** The agent a command line runs, or null. */
export function agentOfArgv(
  argv: readonly string[],
  manifests: readonly CompiledManifest[],
): string | null {
  const [first, ...rest] = argv;
  if (first === undefined) return null;
  const direct = manifestOfArgument(first, manifests);
  if (direct) return direct;
  if (!LAUNCHER.test(baseName(first))) return null;
  // The first argument that is not a flag or a launcher verb is the program it runs.
  for (const arg of rest) {
    if (arg.startsWith('-') || LAUNCHER_VERBS.has(arg) || /^\w+=/.test(arg)) continue;
    return manifestOfArgument(arg, manifests);
  }
  return null;
}

function known(id: string, manifests: readonly CompiledManifest[]): boolean {
  return manifests.some((m) => m.id === id);
}

export function identifyAgent(view: PaneView, manifests: readonly CompiledManifest[]): Identity {
  const hinted = view.processes.find((p) => p.hint);
  const unknownHints: string[] = [];
  if (hinted?.hint) {
    if (known(hinted.hint, manifests)) {
      return {
        agent: hinted.hint,
        via: 'hint',
        detail: `LOOPWATCH_AGENT=${hinted.hint} in the environment of process ${hinted.pid}`,
      };
    }
    unknownHints.push(`LOOPWATCH_AGENT=${hinted.hint}`);
  }
  if (view.option) {
    if (known(view.option, manifests)) {
      return {
        agent: view.option,
        via: 'option',
        detail: `tmux option @loopwatch-agent ${view.option}`,
      };
    }
    unknownHints.push(`@loopwatch-agent ${view.option}`);
  }
  const unknownNote =
    unknownHints.length > 0 ? ` (${unknownHints.join(', ')} names no known agent)` : '';
  for (const process of view.processes) {
    const agent = agentOfArgv(process.argv, manifests);
    if (agent) {
      return {
        agent,
        via: 'process',
        detail: `process ${process.pid} runs ${process.argv.slice(0, 3).join(' ')}${unknownNote}`,
      };
    }
  }
  const title = view.title.trim();
  if (title) {
    for (const m of manifests) {
      if (m.identify.titles.some((t) => t.test(title))) {
        return { agent: m.id, via: 'title', detail: `pane title "${title}"${unknownNote}` };
      }
    }
  }
  if (view.processes.length === 0 && view.currentCommand) {
    const agent = manifestOfName(baseName(view.currentCommand), manifests);
    if (agent) {
      return {
        agent,
        via: 'command',
        detail: `tmux reports command ${view.currentCommand}${unknownNote}`,
      };
    }
  }
  return {
    agent: null,
    via: null,
    detail: `no known agent in the pane's processes${unknownNote}: generic rules only`,
  };
}
