/**
 * One real agent CLI in a tmux pane of a sandbox's private server, with
 * remain-on-exit on so that its exit is kept. Reads what a person would
 * see (capture-pane -p, #{pane_title}) and types as a person would.
 */
import { eventually, type Sandbox } from '../sandbox';

/** The pane size every fixture is recorded at (agents lay out their screens by it). */
export const PANE_COLUMNS = 120;
export const PANE_ROWS = 40;
/** Real CLIs on a shared machine start in a few seconds; never a measurement. */
export const SCREEN_WAIT_MS = 45_000;

export interface LabPane {
  session: string;
  /** The visible screen, plain text. */
  screen(): Promise<string>;
  title(): Promise<string>;
  /** Type literal text (no Enter). */
  type(text: string): Promise<void>;
  /** tmux key names: Enter, Escape, Down, C-c... */
  keys(...keys: string[]): Promise<void>;
  /** Wait until the screen satisfies `test`; returns that screen. */
  waitForScreen(
    test: (screen: string) => boolean,
    what: string,
    timeoutMs?: number,
  ): Promise<string>;
  /** The pane's process id (the agent itself: started with exec, no shell). */
  pid(): Promise<number>;
  dead(): Promise<{ dead: boolean; status: string }>;
}

/**
 * `env -u` for every variable that says "CI" (CI, CONTINUOUS_INTEGRATION, CI_*): the
 * tmux server inherits them from the test run, and Gemini CLI (is-in-ci) then refuses its
 * interactive mode and exits 42. A user's terminal has none of them.
 */
function unsetCiArgs(): string[] {
  const names = new Set(['CI', 'CONTINUOUS_INTEGRATION']);
  for (const name of Object.keys(process.env)) if (name.startsWith('CI_')) names.add(name);
  return [...names].flatMap((name) => ['-u', name]);
}

export async function startPane(
  sandbox: Sandbox,
  session: string,
  cwd: string,
  env: Record<string, string>,
  argv: readonly string[],
): Promise<LabPane> {
  const envArgs = Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  await sandbox.tmux([
    'new-session',
    '-d',
    '-s',
    session,
    '-x',
    String(PANE_COLUMNS),
    '-y',
    String(PANE_ROWS),
    '-c',
    cwd,
    ...envArgs,
    '--',
    // More than one argument: tmux execs it without a shell, so the pane's process is the agent.
    'env',
    ...unsetCiArgs(),
    ...argv,
    ';',
    'set-option',
    '-w',
    '-t',
    `=${session}:`,
    'remain-on-exit',
    'on',
    // One server for the whole tour: without this it exits with its last session, and the
    // next new-session may reach the exiting server. (Set with a session in it: a bare
    // start-server could exit before its own set-option ran.)
    ';',
    'set-option',
    '-s',
    'exit-empty',
    'off',
  ]);
  const target = `=${session}:`;
  const pane: LabPane = {
    session,
    screen: () => sandbox.tmux(['capture-pane', '-p', '-t', target]),
    title: async () =>
      (await sandbox.tmux(['display-message', '-p', '-t', target, '#{pane_title}'])).replace(
        /\n$/,
        '',
      ),
    type: async (text) => {
      await sandbox.tmux(['send-keys', '-t', target, '-l', '--', text]);
    },
    keys: async (...keys) => {
      for (const key of keys) await sandbox.tmux(['send-keys', '-t', target, key]);
    },
    waitForScreen: async (test, what, timeoutMs = SCREEN_WAIT_MS) => {
      let last = '';
      try {
        return await eventually(
          async () => {
            last = await pane.screen();
            return test(last) ? last : null;
          },
          what,
          timeoutMs,
        );
      } catch (error) {
        throw new Error(`${(error as Error).message}\n--- last screen of ${session} ---\n${last}`);
      }
    },
    pid: async () =>
      Number((await sandbox.tmux(['display-message', '-p', '-t', target, '#{pane_pid}'])).trim()),
    dead: async () => {
      const [dead = '', status = ''] = (
        await sandbox.tmux([
          'display-message',
          '-p',
          '-t',
          target,
          '#{pane_dead}\t#{pane_dead_status}',
        ])
      )
        .trim()
        .split('\t');
      return { dead: dead === '1', status };
    },
  };
  return pane;
}
