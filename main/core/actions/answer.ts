/**
 * Answer a waiting pane from the dashboard's queue: one key (or a key and
 * Enter, for a question that reads a line) to exactly the pane that asks,
 * and only while that pane still shows the very question the person
 * answered: the screen is read again just before sending and compared. A
 * changed screen, a gone pane or an unconfirmed sweeping answer ("don't ask
 * again", "All") is refused with the reason. Every answer and every refusal
 * goes to the audit log.
 */
import type { AnswerPromptResult, Session, SessionPrompt } from '../../../preload/contract';
import { extractPrompt, samePrompt } from '../status/promptOptions';
import { SCREEN_LINES } from '../status/screenClassifier';
import { HostConnectionError } from '../hosts/sshErrors';
import type { TmuxRunner } from '../tmux/runner';
import { answerButtonRow } from './answerSelect';
import { appendAudit, refuseWithAudit, type AuditEntry } from './auditLog';
import type { ActionContext } from './context';

/** Lines above the cursor read again: the same window the supervisor reads. */
const RECHECK_LINES_ABOVE_CURSOR = SCREEN_LINES;

export interface AnswerInput {
  session: Session;
  /** The prompt the person saw when they chose. */
  prompt: SessionPrompt;
  key: string;
  confirmed: boolean;
}

/**
 * Read the pane the way the supervisor does: from a little above the cursor
 * to the bottom. Null when it cannot be read; a remote host that cannot be
 * reached is thrown (its reason is what the person needs to hear).
 */
async function readPane(runner: TmuxRunner, paneId: string): Promise<string | null> {
  try {
    const where = await runner.run([
      'display-message',
      '-p',
      '-t',
      paneId,
      '#{cursor_y} #{pane_height} #{pane_dead}',
    ]);
    const [cursorY, height, dead] = where.trim().split(' ').map(Number);
    if (dead === 1 || cursorY === undefined || height === undefined) return null;
    const fromLine = Math.max(
      0,
      Math.min(cursorY, Math.max(0, height - 1)) - RECHECK_LINES_ABOVE_CURSOR,
    );
    return await runner.run(['capture-pane', '-p', '-J', '-t', paneId, '-S', String(fromLine)]);
  } catch (error) {
    if (error instanceof HostConnectionError) throw error;
    return null;
  }
}

export async function answerPrompt(
  ctx: ActionContext,
  runner: TmuxRunner | null,
  input: AnswerInput,
): Promise<AnswerPromptResult> {
  const { session, prompt, key } = input;
  const on = `${session.socket ?? '?'}${session.host ? ` on host ${session.host}` : ''}`;
  const target = `pane ${prompt.paneId} of tmux session =${session.name} on ${on}`;
  const audit = {
    action: 'answer' as const,
    target,
    actor: ctx.actor,
    data: { key, question: prompt.question },
  };
  const chosen = prompt.options.find((o) => o.key === key);
  if (!chosen) {
    return refuseWithAudit(ctx.env, audit, `"${key}" is not one of this question's answers`);
  }
  if (!session.panes.some((p) => p.id === prompt.paneId && !p.dead) || !runner) {
    return refuseWithAudit(
      ctx.env,
      audit,
      `not sent: ${target} is gone or its server is not answering`,
    );
  }
  if (chosen.needsConfirm && !input.confirmed) {
    return refuseWithAudit(
      ctx.env,
      audit,
      `not sent: "${chosen.label}" goes beyond this one request; confirm it a second time`,
    );
  }
  let screen: string | null;
  try {
    screen = await readPane(runner, prompt.paneId);
  } catch (error) {
    const host = error as HostConnectionError;
    return refuseWithAudit(
      ctx.env,
      audit,
      `not sent: host ${host.host} ${host.problem}: ${host.message}`,
    );
  }
  const now = screen === null ? null : extractPrompt(screen);
  if (!now || !samePrompt(now, prompt)) {
    return refuseWithAudit(
      ctx.env,
      audit,
      now
        ? 'not sent: the pane now shows a different question; look at it again'
        : 'not sent: the question is no longer on the screen (answered or gone)',
    );
  }
  if (now.submit === 'select') {
    const labels = now.options.map((o) => o.label);
    let refusal: string | null;
    try {
      refusal = await answerButtonRow(runner, prompt.paneId, labels, labels.indexOf(chosen.label));
    } catch (error) {
      const detail = `selecting "${chosen.label}" failed: ${error instanceof Error ? error.message : String(error)}`;
      await appendAudit(ctx.env, { ...audit, outcome: 'failed', detail });
      throw new Error(detail);
    }
    if (refusal) return refuseWithAudit(ctx.env, audit, refusal);
    return answered(ctx, audit, `Answered "${chosen.label}" in ${session.displayName}`);
  }
  // A one-character answer is typed literally (-l: never read as a key name); names like
  // Enter are keys. A question that reads a line gets Enter after the answer.
  const literal = key.length === 1 || now.submit === 'line';
  try {
    if (literal) await runner.run(['send-keys', '-t', prompt.paneId, '-l', '--', key]);
    else await runner.run(['send-keys', '-t', prompt.paneId, key]);
    if (now.submit === 'line' && key !== 'Enter')
      await runner.run(['send-keys', '-t', prompt.paneId, 'Enter']);
  } catch (error) {
    const detail = `sending "${key}" failed: ${error instanceof Error ? error.message : String(error)}`;
    await appendAudit(ctx.env, { ...audit, outcome: 'failed', detail });
    throw new Error(detail);
  }
  return answered(ctx, audit, `Answered "${chosen.label}" (${key}) in ${session.displayName}`);
}

async function answered(
  ctx: ActionContext,
  audit: Omit<AuditEntry, 'at' | 'pid' | 'outcome' | 'detail'>,
  message: string,
): Promise<AnswerPromptResult> {
  const logProblem = await appendAudit(ctx.env, { ...audit, outcome: 'done', detail: message });
  return { message: logProblem ? `${message} (${logProblem})` : message };
}
