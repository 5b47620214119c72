import { CLIENT_FORMAT, countHumanClients, paneQuery } from './formats';
import type { TmuxSessionFacts } from './formats';
import type { TmuxRunner } from './runner';

/**
 * One full poll of a server: every pane of every session, and the human
 * clients attached to each session. Two commands, whatever the runner.
 */
export async function querySessions(
  runner: TmuxRunner,
  /**
   * One process per command (one-shot): ask for the clients only once the
   * panes answered, so a dead socket costs one tmux process, not two.
   */
  sequential = false,
): Promise<TmuxSessionFacts[]> {
  const panesQuery = paneQuery();
  const listPanes = (): Promise<string> =>
    runner.run(['list-panes', '-a', '-F', panesQuery.format]);
  const listClients = (): Promise<string> => runner.run(['list-clients', '-F', CLIENT_FORMAT]);
  const [panes, clients] = sequential
    ? [await listPanes(), await listClients()]
    : await Promise.all([listPanes(), listClients()]);
  const humans = countHumanClients(clients);
  const sessions = panesQuery.parse(panes);
  for (const session of sessions) session.attachedClients = humans.get(session.sessionId) ?? 0;
  return sessions;
}
