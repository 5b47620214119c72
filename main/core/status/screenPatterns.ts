/**
 * What the last lines of a pane say about the program in it: a question
 * waiting for a person, a busy agent, or an agent's idle prompt. The
 * patterns are the ones other supervisors match (FIELD.md section 5), for
 * Claude Code, Codex, Gemini, aider, generic y/n and "press enter"
 * questions, and a Python REPL. Only the last lines count: text that
 * scrolled up is history, not the current state.
 */
import type { AgentKind } from '../../../preload/contract';
import { oneLine } from '../text';

/** Lines of screen looked at: a Claude permission box with a long command fits. */
export const SCREEN_LINES = 20;
/**
 * Generic questions count only on the last non-empty line (where the cursor
 * waits), and only when nothing was typed after them: an answered question
 * is history.
 */
const GENERIC_TAIL_LINES = 1;
/** The end of an unanswered question: `?`, `:`, a bracketed default like `[Yes]`. */
const UNANSWERED = String.raw`\s*[?:]?\s*(\[[^\]]*\])?\s*[?:]?\s*$`;
const YES_NO = new RegExp(
  String.raw`(\[y\/n\]|\(y\/n\)|\[yes\/no\]|\(yes\/no\))${UNANSWERED}`,
  'i',
);
const AIDER = new RegExp(
  String.raw`\(Y\)es\/\(N\)o(\/\(A\)ll)?(\/\(S\)kip all)?(\/\(D\)on't ask again)?${UNANSWERED}`,
);
/** A spinner line counts on the last few lines only. */
const SPINNER_TAIL_LINES = 8;
/** Longest detail quoted in a reason; the rest is cut with an ellipsis. */
const MAX_DETAIL_CHARS = 120;

export interface ScreenMatch {
  status: 'waiting' | 'working' | 'idle';
  /** Machine name, e.g. "screen:claude-permission". */
  signal: string;
  /** Human reason, e.g. "Permission prompt: Bash(rm -rf build)". */
  detail: string;
  agent: AgentKind | null;
}

/** Box-drawing borders and padding around a line of a TUI dialog. */
const BORDER = /^[\s│┃|╭╮╰╯─━┌┐└┘▌▐]+|[\s│┃|╭╮╰╯─━┌┐└┘▌▐]+$/g;

function inner(line: string): string {
  return line.replace(BORDER, '');
}

function clip(text: string): string {
  return oneLine(text, MAX_DETAIL_CHARS);
}

/** The last SCREEN_LINES lines with trailing blank lines dropped. */
export function lastLines(text: string): string[] {
  const lines = text.split('\n').map((l) => l.replace(/\s+$/, ''));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.slice(-SCREEN_LINES);
}

function nonEmptyTail(lines: readonly string[], count: number): string[] {
  return lines.filter((l) => inner(l) !== '').slice(-count);
}

type Rule = (lines: readonly string[]) => ScreenMatch | null;

/** Claude Code tool headers in a permission box, and how the tool is named in a reason. */
const CLAUDE_TOOL_HEADERS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^Bash command$/i, 'Bash'],
  [/^Edit file$/i, 'Edit'],
  [/^(Create|Write) file$/i, 'Write'],
  [/^Read file$/i, 'Read'],
  [/^Fetch$/i, 'WebFetch'],
  [/^Notebook edit$/i, 'NotebookEdit'],
];

function claudeToolFromBox(box: readonly string[]): string | null {
  const texts = box.map(inner);
  for (let i = 0; i < texts.length; i += 1) {
    const text = texts[i]!;
    // Older versions print the call itself: "Bash(rm -rf build)".
    if (/^[A-Z][A-Za-z]+\(.+\)$/.test(text)) return text;
    for (const [header, tool] of CLAUDE_TOOL_HEADERS) {
      if (!header.test(text)) continue;
      const argument = texts.slice(i + 1).find((t) => t !== '');
      return argument ? `${tool}(${argument})` : tool;
    }
  }
  return null;
}

const claudePermission: Rule = (lines) => {
  const texts = lines.map(inner);
  const question = texts.findLastIndex((t) => /^Do you want to .+\?$/.test(t));
  if (question === -1) return null;
  const after = texts.slice(question + 1);
  const menu = after.some(
    (t) =>
      /^(?:❯|>)?\s*1\.\s*Yes\b/.test(t) ||
      /esc to cancel/i.test(t) ||
      /No, and tell Claude what to do differently/.test(t),
  );
  if (!menu) return null;
  const boxTop = texts.slice(0, question).findLastIndex((t, i) => /^[╭┌]/.test(lines[i]!.trim()));
  const box = lines.slice(boxTop === -1 ? Math.max(0, question - 10) : boxTop, question);
  const q = texts[question]!;
  const edit = /^Do you want to make this edit to (.+)\?$/.exec(q);
  const create = /^Do you want to create (.+)\?$/.exec(q);
  const tool =
    claudeToolFromBox(box) ??
    (edit ? `Edit(${edit[1]})` : create ? `Write(${create[1]})` : null) ??
    q;
  return {
    status: 'waiting',
    signal: 'screen:claude-permission',
    detail: `Permission prompt: ${clip(tool)}`,
    agent: 'claude',
  };
};

const claudeQuestion: Rule = (lines) => {
  const texts = lines.map(inner);
  const first = texts.findIndex((t) => /^❯\s*1\.\s+\S/.test(t));
  if (first === -1) return null;
  const hasSecond = texts.slice(first + 1).some((t) => /^\s*2\.\s+\S/.test(t));
  const hint = texts.some((t) =>
    /Enter to (select|confirm)|↑\/↓ to navigate|Esc to cancel/i.test(t),
  );
  if (!hasSecond || !hint) return null;
  const asked = texts.slice(0, first).findLast((t) => /\?$/.test(t));
  return {
    status: 'waiting',
    signal: 'screen:claude-question',
    detail: asked ? `Question: ${clip(asked)}` : 'Question with a menu of answers',
    agent: 'claude',
  };
};

const codexApproval: Rule = (lines) => {
  const texts = lines.map(inner);
  const index = texts.findLastIndex(
    (t) =>
      /Would you like to (run the following command|make the following edits|apply)/i.test(t) ||
      /^Allow command\?/i.test(t) ||
      /No, and tell Codex what to do differently/.test(t),
  );
  if (index === -1) return null;
  const asked = texts
    .slice(0, index + 1)
    .findLastIndex((t) => /Would you like to|^Allow command/i.test(t));
  const command = asked === -1 ? undefined : texts.slice(asked + 1).find((t) => t !== '');
  const detail = command && !/^[›>]?\s*\d\./.test(command) ? command.replace(/^\$\s*/, '') : null;
  return {
    status: 'waiting',
    signal: 'screen:codex-approval',
    detail: detail ? `Codex approval: ${clip(detail)}` : 'Codex approval request',
    agent: 'codex',
  };
};

const geminiPermission: Rule = (lines) => {
  const texts = lines.map(inner);
  const index = texts.findLastIndex((t) => /Yes, allow once/i.test(t));
  if (index === -1) return null;
  const asked = texts
    .slice(0, index)
    .findLast((t) => /\?$/.test(t) || /^(Allow execution|Apply this change)/i.test(t));
  return {
    status: 'waiting',
    signal: 'screen:gemini-permission',
    detail: asked ? `Gemini permission prompt: ${clip(asked)}` : 'Gemini permission prompt',
    agent: 'gemini',
  };
};

const aiderQuestion: Rule = (lines) => {
  const line = nonEmptyTail(lines, GENERIC_TAIL_LINES).findLast((l) => AIDER.test(l));
  if (!line) return null;
  const question = line.replace(/\s*\(Y\)es\/\(N\)o.*$/, '');
  return {
    status: 'waiting',
    signal: 'screen:aider-question',
    detail: `aider asks: ${clip(question || line)}`,
    agent: 'aider',
  };
};

const BUSY_MARKER = /(esc|ctrl\+c) to interrupt/i;

const busyAgent: Rule = (lines) => {
  const tail = lines.slice(-SPINNER_TAIL_LINES);
  const marked = tail.findLast((l) => BUSY_MARKER.test(l));
  const spinner = tail.map(inner).findLast((t) => /\S.*…(\s*\(.*\))?$/.test(t) && t.length > 1);
  if (!marked && !spinner) return null;
  const shown = inner(spinner ?? marked ?? '');
  return {
    status: 'working',
    signal: 'screen:busy',
    detail: `Busy: ${clip(shown)}`,
    agent: /esc to interrupt/i.test(marked ?? '') && /·|✻|✽|✶|✳|✢/.test(shown) ? 'claude' : null,
  };
};

const genericQuestion: Rule = (lines) => {
  const line = nonEmptyTail(lines, GENERIC_TAIL_LINES).findLast((l) => YES_NO.test(l));
  if (!line) return null;
  return {
    status: 'waiting',
    signal: 'screen:yes-no',
    detail: `Question: ${clip(line)}`,
    agent: null,
  };
};

const pressEnter: Rule = (lines) => {
  const line = nonEmptyTail(lines, GENERIC_TAIL_LINES).findLast((l) =>
    /press (enter|return|any key)/i.test(l),
  );
  if (!line) return null;
  return {
    status: 'waiting',
    signal: 'screen:press-enter',
    detail: `Waiting for a key press: ${clip(line)}`,
    agent: null,
  };
};

const pythonRepl: Rule = (lines) => {
  const last = nonEmptyTail(lines, 1)[0];
  if (last === undefined || !/^>>>\s?$/.test(last)) return null;
  return {
    status: 'idle',
    signal: 'screen:python-prompt',
    detail: 'Python REPL prompt (>>>)',
    agent: 'python',
  };
};

const codexPrompt: Rule = (lines) => {
  const tail = lines.slice(-SPINNER_TAIL_LINES).map(inner);
  if (!tail.some((t) => /^›(\s|$)/.test(t))) return null;
  return {
    status: 'idle',
    signal: 'screen:codex-prompt',
    detail: 'Codex prompt (›)',
    agent: 'codex',
  };
};

const claudePrompt: Rule = (lines) => {
  const tail = lines.slice(-SPINNER_TAIL_LINES);
  const hint = tail.some((l) => /\? for shortcuts/.test(l));
  const input = tail.some((l) => /^\s*[│|]\s*>\s/.test(l) || /^\s*[│|]\s*>\s*[│|]?$/.test(l));
  if (!hint && !input) return null;
  return {
    status: 'idle',
    signal: 'screen:claude-prompt',
    detail: 'Claude Code is waiting for a prompt',
    agent: 'claude',
  };
};

/** Most specific first: a permission box beats a spinner, a spinner beats an old y/n. */
const RULES: readonly Rule[] = [
  claudePermission,
  codexApproval,
  geminiPermission,
  claudeQuestion,
  aiderQuestion,
  busyAgent,
  genericQuestion,
  pressEnter,
  pythonRepl,
  codexPrompt,
  claudePrompt,
];

/** Classify a pane's captured text (plain, no escapes); null when nothing is recognized. */
export function classifyScreen(text: string): ScreenMatch | null {
  const lines = lastLines(text);
  if (lines.length === 0) return null;
  for (const rule of RULES) {
    const match = rule(lines);
    if (match) return match;
  }
  return null;
}
