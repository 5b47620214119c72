/**
 * Restore with a real `claude --resume ID` (issue 16): the real Claude Code
 * in a lab pane has a turn against the fake model; Loopwatch's supervisor
 * records the session and, with no hook installed, takes Claude's session
 * id from its transcript (as the product does for any Claude without
 * hooks). The tmux server is killed; `loopwatch restore` brings the session
 * back, and the claude it starts has resumed that conversation: the earlier
 * turn is on its screen, and its next request to the model carries the
 * earlier messages.
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopwatchConfigDir } from '../../main/core/paths';
import { Supervisor } from '../../main/core/supervisor';
import { claude } from '../helpers/agentLab/agents/claude';
import { REPLY_TEXT } from '../helpers/agentLab/fakeModel/script';
import { agentBin } from '../helpers/agentLab/install';
import { killLabLeftovers } from '../helpers/agentLab/leftovers';
import { SCREEN_WAIT_MS } from '../helpers/agentLab/pane';
import { startLabSession, type LabSession } from '../helpers/agentLab/session';
import { cli } from '../helpers/fakeProject';
import { createSandbox, eventually, type Sandbox } from '../helpers/sandbox';

const NAME = 'resume-me';
/** A word only the first conversation has: seen again only if that conversation came back. */
const MARK = 'PELICAN-4217';
/** A real CLI on a loaded machine: the whole case takes a minute or two. */
const CASE_TIMEOUT_MS = 6 * 60_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The texts of every user message a request to the fake model carried. */
function userTexts(body: unknown): string[] {
  const messages = (body as { messages?: { role: string; content: unknown }[] } | null)?.messages;
  return (messages ?? [])
    .filter((m) => m.role === 'user')
    .flatMap((m) =>
      typeof m.content === 'string'
        ? [m.content]
        : Array.isArray(m.content)
          ? (m.content as { type?: string; text?: string }[]).flatMap((part) =>
              part.type === 'text' && part.text ? [part.text] : [],
            )
          : [],
    );
}

describe(`claude --resume after kill-server, restored by Loopwatch (real Claude Code)`, () => {
  let sandbox: Sandbox;
  let lab: LabSession | undefined;
  let supervisor: Supervisor | undefined;

  beforeAll(async () => {
    sandbox = await createSandbox();
  });

  afterAll(async () => {
    supervisor?.dispose();
    await lab?.close();
    const root = sandbox.root;
    await sandbox.cleanup();
    const leftovers = await killLabLeftovers(root);
    expect(leftovers, 'processes the lab left behind (now killed)').toEqual([]);
  });

  it(
    'resumes the conversation Loopwatch recorded',
    async () => {
      lab = await startLabSession(sandbox, claude, NAME);
      // Loopwatch runs as the same user as the agent: the agent's HOME is its HOME too, so it
      // finds Claude's transcripts under ~/.claude/projects as it would on a person's machine.
      // The session's own environment (`new-session -e`): its HOME and the fake model's address.
      const sessionEnv = Object.fromEntries(
        (await sandbox.tmux(['show-environment', '-t', `=${NAME}`]))
          .split('\n')
          .filter((line) => /^[A-Z_][A-Z0-9_]*=/.test(line))
          .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
      );
      const home = sessionEnv.HOME ?? '';
      expect(home).toContain(`home-${NAME}`);
      const env: NodeJS.ProcessEnv = { ...sandbox.env, HOME: home };
      supervisor = new Supervisor({ env });
      await supervisor.start();

      await lab.reachReady();
      await lab.submit(
        `lab:reply remember the word ${MARK}`,
        (s) => s.includes(REPLY_TEXT) && claude.ready(s),
        'the first turn answered',
      );

      // The id Claude gave this conversation: the transcript it wrote for this directory.
      const projects = join(home, '.claude', 'projects');
      const transcriptId = await eventually(
        async () => {
          for (const dir of await readdir(projects).catch(() => [] as string[])) {
            for (const file of await readdir(join(projects, dir)).catch(() => [] as string[])) {
              const id = file.replace(/\.jsonl$/, '');
              if (!UUID.test(id)) continue;
              const text = await readFile(join(projects, dir, file), 'utf8').catch(() => '');
              if (text.includes(MARK)) return id;
            }
          }
          return null;
        },
        "Claude's transcript of the first turn",
        SCREEN_WAIT_MS,
      );

      // Loopwatch's restore record names the session with that id (taken from the transcript).
      const recordsDir = join(loopwatchConfigDir(env), 'restore');
      await eventually(
        async () => {
          await supervisor!.settled();
          for (const file of await readdir(recordsDir).catch(() => [] as string[])) {
            if (!file.endsWith('.json')) continue;
            const text = await readFile(join(recordsDir, file), 'utf8').catch(() => '');
            if (text.includes(transcriptId)) return true;
          }
          return false;
        },
        `a restore record with Claude's session id ${transcriptId}`,
        SCREEN_WAIT_MS,
      );

      // The machine "reboots": every tmux server is gone.
      await sandbox.tmux(['kill-server']);
      await eventually(
        () => supervisor!.sessions().some((s) => s.name === NAME && s.ended != null),
        `${NAME} seen ended`,
        SCREEN_WAIT_MS,
      );
      await supervisor.settled();
      supervisor.dispose();
      supervisor = undefined;

      // The person's environment: claude on PATH, and (for the lab) the fake model's address.
      // (Its XDG dirs are Loopwatch's, as for one person: the lab's are the agent's own only.)
      const agentVars = Object.fromEntries(
        Object.entries(sessionEnv).filter(([name]) => !name.startsWith('XDG_')),
      );
      const restoreEnv: NodeJS.ProcessEnv = {
        ...env,
        ...agentVars,
        PATH: `${dirname(agentBin('claude'))}:${env.PATH ?? ''}`,
      };
      const plan = await cli(sandbox, ['restore', '--dry-run'], { env: restoreEnv });
      expect(plan.code).toBe(0);
      expect(plan.out).toContain(`runs: claude --resume ${transcriptId}`);
      const requestsBefore = lab.server.requests.length;
      const restored = await cli(sandbox, ['restore', '--yes', NAME], { env: restoreEnv });
      expect(restored.err).toBe('');
      expect(restored.out).toMatch(new RegExp(`done: ${NAME}:`));
      expect(restored.code).toBe(0);

      // The restored pane runs claude --resume with that id ...
      const args = await eventually(
        async () => {
          const pid = Number(
            (
              await sandbox.tmux(['display-message', '-p', '-t', `=${NAME}:`, '#{pane_pid}'])
            ).trim(),
          );
          const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
          return cmdline.includes('--resume') ? cmdline.split('\0') : null;
        },
        'claude --resume in the restored pane',
        SCREEN_WAIT_MS,
      );
      expect(args).toContain(transcriptId);
      // ... and it shows the earlier conversation: the first prompt, with its mark, and the reply.
      await lab.pane.waitForScreen(
        (s) => s.includes(MARK) && s.includes(REPLY_TEXT) && claude.ready(s),
        'the resumed conversation at its prompt',
      );
      // Its next turn sends the model the earlier messages too.
      await lab.submit(
        'lab:reply and now a second turn',
        (s) => s.includes('second turn') && claude.ready(s),
        'the second turn answered',
      );
      const sent = lab.server.requests
        .slice(requestsBefore)
        .filter((r) => r.path.startsWith('/v1/messages'))
        .map((r) => userTexts(r.body).join('\n'));
      const secondTurn = sent.find((text) => text.includes('and now a second turn'));
      expect(secondTurn, 'the request of the second turn').toBeDefined();
      expect(secondTurn).toContain(MARK);
    },
    CASE_TIMEOUT_MS,
  );
});
