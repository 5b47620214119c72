/** Where a command writes; tests pass their own. */
export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: Readonly<Record<string, string | undefined>>;
  /** Resolves when the user (or a signal) asks a long-running command to stop. */
  untilInterrupted: () => Promise<void>;
}
