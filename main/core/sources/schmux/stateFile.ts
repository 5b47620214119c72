/**
 * schmux's `~/.schmux/state.json` (FIELD.md section 3): top-level
 * `workspaces` ({id, repo, branch, path}) and `sessions` ({id,
 * workspace_id, target, nickname, tmux_session, tmux_socket, created_at,
 * pid, nudge, status, resume_id}). `tmux_socket` names the server: empty
 * (older state) means the default server, a bare name is a `-L` server in
 * the tmux socket dir (schmux's own is "schmux"), a path is a socket path.
 * Parsing never throws; a malformed session entry is skipped and reported.
 */
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { parseJson } from '../../files/readBounded';
import { LOCAL_MACHINE, type Machine } from '../../machine/machine';
import { tmuxSocketDir, type Env } from '../../paths';

export interface SchmuxSession {
  id: string;
  workspaceId: string | null;
  workspacePath: string | null;
  target: string | null;
  nickname: string | null;
  tmuxSession: string;
  /** The tmux_socket field as written (may be empty). */
  tmuxSocket: string;
  status: string | null;
  createdAt: string | null;
}

export interface SchmuxState {
  sessions: SchmuxSession[];
  problems: string[];
}

const optional = z.string().nullish().catch(null);

const SessionJson = z.object({
  id: z.string().min(1),
  workspace_id: optional,
  target: optional,
  agent: optional,
  nickname: optional,
  tmux_session: optional,
  tmux_socket: optional,
  status: optional,
  created_at: optional,
});

const WorkspaceJson = z.object({ id: z.string().min(1), path: z.string().min(1) });

export type SchmuxStateParse = { ok: true; state: SchmuxState } | { ok: false; error: string };

export function parseSchmuxState(text: string, what = 'schmux state.json'): SchmuxStateParse {
  const json = parseJson(text, what);
  if (!json.ok) return json;
  const root = json.value;
  if (typeof root !== 'object' || root === null || Array.isArray(root)) {
    return { ok: false, error: `${what} is not a JSON object` };
  }
  const { sessions, workspaces } = root as { sessions?: unknown; workspaces?: unknown };
  const paths = new Map<string, string>();
  if (Array.isArray(workspaces)) {
    for (const raw of workspaces) {
      const ws = WorkspaceJson.safeParse(raw);
      if (ws.success) paths.set(ws.data.id, ws.data.path);
    }
  }
  const state: SchmuxState = { sessions: [], problems: [] };
  if (sessions === undefined || sessions === null) return { ok: true, state };
  if (!Array.isArray(sessions))
    return { ok: false, error: `${what} has a "sessions" that is not a list` };
  sessions.forEach((raw, index) => {
    const parsed = SessionJson.safeParse(raw);
    if (!parsed.success) {
      state.problems.push(`${what}: session #${index + 1} has no id`);
      return;
    }
    const s = parsed.data;
    const workspaceId = s.workspace_id ?? null;
    state.sessions.push({
      id: s.id,
      workspaceId,
      workspacePath: workspaceId ? (paths.get(workspaceId) ?? null) : null,
      target: s.target ?? s.agent ?? null,
      nickname: s.nickname || null,
      // schmux names its sessions schmux-ID when the field is missing.
      tmuxSession: s.tmux_session || `schmux-${s.id}`,
      tmuxSocket: s.tmux_socket ?? '',
      status: s.status ?? null,
      createdAt: s.created_at ?? null,
    });
  });
  return { ok: true, state };
}

/** The socket path a session's `tmux_socket` names. */
export function schmuxSocketPath(tmuxSocket: string, env: Env): string {
  return schmuxSocketIn(tmuxSocket, tmuxSocketDir(env));
}

/** The same, given the tmux socket dir (`$TMUX_TMPDIR/tmux-UID`) of the machine schmux runs on. */
export function schmuxSocketIn(tmuxSocket: string, socketDir: string): string {
  if (tmuxSocket === '') return join(socketDir, 'default');
  if (isAbsolute(tmuxSocket)) return tmuxSocket;
  return join(socketDir, tmuxSocket);
}

export type SchmuxStateRead =
  { state: 'absent' } | { state: 'ok'; value: SchmuxState } | { state: 'error'; error: string };

/** Read and parse schmux's state on `machine` (this one, or a host: the same caps and parse). */
export async function readSchmuxState(
  path: string,
  machine: Machine = LOCAL_MACHINE,
): Promise<SchmuxStateRead> {
  const read = await machine.files.readTextFile(path);
  if (!read.ok) return read.missing ? { state: 'absent' } : { state: 'error', error: read.error };
  const parsed = parseSchmuxState(read.text, path);
  return parsed.ok ? { state: 'ok', value: parsed.state } : { state: 'error', error: parsed.error };
}
