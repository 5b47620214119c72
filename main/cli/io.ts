/** Where a command writes; tests pass their own. */
export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: Readonly<Record<string, string | undefined>>;
  /** Resolves when the user (or a signal) asks a long-running command to stop. */
  untilInterrupted: () => Promise<void>;
  /** A person can answer questions (stdin is a terminal). Absent: no. */
  interactive?: boolean;
  /** Ask one question on the terminal and resolve the typed line. */
  ask?: (question: string) => Promise<string>;
  /** The working directory relative paths start from (default: the process's). */
  cwd?: string;
  /** stdout is a terminal (colours allowed unless NO_COLOR), and its width in columns. */
  outTty?: boolean;
  outColumns?: number;
}
