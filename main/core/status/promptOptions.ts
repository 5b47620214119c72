/**
 * The question on a pane's screen and the answers it offers, so a person
 * can answer from the dashboard's queue without opening the terminal.
 *
 * Generic on purpose and independent of the status rules
 * (the detection rules, rules/, decide *whether* a pane waits; this reads *what* it
 * asks): numbered menus (Claude Code "❯ 1. Yes", Codex "› 1. Yes, proceed
 * (y)", Gemini "● 1. Allow once"), aider's "(Y)es/(N)o/(A)ll…", generic
 * "[y/N]" / "(y/n)", and "Press Enter". Pure: text in, prompt out.
 */
import { oneLine } from '../text';

/** Lines from the bottom looked at: the same window the screen rules read. */
const PROMPT_LINES = 20;
/** Lines of context above a menu kept as its question (the tool call and the question). */
const QUESTION_LINES = 6;
/** Longest question line kept; a long command is cut with an ellipsis. */
const MAX_QUESTION_LINE = 200;
/** Longest option label kept. */
const MAX_LABEL = 120;
/** More options than this is a list the program prints, not a dialog. */
const MAX_MENU_OPTIONS = 9;

export interface PromptOption {
  /** What the person presses, and what is sent: one character, or a tmux key name ("Enter"). */
  key: string;
  label: string;
  /** Approves more than this one request, or leads to typing text: ask again before sending. */
  needsConfirm: boolean;
}

export interface ExtractedPrompt {
  question: string;
  options: PromptOption[];
  /**
   * 'key': the key alone answers (menus); 'line': the key is typed, then Enter (line reads);
   * 'select': a row of unnumbered buttons (OpenCode): ←/→ to the option, then Enter. The key
   * is the option's place in the row (1, 2, …), pressed in the queue, never sent.
   */
  submit: 'key' | 'line' | 'select';
}

/**
 * Labels whose answer outlives this request or opens a text box: "don't ask
 * again", "always", "allow all", "for this session", "All", "tell Claude what
 * to do differently", "suggest changes".
 */
const NEEDS_CONFIRM =
  /don'?t ask again|\balways\b|allow all|\ball\b|for this session|for all|tell \w+ what to do|suggest changes|type here|something else/i;

/** Box borders, rules and padding around a dialog line. */
const BORDER = /^[\s│┃|╭╮╰╯─━┌┐└┘▌▐]+|[\s│┃|╭╮╰╯─━┌┐└┘▌▐]+$/g;
/** A line that is only a border or rule: the top or bottom of a dialog. */
const RULE_LINE = /^\s*[╭╰┌└]?[─━═]{3,}/;
/**
 * "❯ 1. Yes", "› 2. Yes, and don't ask again", "● 1. Allow once", "  3. No (esc)";
 * "_ 1. Yes" is "❯" on a tmux that does not draw UTF-8.
 */
const MENU_ITEM = /^(?:[❯›>●○◉*_]\s*)?(\d)[.)]\s+(\S.*)$/;
const AIDER = /\(Y\)es\/\(N\)o((?:\/\([A-Z]\)[^/[\]]+)*)\s*(\[[^\]]*\])?\s*[?:]?\s*$/;
const YES_NO = /(\[y\/n\]|\(y\/n\)|\[yes\/no\]|\(yes\/no\))\s*[?:]?\s*(\[[^\]]*\])?\s*[?:]?\s*$/i;
/** Key hints a dialog shows under its options ("Esc to cancel", "⇆ select  enter confirm"). */
const HINT = /\b(enter|esc|tab|select|navigate|confirm|cancel|amend)\b|↑|↓|⇆/i;
const PRESS_ENTER = /press (enter|return)\b/i;
/**
 * The key hints of a row of buttons chosen with arrows: OpenCode's
 * "⇆ select  enter confirm" at the right of its "Allow once   Allow always
 * Reject" row.
 */
const SELECT_HINT = /⇆\s*select\b.*\benter\s+confirm\b/i;
/** A part of a button row that is a hint, not a button ("ctrl+f fullscreen", "⇆ select"). */
const ROW_HINT = /\b(ctrl|alt|shift)\+|⇆|\benter\b|\besc\b|\btab\b/i;
/** Longest button label: a row of longer "labels" is text, not buttons. */
const MAX_BUTTON_LABEL = 40;
const MAX_BUTTONS = 6;

function inner(line: string): string {
  return line.replace(BORDER, '');
}

function option(key: string, label: string): PromptOption {
  const clean = oneLine(label, MAX_LABEL);
  return { key, label: clean, needsConfirm: NEEDS_CONFIRM.test(clean) };
}

/** The last PROMPT_LINES lines, trailing blank lines dropped. */
function tail(screen: string): string[] {
  const lines = screen.split('\n').map((l) => l.replace(/\s+$/, ''));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.slice(-PROMPT_LINES);
}

/** The context lines above `index`, up to a rule/box top, a blank gap of two, or QUESTION_LINES. */
function questionAbove(lines: readonly string[], index: number): string {
  const kept: string[] = [];
  let blanks = 0;
  for (let i = index - 1; i >= 0 && kept.length < QUESTION_LINES; i -= 1) {
    if (RULE_LINE.test(lines[i]!)) break;
    const text = inner(lines[i]!).trim();
    if (text === '') {
      blanks += 1;
      if (blanks >= 2 && kept.length > 0) break;
      continue;
    }
    blanks = 0;
    kept.unshift(oneLine(text, MAX_QUESTION_LINE));
  }
  return kept.join('\n');
}

/** Columns of padding before a line's text, inside a box border. */
function indent(line: string): number {
  const unboxed = line.replace(/^\s*[│┃|▌]/, '');
  return unboxed.length - unboxed.trimStart().length;
}

/** A numbered menu: options 1, 2, … in order, the last one near the bottom. */
function numberedMenu(lines: readonly string[]): ExtractedPrompt | null {
  const texts = lines.map(inner);
  // The menu's first item: the last "1." whose following items count up.
  for (let start = texts.length - 1; start >= 0; start -= 1) {
    const first = MENU_ITEM.exec(texts[start]!.trim());
    if (!first || first[1] !== '1') continue;
    const options = [menuOption('1', first[2]!)];
    let end = start;
    let continued = false;
    for (let i = start + 1; i < texts.length && options.length < MAX_MENU_OPTIONS; i += 1) {
      const text = texts[i]!.trim();
      if (text === '') continue;
      const item = MENU_ITEM.exec(text);
      if (item && item[1] === String(options.length + 1)) {
        options.push(menuOption(item[1], item[2]!));
        end = i;
        continued = false;
      } else if (
        !item &&
        i === end + 1 &&
        !continued &&
        !HINT.test(text) &&
        indent(lines[i]!) > indent(lines[end]!) + 1
      ) {
        // A label wrapped by a narrow pane continues on one more line.
        const last = options[options.length - 1]!;
        options[options.length - 1] = option(last.key, `${last.label} ${text}`);
        end = i;
        continued = true;
      } else break;
    }
    if (options.length < 2) return null;
    // A menu waits at the bottom: only key hints may follow it, not output.
    const after = texts.slice(end + 1).filter((t) => t.trim() !== '');
    if (!after.every((t) => HINT.test(t))) return null;
    return { question: questionAbove(lines, start), options, submit: 'key' };
  }
  return null;
}

/**
 * A menu item: "Yes, proceed (y)" is answered with its own letter (Codex's
 * documented shortcut), "No … (esc)" and plain items with their digit.
 */
function menuOption(digit: string, text: string): PromptOption {
  const shortcut = /\s*\(([a-z]|esc)\)\s*$/i.exec(text);
  const label = shortcut ? text.slice(0, shortcut.index).trim() : text;
  const letter = shortcut && shortcut[1]!.length === 1 ? shortcut[1]!.toLowerCase() : null;
  return option(letter ?? digit, label);
}

function lastNonEmpty(lines: readonly string[]): { text: string; index: number } | null {
  for (let i = lines.length - 1; i >= 0; i -= 1) {
    const text = inner(lines[i]!).trim();
    if (text !== '') return { text, index: i };
  }
  return null;
}

/** aider: "Run shell command? (Y)es/(N)o/(A)ll/(S)kip all/(D)on't ask again [Yes]:". */
function aiderQuestion(lines: readonly string[]): ExtractedPrompt | null {
  const last = lastNonEmpty(lines);
  const match = last ? AIDER.exec(last.text) : null;
  if (!last || !match) return null;
  const options = [option('y', 'Yes'), option('n', 'No')];
  for (const extra of (match[1] ?? '').split('/').filter(Boolean)) {
    const parsed = /^\(([A-Z])\)(.+)$/.exec(extra.trim());
    if (parsed) options.push(option(parsed[1]!.toLowerCase(), `${parsed[1]}${parsed[2]}`));
  }
  const asked = last.text.slice(0, match.index).trim();
  const question = [questionAbove(lines, last.index), asked].filter(Boolean).join('\n');
  return { question: question || last.text, options, submit: 'line' };
}

/** "Overwrite? [y/N]", "Continue (yes/no)?". */
function yesNo(lines: readonly string[]): ExtractedPrompt | null {
  const last = lastNonEmpty(lines);
  const match = last ? YES_NO.exec(last.text) : null;
  if (!last || !match) return null;
  const words = /yes/i.test(match[1]!);
  return {
    question: last.text,
    options: [option(words ? 'yes' : 'y', 'Yes'), option(words ? 'no' : 'n', 'No')],
    submit: 'line',
  };
}

function pressEnter(lines: readonly string[]): ExtractedPrompt | null {
  const last = lastNonEmpty(lines);
  if (!last || !PRESS_ENTER.test(last.text)) return null;
  return { question: last.text, options: [option('Enter', 'Continue')], submit: 'key' };
}

/** A row of buttons chosen with arrows, the last such row on the screen; its labels in order. */
export function buttonRowLabels(line: string): string[] | null {
  const text = inner(line).trim();
  if (!SELECT_HINT.test(text)) return null;
  const labels: string[] = [];
  for (const part of text.split(/\s{2,}/)) {
    if (ROW_HINT.test(part)) break;
    labels.push(part.trim());
  }
  if (labels.length < 2 || labels.length > MAX_BUTTONS) return null;
  return labels.every((l) => l !== '' && l.length <= MAX_BUTTON_LABEL) ? labels : null;
}

/** OpenCode's "△ Permission required" and its "Always allow" confirmation: buttons in a row. */
function buttonRow(lines: readonly string[]): ExtractedPrompt | null {
  const last = lastNonEmpty(lines);
  const labels = last ? buttonRowLabels(lines[last.index]!) : null;
  if (!last || !labels) return null;
  return {
    question: questionAbove(lines, last.index),
    options: labels.map((label, i) => option(String(i + 1), label)),
    submit: 'select',
  };
}

/** The prompt on a captured screen (plain text), or null when none is recognised. */
export function extractPrompt(screen: string): ExtractedPrompt | null {
  const lines = tail(screen);
  if (lines.length === 0) return null;
  return (
    aiderQuestion(lines) ??
    yesNo(lines) ??
    numberedMenu(lines) ??
    buttonRow(lines) ??
    pressEnter(lines)
  );
}

/** Two reads show the same dialog: same question, same options. */
export function samePrompt(
  a: Pick<ExtractedPrompt, 'question' | 'options'>,
  b: Pick<ExtractedPrompt, 'question' | 'options'>,
): boolean {
  return (
    a.question === b.question &&
    a.options.length === b.options.length &&
    a.options.every((o, i) => o.key === b.options[i]!.key && o.label === b.options[i]!.label)
  );
}
