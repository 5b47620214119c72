/**
 * Cleanup of a remote host's tmux-skill registries (issue 17): the host's
 * own registry files (found, ownership-checked and parsed as the host's
 * sessions are: hosts/hostSourceFiles.ts), each entry judged by the same
 * health rule as locally (registryHealth.ts) against the host's tmux
 * servers and the host's processes.
 *
 * Applying re-reads the registry on the host and re-checks the entry and
 * its health there; the new text is then written on the host by one fixed
 * script (paths and values only as its arguments, the text on its stdin)
 * that takes the skill's own writer lock (FIELD.md section 2, as
 * registryLock.ts: flock(1) on SOCKET_DIR/.sessions.lock, or the mkdir lock
 * where that is in use or flock is missing), compares the file with what
 * was read (sha256), keeps a backup beside it, and replaces it through a
 * temp file in the same directory and a rename.
 */
import { createHash } from 'node:crypto';
import { HostSourceFiles } from '../../hosts/hostSourceFiles';
import type { HostConnection } from '../../hosts/hostConnection';
import { remoteMachine } from '../../hosts/remoteMachine';
import type { Machine } from '../../machine/machine';
import { parseRegistry, type RegistryEntry } from '../../sources/tmuxSkill/registry';
import type { ServerScan } from '../../tmux/scanServers';
import type { ActionContext } from '../context';
import { fileStamp } from '../files';
import { detectJsonFormat, formatJson } from '../jsonFormat';
import { hostConnectionOf, placeOf } from '../tmuxPlace';
import type { ItemCheck, PlannedItem } from './items';
import { entryHealth, parseTarget, type HealthVerdict } from './registryHealth';
import { REGISTRY_LOCK_TIMEOUT_MS } from './registryLock';
import { registryEntryItem } from './registryItem';

type Outcome = {
  outcome: 'done' | 'skipped' | 'failed';
  detail: string;
  data?: Record<string, unknown>;
};

/** The write's bound: the lock wait, plus a few seconds for the link and the copy. */
const WRITE_SLACK_MS = 10_000;

/**
 * `sh -c WRITE_SCRIPT sh REGISTRY SHA256 WAIT_S STAMP` with the new text on
 * stdin. Prints one line: `done BACKUP`, `changed`, `gone`, `locked`,
 * `nosum` (no sha256sum on the host) or `failed WHY`.
 */
const WRITE_SCRIPT = `
reg=$1; want=$2; wait_s=$3; stamp=$4
dir=\${reg%/*}; lock=$dir/.sessions.lock
apply() {
  [ -f "$reg" ] || { echo gone; return; }
  command -v sha256sum >/dev/null 2>&1 || { echo nosum; return; }
  have=$(sha256sum < "$reg") || { echo "failed cannot read $reg"; return; }
  [ "\${have%% *}" = "$want" ] || { echo changed; return; }
  bak=$reg.bak-$stamp; n=0
  while [ -e "$bak" ]; do n=$((n + 1)); bak=$reg.bak-$stamp-$n; done
  cp -p -- "$reg" "$bak" || { echo "failed cannot back up to $bak"; return; }
  tmp=$(mktemp "$dir/.sessions.json.loopwatch.XXXXXX") || { echo "failed cannot write in $dir"; return; }
  if cat > "$tmp" && chmod "$(stat -c %a -- "$reg")" "$tmp" && mv -f -- "$tmp" "$reg"; then
    echo "done $bak"
  else
    rm -f -- "$tmp"; echo "failed cannot replace $reg"
  fi
}
if [ ! -d "$lock" ] && command -v flock >/dev/null 2>&1; then
  exec 9>>"$lock" || { echo "failed cannot open $lock"; exit 0; }
  flock -x -w "$wait_s" 9 || { echo locked; exit 0; }
  apply
else
  tries=$((wait_s * 10))
  until mkdir "$lock" 2>/dev/null; do
    tries=$((tries - 1)); [ "$tries" -gt 0 ] || { echo locked; exit 0; }
    sleep 0.1
  done
  echo "$$ loopwatch $stamp" > "$lock/owner" 2>/dev/null
  apply
  rm -rf -- "$lock"
fi
`;

/** Dead pids among the target panes of `entries` (checked on the host), for the zombie class. */
async function deadPids(
  machine: Machine,
  entries: readonly { entry: RegistryEntry; scan: ServerScan }[],
): Promise<Set<number>> {
  const pids = new Set<number>();
  for (const { entry, scan } of entries) {
    const target = parseTarget(entry.target, entry.name);
    const session = scan.sessions.find((s) => s.name === target.session);
    for (const pane of session?.panes ?? [])
      if (!pane.dead && pane.pid !== null) pids.add(pane.pid);
  }
  const dead = new Set<number>();
  await Promise.all(
    [...pids].map(async (pid) => {
      // No answer is not "dead": such a pane is left out of the zombie class.
      if (!(await machine.processes.alive(pid).catch(() => true))) dead.add(pid);
    }),
  );
  return dead;
}

async function judge(
  ctx: ActionContext,
  host: string,
  machine: Machine,
  entries: readonly RegistryEntry[],
): Promise<HealthVerdict[]> {
  const place = placeOf(ctx, host);
  const scans = new Map<string, Promise<ServerScan>>();
  const withScans = await Promise.all(
    entries.map(async (entry) => {
      let scan = scans.get(entry.socket);
      if (!scan) {
        scan = place.scan(entry.socket);
        scans.set(entry.socket, scan);
      }
      return { entry, scan: await scan };
    }),
  );
  const dead = await deadPids(machine, withScans);
  return withScans.map(({ entry, scan }) => entryHealth(entry, scan, (pid) => !dead.has(pid)));
}

/** The host's registry entries that are not healthy; unusable registries become warnings. */
export async function hostRegistryItems(
  ctx: ActionContext,
  host: string,
  now: number,
  warnings: string[],
): Promise<PlannedItem[]> {
  const connection = hostConnectionOf(ctx, host);
  const machine = remoteMachine(connection);
  const files = new HostSourceFiles(connection, machine, true);
  await files.start();
  files.stop();
  const items: PlannedItem[] = [];
  for (const [registry, read] of files.registryReads()) {
    if (read.state === 'absent') continue;
    if (read.state === 'error') {
      warnings.push(`host ${host}: ${read.error}; its entries were not checked`);
      continue;
    }
    // The raw text: the entry's own JSON is what applying compares.
    const text = await machine.files.readTextFile(registry);
    if (!text.ok) {
      warnings.push(`host ${host}: ${text.error}; its entries were not checked`);
      continue;
    }
    const parsed = parseRegistry(text.text, registry);
    if (!parsed.ok) {
      warnings.push(`host ${host}: ${parsed.error}: its entries were not checked`);
      continue;
    }
    for (const problem of parsed.registry.problems)
      warnings.push(`host ${host}: ${registry}: ${problem.error}`);
    const raw = (JSON.parse(text.text) as { sessions: Record<string, unknown> }).sessions;
    const verdicts = await judge(ctx, host, machine, parsed.registry.entries);
    parsed.registry.entries.forEach((entry, i) => {
      const verdict = verdicts[i]!;
      if (verdict.health !== 'healthy')
        items.push(registryEntryItem(registry, entry, raw[entry.name], verdict, now, host));
    });
  }
  return items;
}

/** Run the write script on the host with `input` on its stdin; its one line of answer. */
async function runWrite(
  connection: HostConnection,
  args: readonly string[],
  input: string,
  timeoutMs: number,
): Promise<string> {
  const line = (
    await connection.runRemote(['sh', '-c', WRITE_SCRIPT, 'sh', ...args], timeoutMs, { input })
  ).trim();
  if (line === '') throw new Error('no answer from the host');
  return line;
}

/** Remove the entry from the host's registry, after re-checking it there. */
export async function applyHostRegistryEntry(
  ctx: ActionContext,
  check: Extract<ItemCheck, { kind: 'registryEntry' }> & { host: string },
  lockTimeoutMs = REGISTRY_LOCK_TIMEOUT_MS,
): Promise<Outcome> {
  const skipped = (detail: string): Outcome => ({ outcome: 'skipped', detail });
  const connection = hostConnectionOf(ctx, check.host);
  const machine = remoteMachine(connection);
  const read = await machine.files.readTextFile(check.registry);
  if (!read.ok) return skipped(read.missing ? 'the registry is gone' : read.error);
  const parsed = parseRegistry(read.text, check.registry);
  if (!parsed.ok) return skipped(`${parsed.error}: left as it is`);
  const root = JSON.parse(read.text) as { sessions: Record<string, unknown> };
  if (!Object.hasOwn(root.sessions, check.name)) return skipped('the entry is already gone');
  if (JSON.stringify(root.sessions[check.name]) !== check.entryJson)
    return skipped('the entry changed since the plan: left as it is');
  const entry = parsed.registry.entries.find((e) => e.name === check.name);
  if (entry) {
    const [verdict] = await judge(ctx, check.host, machine, [entry]);
    if (verdict!.health === 'healthy') return skipped(`it is healthy now (${verdict!.detail})`);
  }
  Reflect.deleteProperty(root.sessions, check.name);
  const sha = createHash('sha256').update(read.text).digest('hex');
  const waitS = Math.max(1, Math.ceil(lockTimeoutMs / 1000));
  const answer = await runWrite(
    connection,
    [check.registry, sha, String(waitS), fileStamp(Date.now())],
    formatJson(root, detectJsonFormat(read.text)),
    lockTimeoutMs + WRITE_SLACK_MS,
  );
  const where = `${check.registry} on host ${check.host}`;
  if (answer.startsWith('done ')) {
    const backup = answer.slice('done '.length);
    return {
      outcome: 'done',
      detail: `removed entry ${check.name} from ${where} (backup: ${backup})`,
      data: { host: check.host, registry: check.registry, backup, entry: check.entryJson },
    };
  }
  switch (answer) {
    case 'changed':
      return skipped('the registry changed at the last moment: left as it is');
    case 'gone':
      return skipped('the registry is gone');
    case 'locked':
      return skipped(
        `the registry is locked by another writer (${check.registry.replace(/[^/]*$/, '.sessions.lock')} on host ${check.host}, waited ${waitS} s)`,
      );
    case 'nosum':
      return skipped(`the host has no sha256sum to compare ${where} with: left as it is`);
    default:
      return {
        outcome: 'failed',
        detail: `${answer.replace(/^failed /, '')} (on host ${check.host})`,
      };
  }
}
