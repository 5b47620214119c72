/**
 * The parts of a screen a rule can look at. The input is bounded here, once,
 * so no rule ever sees more than MAX_LINES lines of MAX_LINE_CHARS.
 */
import type { Region } from './manifestSchema';

/** Lines of screen kept (the bottom ones): a tall pane's visible screen. */
export const MAX_LINES = 200;
/** Characters kept per line: wider than any terminal a person reads. */
export const MAX_LINE_CHARS = 500;
/** Characters of title kept. */
export const MAX_TITLE_CHARS = 256;

/** Box-drawing borders and padding around a line of a TUI dialog. */
const BORDER = /^[\s│┃║|╭╮╰╯─━═┌┐└┘╔╗╚╝▌▐]+|[\s│┃║|╭╮╰╯─━═┌┐└┘╔╗╚╝▌▐]+$/g;
/** A horizontal rule: a line drawn with rule characters only (at least 8 of them). */
const HORIZONTAL_RULE = /^\s*[─━═╌┄-]{8,}\s*$/;
const BOX_TOP = /^\s*[╭┌╔]/;
const BOX_BOTTOM = /^\s*[╰└╚]/;

export interface Screen {
  /** Raw lines, bounded, trailing blank lines dropped. */
  lines: string[];
  title: string;
}

/**
 * The bottom MAX_LINES lines of `text` (trailing blank lines dropped), each
 * cut to MAX_LINE_CHARS. Walks back from the end: a huge input costs no more
 * than the lines kept.
 */
export function toScreen(text: string, title = ''): Screen {
  const lines: string[] = [];
  let end = text.length;
  while (lines.length < MAX_LINES) {
    // At 0 the first line is left: lastIndexOf would find a '\n' at 0 again, forever.
    const start = end === 0 ? -1 : text.lastIndexOf('\n', end - 1);
    const line = text.slice(start + 1, Math.min(end, start + 1 + MAX_LINE_CHARS * 4));
    const trimmed = line.replace(/\s+$/, '').slice(0, MAX_LINE_CHARS);
    if (trimmed !== '' || lines.length > 0) lines.push(trimmed);
    if (start === -1) break;
    end = start;
  }
  return { lines: lines.reverse(), title: title.slice(0, MAX_TITLE_CHARS) };
}

/** A line without the box borders and padding around it. */
export function inner(line: string): string {
  return line.replace(BORDER, '');
}

function dialogLines(lines: readonly string[]): string[] {
  const bottom = lines.findLastIndex((l) => BOX_BOTTOM.test(l));
  if (bottom === -1) return [];
  const top = lines.slice(0, bottom).findLastIndex((l) => BOX_TOP.test(l));
  if (top === -1) return [];
  return lines.slice(top + 1, bottom);
}

/** The region's lines, borders stripped, empty lines dropped. */
export function regionLines(screen: Screen, region: Region): string[] {
  let lines: readonly string[];
  switch (region.kind) {
    case 'title':
      return screen.title.trim() === '' ? [] : [screen.title.trim()];
    case 'lastLines':
      return screen.lines
        .map(inner)
        .filter((l) => l !== '')
        .slice(-region.lines);
    case 'dialog':
      lines = dialogLines(screen.lines);
      break;
    case 'afterLastRule': {
      const rule = screen.lines.findLastIndex((l) => HORIZONTAL_RULE.test(l));
      lines = rule === -1 ? [] : screen.lines.slice(rule + 1);
      break;
    }
    case 'screen':
      lines = screen.lines;
      break;
  }
  return lines.map(inner).filter((l) => l !== '');
}

export function describeRegion(region: Region): string {
  switch (region.kind) {
    case 'title':
      return 'the terminal title';
    case 'lastLines':
      return `the last ${region.lines} non-empty lines`;
    case 'dialog':
      return 'the dialog box';
    case 'afterLastRule':
      return 'the text after the last horizontal rule';
    case 'screen':
      return 'the visible screen';
  }
}
