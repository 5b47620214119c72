/**
 * The live terminal, end to end: Chromium against the built `loopwatch
 * serve`, real tmux servers in a sandbox, real node-pty in the server.
 * The screen is read through the terminal element's probe (with the WebGL
 * renderer the text is pixels), the panes through tmux's capture-pane.
 */
import { execFile } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { createSandbox, eventually, type Sandbox } from '../helpers/sandbox';
import { REPO_ROOT, startServe, type ServeProcess } from '../helpers/serveProcess';

const run = promisify(execFile);

let sandbox: Sandbox;
let serve: ServeProcess;
const pageErrors: string[] = [];

/** What the page's terminal probe offers (renderer/src/terminal/probe.ts). */
interface Probe {
  lines(): string[];
  screen(): string[];
  terminal: { rows: number; buffer: { active: { length: number } } };
}

/** The tmux client terminals read through: the project's (playwright.config.ts), else serve's default. */
let terminalClient = 'auto';

/** A screenshot of the page, named for the client kind when it is not the default one. */
async function shot(page: Page, name: string): Promise<void> {
  const suffix = terminalClient === 'auto' ? '' : `-${terminalClient}`;
  await page.screenshot({ path: `${REPO_ROOT}/screenshots/${name}${suffix}.png` });
}

// eslint-disable-next-line no-empty-pattern -- Playwright passes fixtures first; none are needed here.
test.beforeAll(async ({}, testInfo) => {
  terminalClient = String(testInfo.project.metadata.terminalClient ?? 'auto');
  sandbox = await createSandbox();
  sandbox.env.LOOPWATCH_TERMINAL_CLIENT = terminalClient;
  // Shells typed into here would write ~/.bash_history as the sandbox is being removed.
  sandbox.env.HISTFILE = '/dev/null';
  // A session that exists before serve starts, so the first page already lists it.
  await sandbox.tmux(['new-session', '-d', '-s', 'e2e-first']);
  serve = await startServe(sandbox);
});

test.afterAll(async () => {
  await serve.stop();
  await sandbox.cleanup();
});

test.beforeEach(({ page }) => {
  pageErrors.length = 0;
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

test.afterEach(() => {
  expect(pageErrors).toEqual([]);
});

async function newSession(name: string, socketName = 'default', size = ['-x', '80', '-y', '24']) {
  await sandbox.tmux(['new-session', '-d', '-s', name, ...size], socketName);
}

async function pane(name: string, format: string, socketName = 'default'): Promise<string> {
  return (
    await sandbox.tmux(['display-message', '-p', '-t', `=${name}:`, format], socketName)
  ).trim();
}

async function paneText(name: string, socketName = 'default'): Promise<string> {
  return sandbox.tmux(['capture-pane', '-p', '-J', '-t', `=${name}:`], socketName);
}

/** Clients attached to a session, other than control-mode ones (the supervisor's own). */
async function attachedClients(name: string): Promise<string[]> {
  const flags = await sandbox.tmux(['list-clients', '-t', `=${name}`, '-F', '#{client_flags}']);
  // Loopwatch's supervisor is a control client too (read-only, no-output): not a terminal.
  return flags.split('\n').filter((line) => line && !line.includes('no-output'));
}

function row(page: Page, name: string): Locator {
  return page.getByRole('table', { name: 'Sessions' }).getByRole('row', { name, exact: true });
}

function panel(page: Page, name: string): Locator {
  return page.getByRole('tabpanel', { name: `Terminal: ${name}` });
}

/** Run `read` in the page on a terminal's probe (Playwright sends the function's source). */
async function probe<T>(page: Page, name: string, read: (probe: Probe) => T): Promise<T> {
  const handle = await panel(page, name)
    .locator('.terminal-screen')
    .evaluateHandle(
      (element) => (element as unknown as { loopwatchTerminal: Probe }).loopwatchTerminal,
    );
  try {
    return await handle.evaluate(read);
  } finally {
    await handle.dispose();
  }
}

/** The open terminals' tab strip (the dashboard has tabs of its own). */
function terminalTabs(page: Page) {
  return page.getByRole('tablist', { name: 'Open terminals' });
}

async function screenText(page: Page, name: string): Promise<string> {
  return (await probe(page, name, (p) => p.lines())).join('\n');
}

async function openTerminal(
  page: Page,
  name: string,
  how: 'dblclick' | 'shift-enter' = 'dblclick',
) {
  if (how === 'dblclick') await row(page, name).dblclick();
  else {
    // Select the row (a click), then Shift+Enter opens it in watch mode.
    await row(page, name).click();
    await page.keyboard.press('Shift+Enter');
  }
  await expect(panel(page, name)).toBeVisible();
  await expect(panel(page, name).getByRole('button', { name: 'Detach' })).toBeEnabled();
  await expect
    .poll(() => probe(page, name, (p) => p.lines().some((line) => line.trim() !== '')))
    .toBe(true);
}

test('double-click opens an interactive terminal on the session; typing runs in the pane', async ({
  page,
}) => {
  await newSession('e2e-drive');
  await sandbox.tmux(['send-keys', '-t', '=e2e-drive:', 'echo BEFORE-$((20+1))', 'Enter']);
  await page.goto(serve.tokenUrl);
  await openTerminal(page, 'e2e-drive');
  await expect.poll(() => screenText(page, 'e2e-drive')).toContain('BEFORE-21');
  // Keyboard focus is in the terminal: typing goes straight to the session.
  await expect(panel(page, 'e2e-drive').locator('textarea:visible')).toBeFocused();
  await page.keyboard.type('echo TYPED-$((6*7))\n');
  await eventually(async () => (await paneText('e2e-drive')).includes('TYPED-42'), 'typed output');
  await expect.poll(() => screenText(page, 'e2e-drive')).toContain('TYPED-42');
  await expect(
    panel(page, 'e2e-drive').getByRole('button', { name: 'Interactive' }),
  ).toHaveAttribute('aria-pressed', 'true');
  await shot(page, 'terminal-interactive');

  // Opening it again focuses its tab rather than opening a second one.
  await row(page, 'e2e-drive').dblclick();
  await expect(terminalTabs(page).getByRole('tab')).toHaveCount(1);
  await expect(panel(page, 'e2e-drive').locator('textarea:visible')).toBeFocused();

  // Detach closes the tab and the tmux client; the session lives on.
  await panel(page, 'e2e-drive').getByRole('button', { name: 'Detach' }).click();
  await expect(terminalTabs(page).getByRole('tab')).toHaveCount(0);
  await eventually(
    async () => (await attachedClients('e2e-drive')).length === 0,
    'our tmux client to detach',
  );
  expect(await sandbox.tmux(['has-session', '-t', '=e2e-drive'])).toBe('');
});

test('watch mode (Shift+Enter): keys do not reach the pane and its size does not change', async ({
  page,
}) => {
  await newSession('e2e-watch');
  const sizeFormat = '#{window_width}x#{window_height} #{pane_width}x#{pane_height}';
  const before = await pane('e2e-watch', sizeFormat);
  await page.goto(serve.tokenUrl);
  await openTerminal(page, 'e2e-watch', 'shift-enter');
  const view = panel(page, 'e2e-watch');
  await expect(view.getByRole('button', { name: 'Watch' })).toHaveAttribute('aria-pressed', 'true');
  await expect(view.getByText(/Watching, read-only/)).toBeVisible();

  await page.keyboard.type('echo SHOULD-NOT-RUN\n');
  await page.setViewportSize({ width: 900, height: 640 });
  await page.waitForTimeout(1_500);
  expect(await paneText('e2e-watch')).not.toContain('SHOULD-NOT-RUN');
  expect(await pane('e2e-watch', sizeFormat)).toBe(before);
  await shot(page, 'terminal-watch');

  // Switching to interactive re-attaches: now keys go through (and the window follows the view).
  await view.getByRole('button', { name: 'Interactive' }).click();
  await expect(view.getByRole('button', { name: 'Interactive' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect(view.getByText(/Interactive: keys go to the session/)).toBeVisible();
  await page.keyboard.type('echo NOW-IT-RUNS\n');
  await eventually(async () => (await paneText('e2e-watch')).includes('NOW-IT-RUNS'), 'typed');
  expect(await pane('e2e-watch', sizeFormat)).not.toBe(before);
});

test('a 20 MB flood: typing still echoes, lines arrive in order, tmux keeps every line', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const lineCount = 300_000;
  const pad = 'x'.repeat(56);
  const expectedLine = (n: number) => `L${String(n).padStart(8, '0')} ${pad}`;
  /** The flood's lines among `lines`, with the one echoed Z taken out wherever the tty put it. */
  const floodLines = (lines: string[]): string[] => {
    const withoutEcho = lines.map((line) => (/^L\d{8}/.test(line.replace('Z', '')) ? line : ''));
    expect(withoutEcho.filter((line) => line.includes('Z')).length).toBeLessThanOrEqual(1);
    return withoutEcho.map((line) => line.replace('Z', '')).filter(Boolean);
  };
  const lines: string[] = [];
  for (let n = 1; n <= lineCount; n++) lines.push(expectedLine(n));
  const file = join(sandbox.root, 'flood.txt');
  await writeFile(file, `${lines.join('\n')}\n`); // 20.1 MB
  const script = join(sandbox.root, 'flood.sh');
  // The marker is computed, so the typed command line itself never shows it.
  await writeFile(script, `cat ${file}; echo FLOOD-$((40+2))-DONE\n`);
  // Its own server, with a history long enough to hold every line.
  await sandbox.tmux(
    [
      'start-server',
      ';',
      'set-option',
      '-g',
      'history-limit',
      '400000',
      ';',
      'new-session',
      '-d',
      '-s',
      'e2e-flood',
    ],
    'flood',
  );

  await page.goto(serve.tokenUrl);
  await openTerminal(page, 'e2e-flood');
  await page.keyboard.type(`sh ${script}\n`);
  await expect.poll(() => screenText(page, 'e2e-flood'), { timeout: 30_000 }).toMatch(/L\d{8} x/);
  // A keystroke during the flood: the pane's tty echoes it, and the shell shows it again after.
  await page.keyboard.type('Z');
  await expect
    .poll(() => screenText(page, 'e2e-flood'), { timeout: 180_000, intervals: [250] })
    .toContain('FLOOD-42-DONE');
  await expect
    .poll(() => probe(page, 'e2e-flood', (p) => p.screen().join('\n')))
    .toMatch(/FLOOD-42-DONE\n\S.*[#$] Z$/m);
  await shot(page, 'terminal-flood');

  // What the user saw. tmux's attach client receives tmux's rendering of the
  // pane, not the raw bytes: for a client that cannot keep up (ours is paused
  // by flow control), tmux skips redraws and later draws the current screen.
  // So the view holds a subsequence of the lines: every one must be intact
  // (bar the echoed Z, which the tty may have put anywhere in the stream),
  // strictly increasing, ending with the last line.
  const seen = floodLines(await probe(page, 'e2e-flood', (p) => p.lines()));
  const numbers = seen.map((line) => {
    const number = Number(line.slice(1, 9));
    expect(line, 'a line as shown').toBe(expectedLine(number));
    return number;
  });
  // The view's last screen is full of flood lines, bar the done line, the prompt and the Z.
  const rows = await probe(page, 'e2e-flood', (p) => p.screen().length);
  expect(numbers.length).toBeGreaterThanOrEqual(Math.min(10, rows - 4));
  for (let i = 1; i < numbers.length; i++) expect(numbers[i]!).toBeGreaterThan(numbers[i - 1]!);
  expect(numbers.at(-1)).toBe(lineCount);
  // Memory stays bounded: xterm keeps at most its scrollback plus a screen.
  const held = await probe(page, 'e2e-flood', (p) => p.terminal.buffer.active.length);
  expect(held).toBeLessThanOrEqual(10_000 + 200);

  // tmux's own history holds every line, in order: nothing was lost in the pane.
  const socket = sandbox.socket('flood');
  const { stdout } = await run(
    'tmux',
    ['-S', socket, 'capture-pane', '-p', '-J', '-S', '-', '-E', '-', '-t', '=e2e-flood:'],
    { env: sandbox.env, maxBuffer: 256 * 1024 * 1024 },
  );
  const history = floodLines(stdout.split('\n'));
  expect(history.length).toBe(lineCount);
  for (let n = 1; n <= lineCount; n++) {
    if (history[n - 1] !== expectedLine(n)) {
      expect(history[n - 1], `history line ${n}`).toBe(expectedLine(n));
    }
  }

  // And the keyboard still drives the shell.
  await page.keyboard.press('Control+U');
  await page.keyboard.type('echo AFTER-$((1+1))\n');
  await eventually(
    async () => (await paneText('e2e-flood', 'flood')).includes('AFTER-2'),
    'a command after the flood',
  );
});

test('killing the session while attached says so and keeps the last screen readable', async ({
  page,
}) => {
  await newSession('e2e-doomed');
  await page.goto(serve.tokenUrl);
  await openTerminal(page, 'e2e-doomed');
  await page.keyboard.type('echo LAST-WORDS-$((3*3))\n');
  await expect.poll(() => screenText(page, 'e2e-doomed')).toContain('LAST-WORDS-9');
  await sandbox.tmux(['kill-session', '-t', '=e2e-doomed']);
  const view = panel(page, 'e2e-doomed');
  await expect(view.getByRole('status')).toContainText('Session ended.');
  await expect(view.getByRole('status')).toContainText('tmux: [exited]');
  await expect(view.getByRole('status')).toContainText('Last status:');
  await expect(view.getByRole('button', { name: 'Reopen' })).toBeVisible();
  // The last screen is still there, in view, above tmux's parting line.
  const visible = await probe(page, 'e2e-doomed', (p) => {
    const t = p.terminal as unknown as {
      rows: number;
      buffer: {
        active: {
          viewportY: number;
          getLine(i: number): { translateToString(trim: boolean): string } | undefined;
        };
      };
    };
    const out: string[] = [];
    for (let i = 0; i < t.rows; i++) {
      out.push(
        t.buffer.active.getLine(t.buffer.active.viewportY + i)?.translateToString(true) ?? '',
      );
    }
    return out.join('\n');
  });
  expect(visible).toContain('LAST-WORDS-9');
  expect(visible).toContain('[exited]');
  await expect(terminalTabs(page).getByRole('tab', { name: /e2e-doomed/ })).toBeVisible();
  await shot(page, 'terminal-ended');
});

test('names with shell metacharacters, unicode and a leading dash attach to exactly that session', async ({
  page,
}) => {
  const awkward = `-lead "dq" 'sq' $(touch pwned) ;|& ✓ ünï`;
  await newSession(awkward);
  await newSession(`${awkward} longer`);
  await sandbox.tmux(['send-keys', '-t', `=${awkward}:`, 'echo AWKWARD-$((5+5))', 'Enter']);
  await page.goto(serve.tokenUrl);
  await openTerminal(page, awkward);
  await expect.poll(() => screenText(page, awkward)).toContain('AWKWARD-10');
  expect(await attachedClients(awkward)).toHaveLength(1);
  expect(await attachedClients(`${awkward} longer`)).toHaveLength(0);

  // "Copy attach command" gives a line the user's shell runs as is.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: new URL(serve.url).origin,
  });
  await panel(page, awkward).getByRole('button', { name: 'Copy attach command' }).click();
  await expect(panel(page, awkward).getByRole('button', { name: 'Copied' })).toBeVisible();
  const copied = await page.evaluate(() =>
    (
      globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }
    ).navigator.clipboard.readText(),
  );
  expect(copied).toBe(
    `tmux -S ${sandbox.socket()} attach -t '=-lead "dq" '\\''sq'\\'' $(touch pwned) ;|& ✓ ünï'`,
  );
  // Run it through a real shell (as `tmux ... ls` instead of attach): it names exactly this session.
  const asList = copied.replace(' attach -t ', ' has-session -t ');
  await run('sh', ['-c', asList], { env: sandbox.env, cwd: sandbox.root });
  await expect(run('test', ['-e', join(sandbox.root, 'pwned')])).rejects.toThrow();
});

test('Ctrl+F searches the terminal', async ({ page }) => {
  await newSession('e2e-search');
  await sandbox.tmux(['send-keys', '-t', '=e2e-search:', 'echo NEEDLE-$((7*6))', 'Enter']);
  await page.goto(serve.tokenUrl);
  await openTerminal(page, 'e2e-search');
  await expect.poll(() => screenText(page, 'e2e-search')).toContain('NEEDLE-42');
  await page.keyboard.press('Control+f');
  const box = panel(page, 'e2e-search').getByRole('searchbox', { name: 'Find in terminal' });
  await expect(box).toBeFocused();
  await page.keyboard.type('NEEDLE-42');
  await expect(panel(page, 'e2e-search').getByText('No match')).toHaveCount(0);
  await expect
    .poll(() =>
      probe(page, 'e2e-search', (p) =>
        (p.terminal as unknown as { getSelection(): string }).getSelection(),
      ),
    )
    .toBe('NEEDLE-42');
  await page.keyboard.type('-NOT-THERE');
  await expect(panel(page, 'e2e-search').getByText('No match')).toBeVisible();
  await shot(page, 'terminal-search');
  await page.keyboard.press('Escape');
  await expect(panel(page, 'e2e-search').locator('textarea:visible')).toBeFocused();
});

test('binary garbage and a huge line: no crash, the terminal keeps working', async ({ page }) => {
  // Garbage from a fixed seed, so every run feeds the same bytes (every value 0-255 occurs).
  const garbage = Buffer.alloc(400_000);
  let seed = 0x2545f491;
  for (let i = 0; i < garbage.length; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    garbage[i] = seed >>> 24;
  }
  const garbageFile = join(sandbox.root, 'garbage.bin');
  await writeFile(garbageFile, garbage);
  // After the garbage: CAN and ST end any escape sequence it left open, RIS resets the pane.
  const script = join(sandbox.root, 'garbage.sh');
  await writeFile(
    script,
    `cat ${garbageFile}; head -c 3000000 /dev/zero | tr '\\0' y; printf '\\030\\033\\\\\\033c'; echo GARBAGE-$((2*2))-DONE\n`,
  );
  await newSession('e2e-garbage', 'default', ['-x', '120', '-y', '30']);
  await page.goto(serve.tokenUrl);
  await openTerminal(page, 'e2e-garbage');
  await page.keyboard.type(`sh ${script}\n`);
  await expect
    .poll(() => screenText(page, 'e2e-garbage'), { timeout: 60_000 })
    .toContain('GARBAGE-4-DONE');
  await page.keyboard.type('echo STILL-$((4+4))\n');
  await expect
    .poll(() => screenText(page, 'e2e-garbage'), { timeout: 30_000 })
    .toContain('STILL-8');
  const held = await probe(page, 'e2e-garbage', (p) => p.terminal.buffer.active.length);
  expect(held).toBeLessThanOrEqual(10_000 + 200);
});

test('a split window, pane by pane: each pane its own terminal where tmux puts it; a click picks the pane keys go to', async ({
  page,
}) => {
  test.skip(terminalClient === 'attach', 'one tmux attach client draws the whole window itself');
  await newSession('e2e-split');
  await sandbox.tmux([
    'split-window',
    '-h',
    '-t',
    '=e2e-split:',
    'sh',
    '-c',
    'printf "RIGHT> "; exec cat',
  ]);
  const [left, right] = (
    await sandbox.tmux(['list-panes', '-t', '=e2e-split:', '-F', '#{pane_id}'])
  )
    .trim()
    .split('\n');
  const textOf = (id: string) => sandbox.tmux(['capture-pane', '-p', '-t', id]);
  await page.goto(serve.tokenUrl);
  await openTerminal(page, 'e2e-split');
  const panes = panel(page, 'e2e-split').locator('.terminal-pane');
  await expect(panes).toHaveCount(2);
  // Side by side, as tmux laid them out; the right one (tmux's active pane) has the keys.
  const [leftBox, rightBox] = [await panes.nth(0).boundingBox(), await panes.nth(1).boundingBox()];
  expect(rightBox!.x).toBeGreaterThan(leftBox!.x + leftBox!.width - 1);
  expect(Math.abs(rightBox!.y - leftBox!.y)).toBeLessThan(1);
  await expect(panes.nth(1)).toHaveAttribute('data-active', 'true');
  await expect(panes.nth(1)).toContainText('RIGHT>');
  await page.keyboard.type('to-the-right');
  await eventually(
    async () => (await textOf(right!)).includes('to-the-right'),
    'keys in the right pane',
  );

  // A click into the left pane makes it tmux's active pane; keys follow.
  await panes.nth(0).click();
  await eventually(
    async () => (await pane('e2e-split', '#{pane_id}')) === left,
    'left pane active',
  );
  await expect(panes.nth(0)).toHaveAttribute('data-active', 'true');
  await page.keyboard.type('echo LEFT-$((2*4))\n');
  await eventually(
    async () => (await textOf(left!)).includes('LEFT-8'),
    'the command in the left pane',
  );
  await expect(panes.nth(0)).toContainText('LEFT-8');
  expect(await textOf(right!)).not.toContain('LEFT');
  await shot(page, 'terminal-split');
  await panel(page, 'e2e-split').getByRole('button', { name: 'Detach' }).click();
});

test('several terminals at once, each in its own tab', async ({ page }) => {
  await newSession('e2e-tab-a');
  await newSession('e2e-tab-b');
  await page.goto(serve.tokenUrl);
  await openTerminal(page, 'e2e-tab-a');
  await openTerminal(page, 'e2e-tab-b', 'shift-enter');
  await expect(terminalTabs(page).getByRole('tab')).toHaveCount(2);
  await expect(terminalTabs(page).getByRole('tab', { name: 'e2e-tab-b' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await terminalTabs(page).getByRole('tab', { name: 'e2e-tab-a' }).click();
  await expect(panel(page, 'e2e-tab-a')).toBeVisible();
  await page.keyboard.type('echo TAB-A-$((1+2))\n');
  await eventually(async () => (await paneText('e2e-tab-a')).includes('TAB-A-3'), 'typed in tab a');
  expect(await paneText('e2e-tab-b')).not.toContain('TAB-A-3');
});

test('a socket file deleted under a live server: the session stays live, the page says how to bring the socket back, and the view stays usable', async ({
  page,
}) => {
  await newSession('e2e-orphan', 'vanishing');
  const socket = sandbox.socket('vanishing');
  const serverPid = await pane('e2e-orphan', '#{pid}', 'vanishing');
  await page.goto(serve.tokenUrl);
  await openTerminal(page, 'e2e-orphan');
  const view = panel(page, 'e2e-orphan');
  // The supervisor's control connection and the view's attach live on, but nothing can connect any more.
  await rm(socket);
  const problems = page.getByRole('contentinfo', { name: 'Server problems' });
  try {
    // A socket file gone is not a server dead (issue 19): the page names the fix.
    await expect(problems).toContainText(`kill -USR1 ${serverPid}`);
    await expect(row(page, 'e2e-orphan')).not.toContainText('session ended');
    await expect(view.getByRole('button', { name: 'Detach' })).toBeEnabled();
    await expect
      .poll(() => probe(page, 'e2e-orphan', (p) => p.lines().some((line) => line.trim() !== '')))
      .toBe(true);
  } finally {
    // tmux recreates its socket on SIGUSR1, so the sandbox can stop the server.
    process.kill(Number(serverPid), 'SIGUSR1');
    await eventually(
      async () => (await sandbox.tmux(['list-sessions'], 'vanishing')) !== '',
      'socket back',
    );
  }
  // The socket is back: the note goes, and the row never left.
  await expect(problems).toHaveCount(0);
  await expect(row(page, 'e2e-orphan')).not.toContainText('session ended');
});
