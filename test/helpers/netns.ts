/**
 * Remote "hosts" for tests: each one a network namespace joined to this
 * machine by a veth pair (a private /30), running its own Debian sshd (keys
 * generated for this run) and its own tmux servers started inside the
 * namespace. Loopwatch reaches them only through ssh with the ssh config
 * file written here (`--ssh-config`); cutting a host's link makes it
 * unreachable while everything local keeps working.
 *
 * The file system is shared with the namespaces (only the network is
 * separate), so every host gets its own TMUX_TMPDIR, TMPDIR and HOME under
 * the lab's temp dir (sshd's SetEnv hands them to every ssh session) and
 * nothing on a host can name this machine's tmux sockets by accident.
 * Root's real HOME is never touched: every ssh and sshd file is in the lab.
 *
 * Needs root (CAP_NET_ADMIN, CAP_SYS_ADMIN), iproute2, openssh-server and
 * openssh-client. `labSupport()` says why a lab cannot run here.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { randomInt } from 'node:crypto';
import {
  appendFile,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { eventually, sandboxRunPrefix } from './sandbox';

const run = promisify(execFile);

/** Namespace names start with this (plus the creating pid), so a sweep finds stale ones. */
export const NETNS_PREFIX = 'lwhost-';

/**
 * A lab namespace's name: the prefix, the creating pid, the test run's tag
 * (so a run's teardown knows its own: leftovers.ts), the host's index.
 */
export function labNetnsName(index: number | 'probe'): string {
  return `${NETNS_PREFIX}${process.pid}-${process.env.LOOPWATCH_TEST_RUN ?? 'adhoc'}-${index}`;
}
const SSHD = '/usr/sbin/sshd';
/** The lab's addresses: 10.217.0.0/16, one /30 per host, chosen free at creation. */
const LAB_NET_SECOND_OCTET = 217;
/** /30 blocks in the lab range (the third and fourth octets give 16384 of them). */
const LAB_BLOCKS = 16_384;
/** sshd answers within this long once started (a loaded CI machine is slow). */
const SSHD_READY_MS = 15_000;

export interface LabHost {
  /** The ssh config's Host name (what `--host NAME=DEST` takes as DEST). */
  name: string;
  netns: string;
  /** Host side and namespace side of the veth pair. */
  vethOut: string;
  vethIn: string;
  /** The host's address (inside the namespace). */
  address: string;
  /** This host's private dirs (what its ssh sessions see as TMUX_TMPDIR, TMPDIR, HOME). */
  root: string;
  env: NodeJS.ProcessEnv;
  /** `$TMUX_TMPDIR/tmux-0`: the host's default socket dir. */
  socketDir: string;
  sshdConfig: string;
  sshd: ChildProcess | null;
  /** Its host key's public line (`ssh-ed25519 AAAA...`). */
  hostPublicKey: string;
  /** The PATH its ssh sessions get (null: sshd's default). */
  path: string | null;
}

export interface HostSpec {
  name: string;
  /** Put the host key in known_hosts (default yes). */
  knownKey?: boolean;
  /** Accept the lab's user key (default yes); false: every login is refused. */
  authorized?: boolean;
  /**
   * Programs the host lacks (e.g. `inotifywait`): its ssh sessions get a PATH
   * of one dir holding links to every program of the standard PATH but these.
   */
  missing?: readonly string[];
}

/** The PATH sshd gives root's sessions (Debian's default), which `missing` rebuilds. */
const STANDARD_PATH = [
  '/usr/local/sbin',
  '/usr/local/bin',
  '/usr/sbin',
  '/usr/bin',
  '/sbin',
  '/bin',
];

/** A dir of links to every program on STANDARD_PATH except `missing` (the first of a name wins). */
async function pathWithout(dir: string, missing: readonly string[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  const linked = new Set(missing);
  for (const from of STANDARD_PATH) {
    for (const name of await readdir(from).catch(() => [] as string[])) {
      if (linked.has(name)) continue;
      linked.add(name);
      await symlink(join(from, name), join(dir, name));
    }
  }
}

export interface HostLab {
  root: string;
  /** The ssh config file (`ssh -F`): one Host entry per lab host. */
  sshConfig: string;
  knownHosts: string;
  hosts: Map<string, LabHost>;
  host(name: string): LabHost;
  /** Run tmux inside the host's namespace with the host's environment (`-L socketName`). */
  tmux(host: string, args: readonly string[], socketName?: string): Promise<string>;
  /** Cut the host's link (its side and ours); `linkUp` brings it back. */
  linkDown(host: string): Promise<void>;
  linkUp(host: string): Promise<void>;
  /** Kill the listening sshd only (established connections live on, as with a restart). */
  killSshd(host: string): Promise<void>;
  /** Kill every sshd process of the host: the listener and every connection's. */
  dropSsh(host: string): Promise<void>;
  startSshd(host: string): Promise<void>;
  /** End every tmux server of the host. */
  killTmux(host: string): Promise<void>;
  /** The tc netem qdisc on the host's link (throws when the kernel has no netem). */
  delay(host: string, ms: number): Promise<void>;
  cleanup(): Promise<void>;
}

async function sh(cmd: string, args: readonly string[]): Promise<string> {
  const { stdout } = await run(cmd, [...args], { encoding: 'utf8' });
  return stdout;
}

/** Why a lab cannot be made on this machine; null when it can. */
export async function labSupport(): Promise<string | null> {
  if (process.getuid?.() !== 0) return 'network namespaces need root';
  for (const tool of ['ip', 'ssh', 'ssh-keygen', 'ssh-keyscan', SSHD, 'tmux']) {
    try {
      await run('sh', ['-c', 'command -v "$1"', 'sh', tool]);
    } catch {
      return `${tool} is not installed (apt-get install openssh-server openssh-client iproute2 tmux)`;
    }
  }
  const probe = labNetnsName('probe');
  try {
    await sh('ip', ['netns', 'add', probe]);
  } catch (error) {
    return `ip netns add fails here: ${(error as Error).message.trim()}`;
  } finally {
    await run('ip', ['netns', 'del', probe]).catch(() => undefined);
  }
  return null;
}

/** Is the kernel's netem qdisc available (for the slow-link fault)? */
export async function netemSupport(): Promise<string | null> {
  const config = await run('sh', ['-c', 'zcat /proc/config.gz 2>/dev/null']).catch(() => null);
  if (config && /# CONFIG_NET_SCH_NETEM is not set/.test(config.stdout))
    return 'this kernel is built without sch_netem (CONFIG_NET_SCH_NETEM is not set)';
  return null;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Kill every process in a namespace, then delete it (its veth pair goes with it). */
export async function destroyNetns(netns: string): Promise<void> {
  const pids = await sh('ip', ['netns', 'pids', netns]).catch(() => '');
  for (const pid of pids.split('\n').filter(Boolean)) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  await run('ip', ['netns', 'del', netns]).catch(() => undefined);
}

/** Delete lab namespaces whose creating process is gone (a crashed or killed test run). */
export async function sweepStaleNamespaces(): Promise<string[]> {
  const listed = await sh('ip', ['netns', 'list']).catch(() => '');
  const stale: string[] = [];
  for (const line of listed.split('\n')) {
    const name = line.split(' ')[0] ?? '';
    const match = new RegExp(`^${NETNS_PREFIX}(\\d+)-`).exec(name);
    if (!match || pidAlive(Number(match[1]))) continue;
    stale.push(name);
    await destroyNetns(name);
  }
  return stale;
}

/** ssh clients (shared connections too) that use this lab's config file: none may outlive it. */
async function killSshClients(sshConfig: string): Promise<void> {
  const listed = await sh('ps', ['-eo', 'pid=,args=']).catch(() => '');
  for (const line of listed.split('\n')) {
    const match = /^\s*(\d+)\s+(ssh .*)$/.exec(line);
    if (!match?.[2]?.includes(sshConfig)) continue;
    try {
      process.kill(Number(match[1]), 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

/** A /30 of the lab range with no address on this machine yet. */
async function freeBlock(taken: Set<number>): Promise<number> {
  const used = await sh('ip', ['-4', '-o', 'addr', 'show']);
  for (let tries = 0; tries < 100; tries++) {
    const block = randomInt(LAB_BLOCKS);
    const [a, b] = blockAddresses(block);
    if (!taken.has(block) && !used.includes(` ${a}/`) && !used.includes(` ${b}/`)) return block;
  }
  throw new Error('no free /30 in 10.217.0.0/16');
}

/** The two usable addresses of /30 number `block`: ours, the host's. */
function blockAddresses(block: number): [string, string] {
  const base = block * 4;
  const third = Math.floor(base / 256);
  const fourth = base % 256;
  return [
    `10.${LAB_NET_SECOND_OCTET}.${third}.${fourth + 1}`,
    `10.${LAB_NET_SECOND_OCTET}.${third}.${fourth + 2}`,
  ];
}

function sshdConfigText(lab: string, host: LabHost): string {
  const env = ['TMUX_TMPDIR', 'TMPDIR', 'HOME'].map((k) => `${k}=${host.env[k] ?? ''}`);
  if (host.path !== null) env.push(`PATH=${host.path}`);
  return [
    'Port 22',
    `ListenAddress ${host.address}`,
    `HostKey ${join(host.root, 'ssh_host_ed25519_key')}`,
    `PidFile ${join(host.root, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(host.root, 'authorized_keys')}`,
    // Temp dirs are not root-owned 0755 all the way up as StrictModes wants.
    'StrictModes no',
    'UsePAM no',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PermitRootLogin prohibit-password',
    // Enough for a few control masters plus the tests' own connections.
    'MaxStartups 50',
    'MaxSessions 50',
    `SetEnv ${env.join(' ')}`,
    `# lab ${lab}`,
    '',
  ].join('\n');
}

export async function createHostLab(specs: readonly HostSpec[]): Promise<HostLab> {
  const problem = await labSupport();
  if (problem) throw new Error(`cannot make test hosts: ${problem}`);
  await sweepStaleNamespaces();
  // Short: the ssh ControlPath sockets of Loopwatch may sit under it (108-byte limit).
  const root = await mkdtemp(join(tmpdir(), `${sandboxRunPrefix()}h`));
  const userKey = join(root, 'id_ed25519');
  const knownHosts = join(root, 'known_hosts');
  const sshConfig = join(root, 'ssh_config');
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'loopwatch-test', '-f', userKey]);
  const userPublic = await readFile(`${userKey}.pub`, 'utf8');
  await writeFile(knownHosts, '');
  await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
  const hosts = new Map<string, LabHost>();
  const blocks = new Set<number>();
  const lab: HostLab = {
    root,
    sshConfig,
    knownHosts,
    hosts,
    host(name) {
      const host = hosts.get(name);
      if (!host) throw new Error(`no lab host ${name}`);
      return host;
    },
    async tmux(name, args, socketName = 'default') {
      const host = lab.host(name);
      const { stdout } = await run(
        'ip',
        ['netns', 'exec', host.netns, 'tmux', '-L', socketName, ...args],
        { env: host.env, encoding: 'utf8' },
      );
      return stdout;
    },
    async linkDown(name) {
      const host = lab.host(name);
      await sh('ip', ['link', 'set', host.vethOut, 'down']);
      await sh('ip', ['-n', host.netns, 'link', 'set', host.vethIn, 'down']);
    },
    async linkUp(name) {
      const host = lab.host(name);
      await sh('ip', ['-n', host.netns, 'link', 'set', host.vethIn, 'up']);
      await sh('ip', ['link', 'set', host.vethOut, 'up']);
    },
    async killSshd(name) {
      const host = lab.host(name);
      const child = host.sshd;
      host.sshd = null;
      if (!child || child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
    async dropSsh(name) {
      await lab.killSshd(name);
      const pids = await sh('ip', ['netns', 'pids', lab.host(name).netns]).catch(() => '');
      for (const pid of pids.split('\n').filter(Boolean)) {
        const comm = await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '');
        if (comm.trim() !== 'sshd') continue;
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
    },
    async startSshd(name) {
      const host = lab.host(name);
      if (host.sshd) return;
      const child = spawn(
        'ip',
        ['netns', 'exec', host.netns, SSHD, '-D', '-e', '-f', host.sshdConfig],
        {
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
      host.sshd = child;
      const log: string[] = [];
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => log.push(chunk));
      // Ready once a TCP connection to port 22 is accepted (ssh-keyscan answers).
      await eventually(
        async () => {
          if (child.exitCode !== null)
            throw new Error(`sshd exited: ${log.join('').trim() || child.exitCode}`);
          const { stdout } = await run('ssh-keyscan', ['-T', '2', '-t', 'ed25519', host.address]);
          return stdout.includes('ssh-ed25519');
        },
        `sshd on ${name}`,
        SSHD_READY_MS,
      );
    },
    async killTmux(name) {
      const host = lab.host(name);
      const sockets = await sh('ls', [host.socketDir]).catch(() => '');
      for (const socket of sockets.split('\n').filter(Boolean)) {
        const path = join(host.socketDir, socket);
        await run('tmux', ['-S', path, 'kill-server']).catch(() => undefined);
        // kill-server returns before the server is gone; a new server on the same
        // socket must not race the old one's exit (it removes the socket last).
        await eventually(() => !existsSync(path), `tmux on ${path} to exit`, 5_000).catch(
          () => undefined,
        );
      }
    },
    async delay(name, ms) {
      const host = lab.host(name);
      await sh('tc', [
        'qdisc',
        'replace',
        'dev',
        host.vethOut,
        'root',
        'netem',
        'delay',
        `${ms}ms`,
      ]);
    },
    async cleanup() {
      await killSshClients(sshConfig);
      for (const name of hosts.keys()) {
        await lab.killTmux(name).catch(() => undefined);
        await lab.killSshd(name).catch(() => undefined);
        await destroyNetns(lab.host(name).netns);
      }
      await rm(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    },
  };
  try {
    let index = 0;
    const configLines: string[] = [];
    for (const spec of specs) {
      const block = await freeBlock(blocks);
      blocks.add(block);
      const [ours, theirs] = blockAddresses(block);
      const hostRoot = join(root, spec.name);

      const host: LabHost = {
        name: spec.name,
        netns: labNetnsName(index),
        // Interface names are at most 15 characters.
        vethOut: `lw${process.pid}o${index}`.slice(0, 15),
        vethIn: `lw${process.pid}i${index}`.slice(0, 15),
        address: theirs,
        root: hostRoot,
        env: {
          ...process.env,
          TMUX_TMPDIR: join(hostRoot, 'tmux'),
          TMPDIR: join(hostRoot, 'tmp'),
          HOME: join(hostRoot, 'home'),
          TMUX: undefined,
          TMUX_PANE: undefined,
          HISTFILE: '/dev/null',
        },
        socketDir: join(hostRoot, 'tmux', 'tmux-0'),
        sshdConfig: join(hostRoot, 'sshd_config'),
        sshd: null,
        hostPublicKey: '',
        path: spec.missing?.length ? join(hostRoot, 'bin') : null,
      };
      index++;
      hosts.set(spec.name, host);
      for (const dir of ['tmux', 'tmp', 'home'])
        await mkdir(join(hostRoot, dir), { recursive: true });
      if (host.path !== null) await pathWithout(host.path, spec.missing ?? []);
      const hostKey = join(hostRoot, 'ssh_host_ed25519_key');
      await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', spec.name, '-f', hostKey]);
      host.hostPublicKey = (await readFile(`${hostKey}.pub`, 'utf8'))
        .trim()
        .split(' ')
        .slice(0, 2)
        .join(' ');
      await writeFile(
        join(hostRoot, 'authorized_keys'),
        spec.authorized === false ? '' : userPublic,
      );
      await writeFile(host.sshdConfig, sshdConfigText(root, host));
      if (spec.knownKey !== false)
        await appendFile(knownHosts, `${theirs} ${host.hostPublicKey}\n`);
      await sh('ip', ['netns', 'add', host.netns]);
      await sh('ip', ['link', 'add', host.vethOut, 'type', 'veth', 'peer', 'name', host.vethIn]);
      await sh('ip', ['link', 'set', host.vethIn, 'netns', host.netns]);
      await sh('ip', ['addr', 'add', `${ours}/30`, 'dev', host.vethOut]);
      await sh('ip', ['link', 'set', host.vethOut, 'up']);
      await sh('ip', ['-n', host.netns, 'addr', 'add', `${theirs}/30`, 'dev', host.vethIn]);
      await sh('ip', ['-n', host.netns, 'link', 'set', host.vethIn, 'up']);
      await sh('ip', ['-n', host.netns, 'link', 'set', 'lo', 'up']);
      configLines.push(
        `Host ${spec.name}`,
        `  HostName ${theirs}`,
        '  User root',
        '  Port 22',
        `  IdentityFile ${userKey}`,
        '  IdentitiesOnly yes',
        `  UserKnownHostsFile ${knownHosts}`,
        '  GlobalKnownHostsFile /dev/null',
        '',
      );
    }
    await writeFile(sshConfig, configLines.join('\n'));
    await Promise.all([...hosts.keys()].map((name) => lab.startSshd(name)));
  } catch (error) {
    await lab.cleanup().catch(() => undefined);
    throw error;
  }
  return lab;
}
