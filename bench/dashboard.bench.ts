/**
 * `npm run bench -- dashboard [--json]`: the dashboard with 500 real tmux
 * sessions (one private tmux server in a temp dir), served in-process the
 * way `loopwatch serve` serves it, shown in Chromium.
 *
 * - first_render_ms: from opening the URL (navigation start, token redirect
 *   included, cold cache) to the table listing all sessions with its rows
 *   on screen, seen by a MutationObserver in the page. The median of a few
 *   cold loads (a new browser context each).
 * - first_render_baseline_ms: the baseline, in the same run and the same
 *   browser, interleaved with the loads above: the same sessions (names,
 *   statuses, reasons) as a static HTML table served from 127.0.0.1 with no
 *   script, seen by the same probe. What this machine and browser need at
 *   least, now, to show that many rows: the dashboard's own cost is the
 *   difference.
 * - update_ms: from the moment the supervisor emits the delta of a status
 *   change (a pane killed: its session turns "crashed") to the moment that
 *   row shows the new status in the page (MutationObserver). Both ends are
 *   stamped with performance.timeOrigin + performance.now(), which Node and
 *   Chromium take from the same system clock.
 *
 * - queue_ms: from a permission box appearing in a pane (the script stamps
 *   $EPOCHREALTIME right before printing it) to its answers showing in the
 *   page's needs-you queue (MutationObserver).
 * - answer_ms: from the answer key's keydown in the page (a card focused) to
 *   the pane's program reading that key (it stamps $EPOCHREALTIME on read).
 *
 * It prints measured figures; it asserts nothing.
 */
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { chromium, type Browser } from '@playwright/test';
import type { Session } from '../preload/contract';
import { createApiBackend } from '../main/api/backend';
import { Supervisor } from '../main/core/supervisor';
import { startServer } from '../main/server/httpServer';
import { privateEnv } from '../test/helpers/sandbox';

const run = promisify(execFile);

/** The issue's figure: 500 sessions (LOOPWATCH_BENCH_SESSIONS for a short check). */
const SESSIONS = Number(process.env.LOOPWATCH_BENCH_SESSIONS) || 500;
/** Questions answered from the queue: each its own session and pane. */
const QUEUE_SAMPLES = Number(process.env.LOOPWATCH_BENCH_QUEUE_SAMPLES) || 20;
/**
 * A permission box shown when the bench presses Enter in the pane, stamped
 * just before it is printed; the answer key is stamped as it is read.
 */
const ASKER_SCRIPT = `
IFS= read -r _
printf '%s\\n' "$EPOCHREALTIME" > "$1.shown"
printf '%s\\n' 'Bash command' '' '  rm -rf build' '' 'Do you want to proceed?' \\
  '❯ 1. Yes' "  2. Yes, and don't ask again for this command" \\
  '  3. No, and tell Claude what to do differently (esc)'
IFS= read -rsn1 k
printf '%s\\n' "$EPOCHREALTIME" > "$1.got"
echo "got [$k]"
sleep 3600
`;
/** Cold loads of the dashboard and of the baseline, interleaved (the median is reported). */
const FIRST_RENDER_RUNS = Number(process.env.LOOPWATCH_BENCH_RENDER_RUNS) || 5;
/** Status changes measured: enough for a p95 that is not just the maximum. */
const SAMPLES = 40;
/** Sessions created per tmux invocation (commands chained with ";"). */
const BATCH = 100;
/** Pause between changes, varied so changes do not line up with the 500 ms poll. */
const GAP_MIN_MS = 150;
const GAP_SPREAD_MS = 350;
/** Give up on one change after this long (a lost change is reported, not waited for forever). */
const CHANGE_TIMEOUT_MS = 15_000;
/** Three polls without the change: tmux has likely not reaped the pane's process. */
const UNREAPED_AFTER_MS = 1_500;

const ROOT = join(import.meta.dirname, '..');
const RENDERER_DIR = join(ROOT, 'out', 'renderer');
const json = process.argv.includes('--json');

const now = (): number => performance.timeOrigin + performance.now();

function percentile(sorted: readonly number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? NaN;
}

const round = (ms: number): number => Math.round(ms * 10) / 10;

function log(text: string): void {
  if (!json) process.stderr.write(`${text}\n`);
}

/** In the page, before any script: watch for the full table, and for armed status changes. */
const PAGE_PROBE = `
  window.__lw = { firstRender: null, armed: new Map(), seen: new Map(), queued: new Map(), keyAt: null };
  addEventListener('keydown', (event) => {
    if (event.key === '1') window.__lw.keyAt = performance.timeOrigin + performance.now();
  }, true);
  const expected = String(${SESSIONS + QUEUE_SAMPLES + 1});
  const check = () => {
    const lw = window.__lw;
    if (lw.firstRender === null) {
      const table = document.querySelector('[role="table"][aria-label="Sessions"]');
      if (table && table.getAttribute('aria-rowcount') === expected &&
          table.querySelector('[role="row"][data-session-id]')) {
        lw.firstRender = performance.now();
      }
    }
    for (const option of document.querySelectorAll('.queue-card .prompt-option')) {
      const id = option.closest('.queue-card').getAttribute('data-session-id');
      if (id !== null && !lw.queued.has(id)) lw.queued.set(id, performance.timeOrigin + performance.now());
    }
    if (lw.armed.size === 0) return;
    for (const row of document.querySelectorAll('[role="row"][data-status="crashed"]')) {
      const id = row.getAttribute('data-session-id');
      if (id !== null && lw.armed.has(id)) {
        lw.armed.delete(id);
        lw.seen.set(id, performance.timeOrigin + performance.now());
      }
    }
  };
  new MutationObserver(check).observe(document, {
    subtree: true, childList: true, attributes: true, attributeFilter: ['data-status', 'aria-rowcount'],
  });
`;

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** The baseline page: the same rows as a plain table, no script, no framework. */
function staticTable(sessions: readonly Session[]): string {
  const rows = sessions
    .map(
      (s) =>
        `<div role="row" data-session-id="${escapeHtml(s.id)}"><span role="cell">${escapeHtml(s.displayName)}</span>` +
        `<span role="cell">${s.status}</span><span role="cell">${escapeHtml(s.reason)}</span></div>`,
    )
    .join('');
  return `<!doctype html><html><head><meta charset="utf-8"><title>baseline</title>
<style>body{font:13px system-ui;margin:0}[role=row]{display:flex;gap:8px;height:24px}[role=cell]{overflow:hidden;white-space:nowrap}</style>
</head><body><div role="table" aria-label="Sessions" aria-rowcount="${sessions.length + 1}">${rows}</div></body></html>`;
}

/** One cold load of `url` in a new browser context: ms to the full table (the probe's stamp). */
async function coldFirstRender(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    bypassCSP: true,
  });
  try {
    const page = await context.newPage();
    await page.addInitScript(PAGE_PROBE);
    await page.goto(url);
    await page.waitForFunction('window.__lw && window.__lw.firstRender !== null', undefined, {
      timeout: 60_000,
    });
    return await page.evaluate<number>('window.__lw.firstRender');
  } finally {
    await context.close();
  }
}

const median = (values: readonly number[]): number =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

async function main(): Promise<void> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    process.stderr.write('the dashboard is not built: run `npm run build` first\n');
    process.exit(1);
  }
  const root = await mkdtemp(join(tmpdir(), 'lw-bench-'));
  // UTF-8 in the panes: the permission box's "❯" is drawn as it is, not as "_".
  const env = { ...(await privateEnv(root)), LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };
  const tmux = async (args: string[]): Promise<string> =>
    (await run('tmux', ['-L', 'default', ...args], { env, encoding: 'utf8' })).stdout;

  let serverPid = 0;
  const cleanups: (() => Promise<void> | void)[] = [];
  try {
    log(`creating ${SESSIONS} tmux sessions…`);
    for (let start = 0; start < SESSIONS; start += BATCH) {
      const args: string[] = [];
      for (let i = start; i < Math.min(SESSIONS, start + BATCH); i++) {
        if (args.length) args.push(';');
        // `cat` waits on its terminal: one small process, no output.
        args.push('new-session', '-d', '-s', `agent-${String(i).padStart(3, '0')}`, 'cat');
      }
      await tmux(args);
    }
    const asker = join(root, 'asker.sh');
    await writeFile(asker, ASKER_SCRIPT);
    const askers: string[] = [];
    for (let i = 0; i < QUEUE_SAMPLES; i++) {
      const name = `asker-${String(i).padStart(2, '0')}`;
      askers.push(name);
      // Named Claude's (as a wrapper would): the claude detection rules read its box (issue 18a).
      await tmux([
        'new-session',
        '-d',
        '-s',
        name,
        'bash',
        asker,
        join(root, name),
        ';',
        'set-option',
        '-p',
        '@loopwatch-agent',
        'claude',
      ]);
    }
    await tmux(['set-option', '-wg', 'remain-on-exit', 'on']);
    serverPid = Number((await tmux(['display-message', '-p', '#{pid}'])).trim());
    const panes = new Map<string, number>();
    for (const line of (
      await tmux(['list-panes', '-a', '-F', '#{session_name} #{pane_pid}'])
    ).split('\n')) {
      const [name, pid] = line.split(' ');
      if (name && pid && !name.startsWith('asker-')) panes.set(name, Number(pid));
    }

    const supervisor = new Supervisor({ env });
    cleanups.push(() => supervisor.dispose());
    const emitted = new Map<string, number>();
    // Registered before the API backend: stamped as the delta leaves the supervisor.
    supervisor.on('delta', (delta) => {
      const at = now();
      for (const session of delta.upsert) {
        if (session.status === 'crashed' && !emitted.has(session.id)) emitted.set(session.id, at);
      }
    });
    await supervisor.start();
    const socket = supervisor.servers()[0]?.socket ?? '';
    const idOf = (name: string): string => `tmux:${socket}:${name}`;
    // Sessions start "working" (fresh activity) and settle to "idle": measure on a quiet list.
    const deadline = Date.now() + 30_000;
    while (
      Date.now() < deadline &&
      (supervisor.sessions().length < SESSIONS + QUEUE_SAMPLES ||
        supervisor.sessions().some((s) => s.status === 'working'))
    ) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const backend = createApiBackend(supervisor, {}, { env });
    cleanups.push(() => backend.dispose());
    const server = await startServer({ backend, rendererDir: RENDERER_DIR });
    cleanups.push(() => server.close());

    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
    cleanups.push(() => browser.close());
    // The page's CSP forbids eval; the probes below are the harness's, not the page's.
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
    await page.addInitScript(PAGE_PROBE);
    log('opening the dashboard…');
    await page.goto(server.tokenUrl);
    page.on('pageerror', (error) => log(`page error: ${error.message}`));
    await page
      .waitForFunction('window.__lw && window.__lw.firstRender !== null', undefined, {
        timeout: 60_000,
      })
      .catch(async (error: unknown) => {
        const state = await page.evaluate<string>(
          `document.querySelector('[role="table"]')?.getAttribute('aria-rowcount') ?? 'no table'`,
        );
        throw new Error(`the list never showed every session (aria-rowcount ${state})`, {
          cause: error,
        });
      });
    const firstRenders = [await page.evaluate<number>('window.__lw.firstRender')];
    const baselineHtml = staticTable(supervisor.sessions());
    const baselineServer = createServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      response.end(baselineHtml);
    });
    await new Promise<void>((resolve) => baselineServer.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => baselineServer.close(() => resolve())));
    const baselineUrl = `http://127.0.0.1:${(baselineServer.address() as AddressInfo).port}/`;
    log(`measuring ${FIRST_RENDER_RUNS} cold loads of the dashboard and of the baseline…`);
    const baselineRenders: number[] = [];
    for (let i = 0; i < FIRST_RENDER_RUNS; i++) {
      baselineRenders.push(await coldFirstRender(browser, baselineUrl));
      if (firstRenders.length < FIRST_RENDER_RUNS)
        firstRenders.push(await coldFirstRender(browser, server.tokenUrl));
    }
    const firstRender = median(firstRenders);
    const baselineRender = median(baselineRenders);

    log(`measuring ${SAMPLES} status changes…`);
    const latencies: number[] = [];
    let lost = 0;
    // Descending names: each newly crashed session sorts first among the crashed, in view.
    const victims = [...panes.keys()].sort().reverse().slice(0, SAMPLES);
    const seenIn = async (id: string, timeout: number): Promise<boolean> =>
      page
        .waitForFunction(`window.__lw.seen.has(${JSON.stringify(id)})`, undefined, { timeout })
        .then(
          () => true,
          () => false,
        );
    let nudged = 0;
    for (const name of victims) {
      const id = idOf(name);
      await page.evaluate(`window.__lw.armed.set(${JSON.stringify(id)}, true)`);
      process.kill(panes.get(name)!, 'SIGTERM');
      let seen = await seenIn(id, UNREAPED_AFTER_MS);
      if (!seen && supervisor.sessions().find((s) => s.id === id)?.status === 'unknown') {
        // tmux 3.3 missed this child's exit (a zombie, no exit status yet): make it reap one
        // of its own children, which reaps this one too. The clock starts at the crashed delta.
        nudged += 1;
        await tmux(['run-shell', 'true']);
      }
      if (!seen) seen = await seenIn(id, CHANGE_TIMEOUT_MS);
      const shown = seen
        ? await page.evaluate<number>(`window.__lw.seen.get(${JSON.stringify(id)})`)
        : undefined;
      const sent = emitted.get(id);
      if (shown === undefined || sent === undefined) {
        lost += 1;
        const session = supervisor.sessions().find((s) => s.id === id);
        log(`not seen: ${name} is ${session?.status ?? 'gone'} (${session?.reason ?? ''})`);
      } else {
        latencies.push(shown - sent);
      }
      await new Promise((resolve) =>
        setTimeout(resolve, GAP_MIN_MS + Math.random() * GAP_SPREAD_MS),
      );
    }
    latencies.sort((a, b) => a - b);

    log(`measuring ${QUEUE_SAMPLES} questions: shown in the queue, then answered…`);
    const queued: number[] = [];
    const answered: number[] = [];
    const stamp = async (file: string): Promise<number | null> => {
      for (let i = 0; i < 200; i++) {
        const text = await readFile(file, 'utf8').catch(() => '');
        if (text.trim()) return Number(text.trim()) * 1000;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      return null;
    };
    for (const name of askers) {
      const id = JSON.stringify(idOf(name));
      await tmux(['send-keys', '-t', `=${name}:`, 'Enter']);
      const inQueue = await page
        .waitForFunction(`window.__lw.queued.has(${id})`, undefined, { timeout: CHANGE_TIMEOUT_MS })
        .then(
          () => true,
          () => false,
        );
      const shownAt = await stamp(join(root, `${name}.shown`));
      if (!inQueue || shownAt === null) {
        log(`question not seen in the queue: ${name}`);
        continue;
      }
      queued.push((await page.evaluate<number>(`window.__lw.queued.get(${id})`)) - shownAt);
      await page.focus(`.queue-card[data-session-id=${JSON.stringify(idOf(name))}]`);
      await page.keyboard.press('1');
      const gotAt = await stamp(join(root, `${name}.got`));
      const keyAt = await page.evaluate<number | null>('window.__lw.keyAt');
      if (gotAt === null || keyAt === null) log(`answer not received: ${name}`);
      else answered.push(gotAt - keyAt);
      await new Promise((resolve) =>
        setTimeout(resolve, GAP_MIN_MS + Math.random() * GAP_SPREAD_MS),
      );
    }
    queued.sort((a, b) => a - b);
    answered.sort((a, b) => a - b);
    const result = {
      sessions: SESSIONS,
      first_render_ms: round(firstRender),
      first_render_baseline_ms: round(baselineRender),
      update_ms: { p50: round(percentile(latencies, 50)), p95: round(percentile(latencies, 95)) },
      queue_ms: { p50: round(percentile(queued, 50)), p95: round(percentile(queued, 95)) },
      answer_ms: { p50: round(percentile(answered, 50)), p95: round(percentile(answered, 95)) },
    };
    if (json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
    } else {
      const lines = [
        `sessions:                  ${SESSIONS} (real tmux sessions, one private server)`,
        `first full render:         ${result.first_render_ms} ms (cold, from opening the URL; median of ${firstRenders.length})`,
        `baseline (static table):   ${result.first_render_baseline_ms} ms (same rows, no script, same browser, median of ${baselineRenders.length})`,
        `delta emitted → on screen: p50 ${result.update_ms.p50} ms, p95 ${result.update_ms.p95} ms` +
          ` (${latencies.length} changes${lost ? `, ${lost} not seen` : ''}; max ${round(latencies.at(-1) ?? NaN)} ms)`,
        `prompt in pane → in queue: p50 ${result.queue_ms.p50} ms, p95 ${result.queue_ms.p95} ms (${queued.length} questions)`,
        `answer key → pane reads it: p50 ${result.answer_ms.p50} ms, p95 ${result.answer_ms.p95} ms (${answered.length} answers)`,
      ];
      if (nudged) {
        lines.push(
          `tmux left ${nudged} exited pane process(es) unreaped until nudged (run-shell true); timed from the crashed delta`,
        );
      }
      process.stdout.write(`${lines.join('\n')}\n`);
    }
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await tmux(['kill-server']).catch(() => undefined);
    // A server with 500 panes takes a moment to exit after kill-server.
    for (let i = 0; i < 100 && serverPid > 0; i++) {
      try {
        process.kill(serverPid, 0);
      } catch {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await rm(root, { recursive: true, force: true });
  }
}

await main();
