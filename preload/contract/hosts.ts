/**
 * Remote hosts (issue 17): a host as the settings hold it, and how a host
 * is doing as the snapshot reports it. Sessions and servers on a host carry
 * its name in `host` (absent for this machine, "local").
 */
import { z } from 'zod';
import { IsoTime } from './primitives';

/** Paths on a host: absolute there (nothing resolves them against our cwd). */
const RemotePath = z.string().regex(/^\//, 'an absolute path, starting with /');

/** A remote host in the settings; see main/core/hosts/hostSpec.ts for the rules. */
export const HostSettingSchema = z.object({
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'letters, digits, ".", "_" or "-"')
    .refine((name) => name !== 'local', '"local" is this machine'),
  /** The ssh destination as the user's own `ssh` takes it (`user@host` or a config alias). */
  destination: z
    .string()
    .min(1)
    .regex(/^[^-\s][^\s]*$/, 'no leading "-" and no whitespace'),
  /** ssh config file for this host (`ssh -F`), on this machine; null: the global one, else ssh's default. */
  sshConfig: z.string().regex(/^\//, 'an absolute path, starting with /').nullable().default(null),
  sockets: z.array(RemotePath).default(() => []),
  projectRoots: z.array(RemotePath).default(() => []),
});
export type HostSetting = z.output<typeof HostSettingSchema>;

/** How a remote host is doing: reachable, or why not since when. */
export const HostHealthSchema = z.object({
  name: z.string().min(1),
  /** The ssh destination as configured. */
  destination: z.string(),
  state: z.enum(['up', 'unreachable', 'auth-failed', 'host-key']),
  /** Why it is not up ("connection timed out", "auth failed ..."); null when up. */
  reason: z.string().nullable(),
  /** Since when it is in this state. */
  since: IsoTime,
  checkedAt: IsoTime,
  /** `tmux -V` on the host, when known. */
  tmuxVersion: z.string().nullable(),
});
export type HostHealth = z.infer<typeof HostHealthSchema>;
