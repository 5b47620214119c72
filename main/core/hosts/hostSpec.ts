/**
 * A remote host as Loopwatch knows it: a name for people, the ssh
 * destination exactly as the user's own `ssh` would take it (so
 * ~/.ssh/config, keys and the agent apply), optionally an ssh config file
 * (`ssh -F`), and extra tmux sockets and project roots on that host.
 */

/** The local machine's host name: a host like the others, never shown as a label. */
export const LOCAL_HOST = 'local';

/** Host names: short words people type in `--host NAME=DEST` and see on rows. */
const HOST_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

export interface HostSpec {
  name: string;
  /** `[user@]host` or an ssh config Host alias. */
  destination: string;
  /** ssh config file for this host (`ssh -F FILE`); null: ssh's own default. */
  sshConfig: string | null;
  /** Extra tmux sockets on the host (absolute paths there). */
  sockets: string[];
  /** Project roots on the host whose pipeline runs to watch. */
  projectRoots: string[];
}

/** Why `name` cannot be a host name; null when it can. */
export function hostNameProblem(name: string): string | null {
  if (name === LOCAL_HOST) return `"${LOCAL_HOST}" is this machine; pick another name`;
  if (!HOST_NAME.test(name))
    return `host name ${JSON.stringify(name)} must be letters, digits, ".", "_" or "-" (at most 63)`;
  return null;
}

/**
 * Why `destination` cannot be handed to ssh; null when it can. A leading
 * dash would make ssh read it as an option, whitespace or control
 * characters are never part of a destination.
 */
export function destinationProblem(destination: string): string | null {
  if (destination === '') return 'the ssh destination is empty';
  if (destination.startsWith('-'))
    return `ssh destination ${JSON.stringify(destination)} starts with "-" (ssh would read an option)`;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\s\u0000-\u001f\u007f]/.test(destination))
    return `ssh destination ${JSON.stringify(destination)} holds whitespace or control characters`;
  return null;
}

/** `NAME=DEST` from `--host`; throws a message naming the problem. */
export function parseHostFlag(value: string, sshConfig: string | null = null): HostSpec {
  const eq = value.indexOf('=');
  if (eq <= 0)
    throw new Error(
      `--host takes NAME=DEST (e.g. gpu=me@gpu.example), not ${JSON.stringify(value)}`,
    );
  const name = value.slice(0, eq);
  const destination = value.slice(eq + 1);
  const problem = hostNameProblem(name) ?? destinationProblem(destination);
  if (problem) throw new Error(problem);
  return { name, destination, sshConfig, sockets: [], projectRoots: [] };
}

/** Hosts by name, later ones (flags) replacing earlier ones (settings) of the same name. */
export function mergeHosts(...lists: readonly (readonly HostSpec[])[]): HostSpec[] {
  const byName = new Map<string, HostSpec>();
  for (const list of lists) for (const host of list) byName.set(host.name, host);
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}
