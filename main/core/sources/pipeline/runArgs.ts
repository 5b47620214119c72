/**
 * The command line of an agent pipeline run (FIELD.md section 1):
 *   ./scripts/run.sh <stage-type> NAME MAX [flags]
 *   ./scripts/run.sh loop <stage-type> NAME MAX [flags]
 *   ./scripts/run.sh pipeline FILE.yaml NAME [RUNS] [flags]
 * with flags --resume, --force, --foreground, --provider=X, --model=X,
 * --context=TEXT and --input FILE (repeatable; takes the next argument).
 * MAX is the run's iteration limit, which state.json does not always hold.
 */

export interface RunArgs {
  /** "ralph", "work", "improve-plan", ... or "pipeline". */
  type: string;
  runName: string;
  /** The MAX argument of a loop run; null for pipelines (RUNS counts runs, not iterations). */
  maxIterations: number | null;
  pipelineFile: string | null;
}

/** Flags that take the next argument as their value. */
const FLAGS_WITH_VALUE = new Set(['--input', '--provider', '--model', '--context']);

function positionals(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (FLAGS_WITH_VALUE.has(arg)) {
      i += 1;
      continue;
    }
    if (arg.startsWith('-')) continue;
    out.push(arg);
  }
  return out;
}

function count(text: string | undefined): number | null {
  if (text === undefined || !/^\d{1,9}$/.test(text)) return null;
  return Number(text);
}

/** Parse the arguments that follow run.sh. */
export function parseRunArgs(args: readonly string[]): RunArgs | null {
  const [first, second, third, fourth] = positionals(args);
  if (first === undefined || second === undefined) return null;
  if (first === 'pipeline') {
    if (third === undefined) return null;
    return { type: 'pipeline', runName: third, maxIterations: null, pipelineFile: second };
  }
  if (first === 'loop') {
    if (third === undefined) return null;
    return { type: second, runName: third, maxIterations: count(fourth), pipelineFile: null };
  }
  return { type: first, runName: second, maxIterations: count(third), pipelineFile: null };
}

/**
 * Split a command line the way a POSIX shell splits words (quotes and
 * backslashes; no expansion). Used on `sh -c '...'` strings and tmux's
 * `pane_start_command`; never to run anything.
 */
export function splitShellWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    if (quote === "'") {
      if (ch === "'") quote = null;
      else word += ch;
      continue;
    }
    if (quote === '"') {
      if (ch === '"') quote = null;
      else if (ch === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1]!))
        word += text.charAt(++i);
      else word += ch;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < text.length) {
      word += text.charAt(++i);
      inWord = true;
    } else if (/\s/.test(ch) || ch === ';' || ch === '&' || ch === '|') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      if (ch !== ' ' && ch !== '\t' && ch !== '\n') words.push(ch);
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/**
 * Find run.sh in a process's argv (`bash ./scripts/run.sh ...`,
 * `./scripts/run.sh ...`, or `sh -c './scripts/run.sh ...'`) and parse
 * what follows it.
 */
export function runArgsFromArgv(argv: readonly string[]): RunArgs | null {
  const dashC = argv.indexOf('-c');
  if (
    dashC !== -1 &&
    argv[dashC + 1] !== undefined &&
    /(^|\/)(sh|bash|zsh|dash)$/.test(argv[0] ?? '')
  ) {
    return runArgsFromCommand(argv[dashC + 1]!);
  }
  const at = argv.findIndex((a) => /(^|\/)run\.sh$/.test(a));
  if (at === -1) return null;
  const rest: string[] = [];
  for (const arg of argv.slice(at + 1)) {
    if (arg === ';' || arg === '&' || arg === '|') break;
    rest.push(arg);
  }
  return parseRunArgs(rest);
}

/** The same, from a command line as text (a pane's start command). */
export function runArgsFromCommand(command: string): RunArgs | null {
  return runArgsFromArgv(splitShellWords(command));
}
