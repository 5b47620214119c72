/**
 * The live terminal of a remote host's session: a pane stream whose control
 * client runs on the host over the host's shared ssh connection (a real
 * sshd in a network namespace, real tmux there). Typing reaches the remote
 * pane and its echo comes back; a dead active pane on an affected tmux is
 * refused on the host; a cut link ends the view with the reason.
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Supervisor } from '../../../main/core/supervisor';
import { focusCrashAffected } from '../../../main/core/tmux/focusCrash';
import { formatLiteral } from '../../../main/core/tmux/quote';
import { createOpenTerminal } from '../../../main/pty/openTerminal';
import { DEAD_PANE_CHECK_MS, deadPaneGuard } from '../../../main/pty/deadPaneGuard';
import { PaneStreamTerminal } from '../../../main/pty/paneStream/paneStreamTerminal';
import { PtyHost } from '../../../main/pty/ptyHost';
import { remoteTmuxRun } from '../../../main/pty/remoteTmux';
import { readPaneFrame, type TerminalServerMessage } from '../../../preload/contract';
import { createHostLab, labSupport, type HostLab } from '../../helpers/netns';
import { recordingPort, type RecordingPort } from '../../helpers/recordingPort';
import { createSandbox, eventually, type Sandbox } from '../../helpers/sandbox';

const noLab = await labSupport();
if (noLab !== null) console.warn(`remote-terminal tests skipped: ${noLab}`);
/** The link's loss is noticed by ssh's keep-alives or the watcher's heartbeat: generous, never asserted as speed. */
const LOSS_WAIT_MS = 40_000;
/**
 * Quotes, command substitution, a tmux format job, a newline and a leading
 * dash: all must reach tmux as one literal name. tmux itself shows `$` and
 * control characters escaped in a session's name; the name it reports is
 * the one every command must then reach exactly.
 */
const HOSTILE = `-it's "$(touch pwned)" #(touch pwned2) \`x\`\nz`;
/** The name the host's tmux gave it (set in beforeAll). */
let hostileName = '';

function allOutput(port: RecordingPort): string {
  return Buffer.concat(port.output.map((frame) => readPaneFrame(frame)?.bytes ?? frame)).toString(
    'utf8',
  );
}

function ended(port: RecordingPort): Extract<TerminalServerMessage, { t: 'ended' }> | undefined {
  return port.controls.find(
    (m): m is Extract<TerminalServerMessage, { t: 'ended' }> => m.t === 'ended',
  );
}

describe.skipIf(noLab !== null)('the live terminal of a remote session (over ssh)', () => {
  let sandbox: Sandbox;
  let lab: HostLab;
  let supervisor: Supervisor;
  let terminals: PtyHost | null = null;

  beforeAll(async () => {
    sandbox = await createSandbox();
    lab = await createHostLab([{ name: 'alpha' }]);
    // -s is expanded as a format by tmux: ## keeps the #( literal.
    await lab.tmux('alpha', [
      'new-session',
      '-d',
      '-s',
      formatLiteral(HOSTILE),
      '-x',
      '80',
      '-y',
      '24',
    ]);
    hostileName = (await lab.tmux('alpha', ['list-sessions', '-F', '#{session_name}']))
      .split('\n')
      .find((n) => n.startsWith('-it'))!;
    expect(hostileName).toContain('#(touch pwned2)');
    await lab.tmux('alpha', [
      'respawn-pane',
      '-k',
      '-t',
      `=${hostileName}:`,
      'sh -c \'printf "ECHO> "; exec cat\'',
    ]);
    supervisor = new Supervisor({
      env: sandbox.env,
      hooks: false,
      hosts: [
        {
          name: 'alpha',
          destination: 'alpha',
          sshConfig: lab.sshConfig,
          sockets: [],
          projectRoots: [],
        },
      ],
    });
    await supervisor.start();
  });

  afterEach(async () => {
    await terminals?.dispose();
    terminals = null;
  });

  afterAll(async () => {
    // Each one only if beforeAll got that far (the variables stay unset otherwise).
    const made = { supervisor, lab, sandbox } as Partial<{
      supervisor: Supervisor;
      lab: HostLab;
      sandbox: Sandbox;
    }>;
    await made.supervisor?.closeHosts();
    made.supervisor?.dispose();
    await made.lab?.cleanup();
    await made.sandbox?.cleanup();
  });

  function openTerminal(): ReturnType<typeof createOpenTerminal> {
    terminals = new PtyHost({ env: sandbox.env });
    return createOpenTerminal({
      sessions: () => supervisor.sessions(),
      host: terminals,
      route: (name) => supervisor.hostConnection(name)?.route() ?? null,
    });
  }

  async function remoteSession(name: string): Promise<string> {
    const session = await eventually(
      () => supervisor.sessions().find((s) => s.name === name && s.host === 'alpha'),
      `remote session ${JSON.stringify(name)}`,
      20_000,
    );
    return session.id;
  }

  it('types into a remote pane and sees its echo; the hostile name is one literal name on the host', async () => {
    const sessionId = await remoteSession(hostileName);
    const open = openTerminal();
    const opened = await open({ sessionId, mode: 'interactive', cols: 80, rows: 24 });
    expect(opened.sessionName).toBe(hostileName);
    // The copyable command reaches the same session through the user's own ssh.
    expect(opened.attachCommand).toMatch(/^ssh -F .* -t alpha -- /);
    const port = recordingPort({ paneFrames: true });
    expect(terminals!.connect(opened.terminalId, port)).toBe(true);
    await eventually(() => allOutput(port).includes('ECHO>'), 'the remote pane shown');
    port.send({ t: 'input', data: 'typed-over-ssh\r' });
    // The tty echoes the line and cat prints it again: twice on the remote screen.
    await eventually(
      () => allOutput(port).split('typed-over-ssh').length - 1 >= 2,
      'the echo of what was typed',
    );
    const screen = await lab.tmux('alpha', ['capture-pane', '-p', '-t', `=${hostileName}:`]);
    expect(screen).toContain('typed-over-ssh');
    // Nothing in the name ran, on the host or here.
    for (const dir of [lab.host('alpha').root, sandbox.root, process.cwd()])
      for (const file of ['pwned', 'pwned2'])
        await expect(access(join(dir, file))).rejects.toThrow();
    expect(ended(port)).toBeUndefined();
  });

  it('a dead active pane on an affected tmux is not attached on the host: its kept screen and the reason', async () => {
    const name = 'dead-remote';
    await lab.tmux('alpha', ['new-session', '-d', '-s', name, '-x', '80', '-y', '24']);
    await lab.tmux('alpha', ['set-option', '-w', '-t', `=${name}:`, 'remain-on-exit', 'on']);
    await lab.tmux('alpha', [
      'respawn-pane',
      '-k',
      '-t',
      `=${name}:`,
      'echo last-words-remote; exit 3',
    ]);
    const version = (await lab.tmux('alpha', ['display-message', '-p', '#{version}'])).trim();
    await eventually(
      async () =>
        (await lab.tmux('alpha', ['display-message', '-p', '-t', `=${name}:`, '#{pane_dead}']))
          .trim()
          .startsWith('1'),
      'the remote pane dead',
    );
    const sessionId = await remoteSession(name);
    const open = openTerminal();
    const opened = await open({ sessionId, mode: 'watch', cols: 80, rows: 24 });
    const port = recordingPort({ paneFrames: true });
    terminals!.connect(opened.terminalId, port);
    if (focusCrashAffected(version)) {
      const end = await eventually(() => ended(port), 'the refusal');
      expect(end.end.kind).toBe('deadPane');
      expect(end.end.screen).toContain('last-words-remote');
    } else {
      // An unaffected tmux attaches as usual: the dead pane's screen streams.
      await eventually(() => allOutput(port).includes('last-words-remote'), 'the dead pane shown');
    }
    // The host's server is still there either way.
    expect(await lab.tmux('alpha', ['has-session', '-t', `=${name}`])).toBe('');
  });

  it('a remote pane that dies while attached: the view lets go and says why (affected tmux), the server lives', async () => {
    const name = 'dies-remote';
    await lab.tmux('alpha', ['new-session', '-d', '-s', name, '-x', '80', '-y', '24', 'cat']);
    await lab.tmux('alpha', ['set-option', '-w', '-t', `=${name}:`, 'remain-on-exit', 'on']);
    const version = (await lab.tmux('alpha', ['display-message', '-p', '#{version}'])).trim();
    const sessionId = await remoteSession(name);
    const open = openTerminal();
    const opened = await open({ sessionId, mode: 'watch', cols: 80, rows: 24 });
    const port = recordingPort({ paneFrames: true });
    terminals!.connect(opened.terminalId, port);
    await eventually(() => port.controls.some((m) => m.t === 'attached'), 'attached');
    // Checked over the terminal's own control client while the pane lives: the view stays.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(ended(port)).toBeUndefined();
    // cat ends at end of input: the pane dies, tmux keeps it.
    await lab.tmux('alpha', ['send-keys', '-t', `=${name}:`, 'C-d']);
    if (focusCrashAffected(version)) {
      const end = await eventually(() => ended(port), 'the view letting go', 20_000);
      expect(end.end.kind).toBe('deadPane');
    }
    expect(await lab.tmux('alpha', ['has-session', '-t', `=${name}`])).toBe('');
  });

  it('while the remote pane lives, the pane check goes over the open control client, not a new ssh each time', async () => {
    const name = 'checked-remote';
    await lab.tmux('alpha', ['new-session', '-d', '-s', name, 'cat']);
    const socket = (await lab.tmux('alpha', ['display-message', '-p', '#{socket_path}'])).trim();
    const route = supervisor.hostConnection('alpha')!.route();
    // The real guard over ssh, counted.
    const overSsh = deadPaneGuard(remoteTmuxRun(route));
    let sshChecks = 0;
    const terminal = new PaneStreamTerminal(
      'counted',
      { socket, name, mode: 'watch', cols: 80, rows: 24, route },
      {
        tmuxBinary: 'tmux',
        env: sandbox.env,
        cwd: sandbox.root,
        attachGuard: (target) => {
          sshChecks += 1;
          return overSsh(target);
        },
      },
      () => undefined,
    );
    const port = recordingPort({ paneFrames: true });
    terminal.start();
    terminal.connect(port);
    try {
      await eventually(() => port.controls.some((m) => m.t === 'attached'), 'attached');
      // Several DEAD_PANE_CHECK_MS periods: only the check before the attach went over ssh.
      await new Promise((resolve) => setTimeout(resolve, 4 * DEAD_PANE_CHECK_MS));
      expect(sshChecks).toBe(1);
    } finally {
      terminal.close();
      await terminal.exited();
    }
  });

  it('a cut link ends the view with the reason (the host, not the session)', async () => {
    const name = 'cut-remote';
    await lab.tmux('alpha', ['new-session', '-d', '-s', name, 'sleep 600']);
    const sessionId = await remoteSession(name);
    const open = openTerminal();
    const opened = await open({ sessionId, mode: 'watch', cols: 80, rows: 24 });
    const port = recordingPort({ paneFrames: true });
    terminals!.connect(opened.terminalId, port);
    await eventually(
      () => port.controls.some((m) => m.t === 'attached'),
      'the remote terminal attached',
    );
    await lab.linkDown('alpha');
    try {
      const end = await eventually(() => ended(port), 'the view ended', LOSS_WAIT_MS);
      expect(end.end.kind).toBe('hostUnreachable');
      expect(end.end.message).toMatch(/host alpha/);
    } finally {
      await lab.linkUp('alpha');
    }
  });
});
