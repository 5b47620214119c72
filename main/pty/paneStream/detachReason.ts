/**
 * Why a control-mode client left while attached: the session ended, the
 * server did, or someone detached it. tmux says only `%exit` in all three
 * cases, so the server is asked. Killing a server's last session ends the
 * server too: that reads as "server exited" here (an attach client would
 * say "exited").
 */
import { execFile } from 'node:child_process';
import type { TerminalEnd } from '../../../preload/contract';
import { exactSession } from '../../core/tmux/quote';
import { attachEnv, type AttachTarget } from '../attachCommand';
import { kindOfError } from '../endReason';

export interface DetachProbe {
  tmuxBinary: string;
  env: Readonly<Record<string, string | undefined>>;
  target: AttachTarget;
}

/** How the view is told, and tmux's parting line as an attached client would have shown it. */
export interface DetachReason {
  end: TerminalEnd;
  parting: string;
}

/** Bounds the question to a server that may be shutting down. */
const HAS_SESSION_TIMEOUT_MS = 5_000;

export async function whyDetached(
  probe: DetachProbe,
  exitCode: number | null,
): Promise<DetachReason> {
  const said = await new Promise<string | null>((resolve) => {
    execFile(
      probe.tmuxBinary,
      ['-N', '-S', probe.target.socket, 'has-session', '-t', exactSession(probe.target.name)],
      { env: attachEnv(probe.env), timeout: HAS_SESSION_TIMEOUT_MS },
      (error, _stdout, stderr) => resolve(error ? stderr.trim() || error.message : null),
    );
  });
  const ended = (kind: TerminalEnd['kind'], text: string): DetachReason => ({
    end: { kind, message: `tmux: [${text}]`, exitCode, signal: null },
    parting: `[${text}]`,
  });
  if (said === null) return ended('detached', 'detached');
  switch (kindOfError(said)) {
    case 'notFound':
      return ended('exited', 'exited');
    case 'noServer':
      return ended('serverExited', 'server exited');
    default:
      return {
        ...ended('failed', said),
        end: { kind: 'failed', message: `tmux: ${said}`, exitCode, signal: null },
      };
  }
}
