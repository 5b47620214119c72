/**
 * What the fake model does for a request: the test's prompt carries a
 * directive word ("lab:reply", "lab:hold", "lab:bash", "lab:edit",
 * "lab:ask"), so that each test scripts its turn by what it types, and the
 * agents' own side requests (titles, summaries) get a short reply.
 */
export type Directive = 'reply' | 'hold' | 'bash' | 'edit' | 'ask';

export type Action =
  | { kind: 'text'; text: string }
  /** Start the answer, then never finish it (the agent stays busy). */
  | { kind: 'hold'; text: string }
  | { kind: 'tool'; tool: 'bash' | 'edit' | 'ask' };

const DIRECTIVE = /\blab:(reply|hold|bash|edit|ask)\b/g;

/** The file the edit tool call writes, relative to the agent's working directory. */
export const EDIT_FILE = 'notes.txt';
/** The command the bash tool call asks to run. */
export const BASH_COMMAND = 'touch lab-was-here.txt';
export const REPLY_TEXT = 'Hello from the fake model. The lab reply is done.';
export const AFTER_TOOL_TEXT = 'The tool step is finished.';

/** The last directive in the newest user text, if any. */
export function directiveOf(text: string): Directive | null {
  const found = [...text.matchAll(DIRECTIVE)];
  return (found.at(-1)?.[1] as Directive | undefined) ?? null;
}

/** One part of the newest user turn, oldest first. */
export interface TurnPart {
  kind: 'text' | 'toolResult';
  text: string;
}

/**
 * Is the newest user turn a tool's result, or a new prompt? Agents merge a
 * new prompt into the user message that carries the last tool result, and
 * add reminders without directives: a directive after the last tool result
 * makes it a new prompt.
 */
export function turnOf(parts: readonly TurnPart[]): { text: string; afterTool: boolean } {
  let afterTool = false;
  let text = '';
  for (const part of parts) {
    if (part.kind === 'toolResult') {
      afterTool = true;
      text = '';
    } else if (directiveOf(part.text)) {
      afterTool = false;
      text = part.text;
    } else if (!afterTool) text += `\n${part.text}`;
  }
  return { text, afterTool };
}

/**
 * The action for a main-loop request: `userText` is the newest user turn's
 * text; `afterTool` is true when the newest turn is a tool result (the
 * turn ends with a short reply then, whatever the directive was).
 */
export function actionFor(userText: string, afterTool: boolean): Action {
  if (afterTool) return { kind: 'text', text: AFTER_TOOL_TEXT };
  const directive = directiveOf(userText);
  switch (directive) {
    case 'hold':
      return { kind: 'hold', text: 'Thinking about it' };
    case 'bash':
    case 'edit':
    case 'ask':
      return { kind: 'tool', tool: directive };
    default:
      return { kind: 'text', text: REPLY_TEXT };
  }
}
