/**
 * Answering a row of unnumbered buttons from the queue (OpenCode's
 * "△ Permission required": Allow once / Allow always / Reject, ⇆ to
 * select, Enter to confirm), against real tmux: a stand-in draws the row
 * the way OpenCode 1.18 does (the selected button on its own colour, the
 * row wrapping around) and prints what Enter confirmed. Loopwatch reads
 * which button is selected, moves to the chosen one, checks, then presses
 * Enter; "Allow always" needs the second confirmation.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiBackend, type ApiBackend } from '../../../main/api/backend';
import { readAudit } from '../../../main/core/actions/auditLog';
import { Supervisor } from '../../../main/core/supervisor';
import type { Session } from '../../../preload/contract';
import { createSandbox, eventually, type Sandbox } from '../../helpers/sandbox';

let sandbox: Sandbox;
let supervisor: Supervisor;
let backend: ApiBackend;

/** OpenCode's permission box, its colours as `capture-pane -e` showed them on the real 1.18.33. */
const BUTTONS_SCRIPT = String.raw`
labels=("Allow once" "Allow always" "Reject"); sel=0
draw() {
  printf '\033[H\033[2J'
  printf '%s\n' '  ┃  △ Permission required' '  ┃    # Shell command' '  ┃' '  ┃  $ rm -rf build' '  ┃'
  row=$'  ┃\033[48;5;234m '
  for i in 0 1 2; do
    if [ "$i" = "$sel" ]; then row+=$'\033[48;5;215m \033[38;5;232m'"${'${'}labels[$i]}"$'\033[38;5;15m \033[48;5;234m  '
    else row+=$' \033[38;5;8m'"${'${'}labels[$i]}"$'\033[38;5;15m   '; fi
  done
  row+=$'              \033[38;5;255mctrl+f \033[38;5;8mfullscreen  \033[38;5;255m⇆ \033[38;5;8mselect  \033[38;5;255menter \033[38;5;8mconfirm\033[0m'
  printf '%s\n' "$row"
}
draw
while IFS= read -rsn1 k; do
  if [ "$k" = $'\e' ]; then
    IFS= read -rsn2 rest
    case "$rest" in '[C') sel=$(( (sel + 1) % 3 ));; '[D') sel=$(( (sel + 2) % 3 ));; esac
    draw
  elif [ -z "$k" ]; then
    printf '\033[0m\nchose [%s]\n' "${'${'}labels[$sel]}"
    break
  fi
done
sleep 600
`;

function session(name: string): Session | undefined {
  return supervisor.sessions().find((s) => s.name === name);
}

const screenOf = (name: string): Promise<string> =>
  sandbox.tmux(['capture-pane', '-p', '-t', `=${name}:`]);

async function asking(name: string): Promise<Session> {
  return eventually(
    () => {
      const s = session(name);
      return s?.prompt?.options.length === 3 ? s : null;
    },
    `${name}'s buttons in its prompt`,
    20_000,
  );
}

beforeAll(async () => {
  sandbox = await createSandbox();
  sandbox.env = { ...sandbox.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };
  const script = join(sandbox.root, 'buttons.sh');
  await writeFile(script, BUTTONS_SCRIPT);
  for (const name of ['oc-reject', 'oc-always']) {
    await sandbox.tmux(['-u', 'new-session', '-d', '-s', name, '-x', '120', 'bash', script]);
    // Named OpenCode's (as its process would be): the opencode rules read the box.
    await sandbox.tmux(['set-option', '-p', '-t', `=${name}:`, '@loopwatch-agent', 'opencode']);
  }
  supervisor = new Supervisor({ env: sandbox.env, pollMs: 100 });
  await supervisor.start();
  backend = createApiBackend(supervisor, {}, { env: sandbox.env });
});

afterAll(async () => {
  backend.dispose();
  supervisor.dispose();
  await sandbox.cleanup();
});

describe('answering a row of buttons (OpenCode)', () => {
  it('puts the buttons in the queue, numbered in their order; "Allow always" asks twice', async () => {
    const s = await asking('oc-reject');
    expect(s.status).toBe('waiting');
    expect(s.prompt!.question).toBe('△ Permission required\n# Shell command\n$ rm -rf build');
    expect(s.prompt!.options).toEqual([
      { key: '1', label: 'Allow once', needsConfirm: false },
      { key: '2', label: 'Allow always', needsConfirm: true },
      { key: '3', label: 'Reject', needsConfirm: false },
    ]);
  });

  it('moves from wherever the selection is to the chosen button, then confirms it', async () => {
    const s = await asking('oc-reject');
    // Someone moved the selection in the terminal meanwhile: "Allow always" is selected now.
    await sandbox.tmux(['send-keys', '-t', '=oc-reject:', 'Right']);
    await eventually(
      async () =>
        (await sandbox.tmux(['capture-pane', '-p', '-e', '-t', '=oc-reject:'])).includes(
          '\u001b[48;5;215m \u001b[38;5;232mAllow always',
        ),
      'the selection on "Allow always"',
    );
    const result = await backend.dispatch('answerPrompt', {
      sessionId: s.id,
      prompt: s.prompt,
      key: '3',
    });
    expect(result).toEqual({ message: `Answered "Reject" in ${s.displayName}` });
    await eventually(
      async () => (await screenOf('oc-reject')).includes('chose [Reject]'),
      'Reject',
    );
    const audit = await readAudit(sandbox.env);
    expect(audit.at(-1)).toMatchObject({ action: 'answer', outcome: 'done' });
  });

  it('"Allow always" is sent only when confirmed a second time', async () => {
    const s = await asking('oc-always');
    await expect(
      backend.dispatch('answerPrompt', { sessionId: s.id, prompt: s.prompt, key: '2' }),
    ).rejects.toThrow(/confirm it a second time/);
    expect(await screenOf('oc-always')).not.toContain('chose [');
    await backend.dispatch('answerPrompt', {
      sessionId: s.id,
      prompt: s.prompt,
      key: '2',
      confirmed: true,
    });
    await eventually(
      async () => (await screenOf('oc-always')).includes('chose [Allow always]'),
      'Allow always',
    );
  });
});
