/**
 * A small fleet of sessions as a person has them: agents asking
 * permission (Claude- and Codex-style screens), a y/n question, one
 * working, idle shells, a crash, a clean exit, and the same name on a
 * second server. Real tmux, real processes, in a sandbox.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Sandbox } from '../../helpers/sandbox';
import { waitForPaneExit } from '../../helpers/paneExit';

const claudeBox = (command: string): string => `
printf '%s\\n' 'Bash command' '' "  ${command}" '' 'Do you want to proceed?' \\
  '❯ 1. Yes' "  2. Yes, and don't ask again for this command" \\
  '  3. No, and tell Claude what to do differently (esc)'
IFS= read -rsn1 k
echo "got [$k]"
sleep 3600
`;

const CODEX = `
printf '%s\\n' 'Would you like to run the following command?' '' '$ git push --force' '' \\
  '› 1. Yes, proceed (y)' "  2. Yes, and don't ask again for this command (a)" \\
  '  3. No, and tell Codex what to do differently (esc)' '' \\
  '  Press enter to confirm or esc to cancel'
IFS= read -rsn1 k
sleep 3600
`;

const YES_NO = `
IFS= read -r -p 'Overwrite config.yaml? [y/N] ' a
echo "answer [$a]"
sleep 3600
`;

const WORKING = `
i=0; while [ $i -lt 100000 ]; do i=$((i+1)); echo "step $i"; sleep 0.5; done
`;

/** Names of the sessions made, by role. */
export const FLEET = {
  waiting: [
    'claude-auth-fix',
    'claude-login-page',
    'claude-refactor-db',
    'codex-deploy',
    'setup-yn',
  ],
  crashed: 'build-crash',
  done: 'tests-ok',
  working: 'log-tail',
  idle: 'shell',
  /** The same name on a second server ("other"). */
  twin: 'shell',
} as const;

export async function makeFleet(sandbox: Sandbox): Promise<void> {
  sandbox.env = { ...sandbox.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };
  const script = async (name: string, text: string): Promise<string> => {
    const path = join(sandbox.root, `${name}.sh`);
    await writeFile(path, text);
    return path;
  };
  const commands = ['rm -rf build', 'npm publish', 'psql -c "DROP TABLE users"'];
  for (const [i, name] of FLEET.waiting.slice(0, 3).entries()) {
    await sandbox.tmux([
      '-u',
      'new-session',
      '-d',
      '-x',
      '120',
      '-y',
      '30',
      '-s',
      name,
      'bash',
      await script(name, claudeBox(commands[i]!)),
      // Named Claude's (as a wrapper would): the claude detection rules read its box (issue 18a).
      ';',
      'set-option',
      '-p',
      '@loopwatch-agent',
      'claude',
    ]);
  }
  await sandbox.tmux([
    '-u',
    'new-session',
    '-d',
    '-s',
    'codex-deploy',
    'bash',
    await script('codex', CODEX),
    ';',
    'set-option',
    '-p',
    '@loopwatch-agent',
    'codex',
  ]);
  await sandbox.tmux(['new-session', '-d', '-s', 'setup-yn', 'bash', await script('yn', YES_NO)]);
  await sandbox.tmux([
    'new-session',
    '-d',
    '-s',
    FLEET.working,
    'bash',
    await script('work', WORKING),
  ]);
  await sandbox.tmux(['new-session', '-d', '-s', FLEET.idle, 'sh', '-c', 'read x']);
  await sandbox.tmux(['new-session', '-d', '-s', FLEET.twin, 'sh', '-c', 'read x'], 'other');
  for (const [name, code] of [
    [FLEET.crashed, 3],
    [FLEET.done, 0],
  ] as const) {
    await sandbox.tmux([
      'new-session',
      '-d',
      '-s',
      name,
      'sh',
      '-c',
      `echo "${name} output"; sleep 0.3; exit ${code}`,
      ';',
      'set-option',
      '-w',
      '-t',
      `=${name}:`,
      'remain-on-exit',
      'on',
    ]);
  }
  await waitForPaneExit(sandbox, FLEET.crashed);
  await waitForPaneExit(sandbox, FLEET.done);
}
