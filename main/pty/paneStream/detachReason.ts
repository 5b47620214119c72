/**
 * Why a control-mode client left while attached: the session ended, the
 * server did, or someone detached it. tmux says only `%exit` in all three
 * cases, so the server is asked. Killing a server's last session ends the
 * server too: that reads as "server exited" here (an attach client would
 * say "exited").
 */
import { execFile } from 'node:child_process';
import type { TerminalEnd } from '../../../preload/contract';
import type { SshRoute } from '../../core/hosts/sshRoute';
import { exactSession } from '../../core/tmux/quote';
import { attachEnv, type AttachTarget } from '../attachCommand';
import { kindOfError } from '../endReason';
import { remoteTmux, RemoteTmuxError } from '../remoteTmux';

export interface DetachProbe {
  tmuxBinary: string;
  env: Readonly<Record<string, string | undefined>>;
  target: AttachTarget;
  /** A remote host's session: asked there, over ssh. */
  route?: SshRoute | undefined;
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
  const said = await new Promise<string | TerminalEnd | null>((resolve) => {
    const route = probe.route;
    if (route) {
      remoteTmux(route, [
        '-N',
        '-S',
        probe.target.socket,
        'has-session',
        '-t',
        exactSession(probe.target.name),
      ]).then(
        () => resolve(null),
        (error: unknown) =>
          resolve(error instanceof RemoteTmuxError ? (error.lost ?? error.message) : String(error)),
      );
      return;
    }
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
  if (typeof said !== 'string') return { end: { ...said, exitCode }, parting: `[${said.message}]` };
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
