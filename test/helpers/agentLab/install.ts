/**
 * The agent lab's real CLIs, pinned in agents.json, installed from npm into
 * a cache dir outside the repo (one dir per package and version). A dir
 * whose install finished holds a marker file and is never touched again.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface AgentPin {
  package: string;
  version: string;
  /** The command the package puts in node_modules/.bin. */
  bin: string;
}

export const LAB_AGENTS = ['claude', 'codex', 'gemini', 'opencode', 'qwen', 'copilot'] as const;
export type LabAgent = (typeof LAB_AGENTS)[number];

/** The pinned versions, one file so that a bump is one edit. */
export const PINS = JSON.parse(
  readFileSync(join(import.meta.dirname, 'agents.json'), 'utf8'),
) as Record<LabAgent, AgentPin>;

/** Written last: its presence means the install completed. */
const MARKER = '.loopwatch-installed';
/** npm downloads a few hundred MB on a fresh machine: generous. */
const INSTALL_TIMEOUT_MS = 10 * 60_000;

export function labCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'loopwatch-agent-lab');
}

/** `@openai/codex` 0.171.0 → `openai+codex@0.171.0` (one path segment). */
function dirName(pin: AgentPin): string {
  return `${pin.package.replace(/^@/, '').replace('/', '+')}@${pin.version}`;
}

export function installDir(agent: LabAgent): string {
  return join(labCacheDir(), dirName(PINS[agent]));
}

export function agentBin(agent: LabAgent): string {
  return join(installDir(agent), 'node_modules', '.bin', PINS[agent].bin);
}

export function isInstalled(agent: LabAgent): boolean {
  return existsSync(join(installDir(agent), MARKER)) && existsSync(agentBin(agent));
}

/**
 * Install one pinned CLI unless it is there. The packages ship their
 * binaries as platform optionalDependencies, so no install script is
 * needed (npm 11 does not run them without an allow-list anyway).
 */
export async function installAgent(agent: LabAgent): Promise<'present' | 'installed'> {
  if (isInstalled(agent)) return 'present';
  const pin = PINS[agent];
  const dir = installDir(agent);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  // cwd is the (empty) target: npm reads a spec naming an existing folder in cwd as that folder.
  await run(
    'npm',
    [
      'install',
      '--prefix',
      dir,
      '--no-save',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      `${pin.package}@${pin.version}`,
    ],
    { cwd: dir, timeout: INSTALL_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
  );
  if (!existsSync(agentBin(agent))) throw new Error(`${pin.package}: no ${pin.bin} after install`);
  await writeFile(join(dir, MARKER), `${new Date().toISOString()}\n`);
  return 'installed';
}

export async function installAll(log: (line: string) => void = () => undefined): Promise<void> {
  // One at a time: the machine is shared, and npm's cache makes reruns cheap.
  for (const agent of LAB_AGENTS) {
    const started = Date.now();
    const result = await installAgent(agent);
    log(`${PINS[agent].package}@${PINS[agent].version}: ${result} (${Date.now() - started} ms)`);
  }
}
