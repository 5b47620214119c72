/**
 * The command level of a tmux control-mode client: commands go out as one
 * line, each answer comes back as a `%begin` ... `%end` (or `%error`) block
 * in the order sent; everything between blocks is pane output (`%output`) or
 * a notification (`%layout-change`, `%session-changed`, ...). One instance
 * per client process: a new client starts with no answers pending.
 */
import { tmuxCommandLine } from '../../core/tmux/quote';
import { outputLine } from './controlLines';

/** Bytes per `send-keys -H` command: a paste becomes a few short command lines, not one huge one. */
const KEYS_PER_COMMAND = 512;

export interface CommandResult {
  ok: boolean;
  lines: string[];
}

export interface ControlProtocolHandlers {
  /** Write one line to the client's stdin. */
  write(line: string): void;
  /** A pane's output, still escaped as tmux sends it. */
  output(pane: number, escaped: Buffer): void;
  /** A notification's name (`%layout-change`) and its space-separated arguments. */
  notification(name: string, args: string[]): void;
}

export class ControlProtocol {
  private pending: ((result: CommandResult) => void)[] = [];
  /** The answer being read; `stamp` is its %begin's "TIME NUMBER". */
  private block: { ours: boolean; lines: string[]; stamp: string } | null = null;
  private refusal: string | null = null;

  constructor(private readonly handlers: ControlProtocolHandlers) {}

  /** What tmux said in a failing block it began itself (a refused attach), if it did. */
  get tmuxError(): string | null {
    return this.refusal;
  }

  /**
   * Run commands (argument arrays) on one line: tmux runs them back to back,
   * reading no pane output in between. `done` gets their answers at once,
   * before the line after the last answer is read: output that follows an
   * answer must meet the state that answer set up.
   */
  run(
    commands: readonly (readonly string[])[],
    done: (results: CommandResult[]) => void = () => {},
  ): void {
    if (commands.length === 0) return;
    const results: CommandResult[] = [];
    for (let i = 0; i < commands.length; i++) {
      this.pending.push((result) => {
        results.push(result);
        if (results.length === commands.length) done(results);
      });
    }
    this.handlers.write(`${commands.map(tmuxCommandLine).join(' ; ')}\n`);
  }

  /** One line of the client's stdout (without its newline). */
  line(line: Buffer): void {
    if (this.block) {
      const text = line.toString('utf8');
      // Only the end with its %begin's time and number: an answer's text may hold "%end ...".
      const end = /^%(?:end|error) (\d+ \d+) \d+$/.exec(text);
      if (end && end[1] === this.block.stamp) {
        const { ours, lines } = this.block;
        const ok = text.startsWith('%end');
        this.block = null;
        if (ours) this.pending.shift()?.({ ok, lines });
        else if (!ok) this.refusal = lines.join(' ').trim() || this.refusal;
        return;
      }
      this.block.lines.push(text);
      return;
    }
    const output = outputLine(line);
    if (output) {
      this.handlers.output(output.pane, output.escaped);
      return;
    }
    const text = line.toString('utf8');
    // The last number is the flags: 1 when the block answers a command of this client.
    const begin = /^%begin (\d+ \d+) (\d+)$/.exec(text);
    if (begin) {
      this.block = { ours: begin[2] === '1', lines: [], stamp: begin[1] ?? '' };
      return;
    }
    const space = text.indexOf(' ');
    const name = space === -1 ? text : text.slice(0, space);
    const args = space === -1 ? '' : text.slice(space + 1);
    this.handlers.notification(name, args.split(' '));
  }
}

/** `send-keys -H` commands typing these bytes into pane `%N`, exactly as given. */
export function sendKeysCommands(pane: number, data: string): string[][] {
  const bytes = Buffer.from(data, 'utf8');
  const commands: string[][] = [];
  for (let at = 0; at < bytes.length; at += KEYS_PER_COMMAND) {
    const hex = [...bytes.subarray(at, at + KEYS_PER_COMMAND)].map((b) => b.toString(16));
    commands.push(['send-keys', '-t', `%${pane}`, '-H', ...hex]);
  }
  return commands;
}
