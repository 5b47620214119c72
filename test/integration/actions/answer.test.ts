/**
 * Answering from the needs-you queue, against real tmux: the supervisor
 * reads the question and its answers off the pane; an answer reaches exactly
 * that pane, only while the same question is on screen; sweeping answers
 * need a second confirmation; every answer and refusal is in the audit log.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiBackend, type ApiBackend } from '../../../main/api/backend';
import { readAudit } from '../../../main/core/actions/auditLog';
import { Supervisor } from '../../../main/core/supervisor';
import type { Session, SessionPrompt } from '../../../preload/contract';
import { createSandbox, eventually, type Sandbox } from '../../helpers/sandbox';

let sandbox: Sandbox;
let supervisor: Supervisor;
let backend: ApiBackend;

/** A name with quotes, a command substitution and a leading dash: sent nowhere but as data. */
const MENU_SESSION = `-menu 'q' $(touch x)`;

const MENU_SCRIPT = `
printf '%s\\n' 'Bash command' '' '  rm -rf build' '' 'Do you want to proceed?' \\
  '❯ 1. Yes' "  2. Yes, and don't ask again for rm commands" \\
  '  3. No, and tell Claude what to do differently (esc)'
IFS= read -rsn1 k
echo "got [$k]"
sleep 600
`;
const YES_NO_SCRIPT = `
IFS= read -r -p 'Overwrite config.yaml? [y/N] ' a
echo "answer [$a]"
sleep 600
`;

function session(name: string): Session | undefined {
  return supervisor.sessions().find((s) => s.name === name);
}

async function screenOf(name: string): Promise<string> {
  return sandbox.tmux(['capture-pane', '-p', '-t', `=${name}:`]);
}

beforeAll(async () => {
  sandbox = await createSandbox();
  const menu = join(sandbox.root, 'menu.sh');
  const yesNo = join(sandbox.root, 'yesno.sh');
  await writeFile(menu, MENU_SCRIPT);
  await writeFile(yesNo, YES_NO_SCRIPT);
  const utf8 = { ...sandbox.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };
  sandbox.env = utf8;
  await sandbox.tmux(['-u', 'new-session', '-d', '-s', MENU_SESSION, 'bash', menu]);
  // The menu is Claude Code's permission box: the pane is named Claude's (as a wrapper would), so
  // the claude detection rules read it (issue 18a's generic rules do not call it waiting).
  await sandbox.tmux(['set-option', '-p', '-t', `=${MENU_SESSION}:`, '@loopwatch-agent', 'claude']);
  await sandbox.tmux(['new-session', '-d', '-s', 'yesno', 'bash', yesNo]);
  supervisor = new Supervisor({ env: sandbox.env, pollMs: 100 });
  await supervisor.start();
  backend = createApiBackend(supervisor, {}, { env: sandbox.env });
});

afterAll(async () => {
  backend.dispose();
  supervisor.dispose();
  await sandbox.cleanup();
});

describe('answering from the queue', () => {
  it('puts the question and its keyed answers on the waiting session', async () => {
    const prompt = await eventually(() => session(MENU_SESSION)?.prompt, 'the menu prompt');
    expect(session(MENU_SESSION)?.status).toBe('waiting');
    expect(prompt.question).toBe('Bash command\nrm -rf build\nDo you want to proceed?');
    expect(prompt.options).toEqual([
      { key: '1', label: 'Yes', needsConfirm: false },
      { key: '2', label: "Yes, and don't ask again for rm commands", needsConfirm: true },
      { key: '3', label: 'No, and tell Claude what to do differently', needsConfirm: true },
    ]);
  });

  it('refuses a sweeping answer without a second confirmation, and a changed question', async () => {
    const s = session(MENU_SESSION)!;
    await expect(
      backend.dispatch('answerPrompt', { sessionId: s.id, prompt: s.prompt, key: '2' }),
    ).rejects.toThrow(/confirm it a second time/);
    const stale: SessionPrompt = {
      ...s.prompt!,
      question: 'Bash command\nrm -rf /\nDo you want to proceed?',
    };
    await expect(
      backend.dispatch('answerPrompt', { sessionId: s.id, prompt: stale, key: '1' }),
    ).rejects.toThrow(/different question/);
    await expect(
      backend.dispatch('answerPrompt', { sessionId: s.id, prompt: s.prompt, key: '9' }),
    ).rejects.toThrow(/not one of this question's answers/);
    expect(await screenOf(MENU_SESSION)).not.toContain('got [');
  });

  it('sends the key to exactly that pane, once, and then refuses a second answer', async () => {
    const s = session(MENU_SESSION)!;
    const result = await backend.dispatch('answerPrompt', {
      sessionId: s.id,
      prompt: s.prompt,
      key: '1',
    });
    expect(result).toEqual({ message: `Answered "Yes" (1) in ${s.displayName}` });
    await eventually(async () => (await screenOf(MENU_SESSION)).includes('got [1]'), 'key in pane');
    expect(await screenOf('yesno')).not.toContain('answer [');
    await expect(
      backend.dispatch('answerPrompt', { sessionId: s.id, prompt: s.prompt, key: '1' }),
    ).rejects.toThrow(/no longer on the screen/);
    await eventually(() => !session(MENU_SESSION)?.prompt, 'the prompt gone from the session');
  });

  it('types a line answer and Enter for a y/n question', async () => {
    const s = await eventually(() => (session('yesno')?.prompt ? session('yesno') : null), 'y/n');
    expect(s.prompt!.options.map((o) => o.key)).toEqual(['y', 'n']);
    await backend.dispatch('answerPrompt', { sessionId: s.id, prompt: s.prompt, key: 'y' });
    await eventually(async () => (await screenOf('yesno')).includes('answer [y]'), 'line answer');
  });

  it('writes every answer and refusal to the audit log', async () => {
    const entries = (await readAudit(sandbox.env)).filter((e) => e.action === 'answer');
    expect(entries.map((e) => e.outcome)).toEqual([
      'refused',
      'refused',
      'refused',
      'done',
      'refused',
      'done',
    ]);
    expect(entries[3]).toMatchObject({ data: { key: '1' } });
    expect(entries[3]!.target).toContain(MENU_SESSION);
  });
});
