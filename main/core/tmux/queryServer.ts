import { CLIENT_FORMAT, countHumanClients, PANE_FORMAT, parsePaneLines } from './formats';
import type { TmuxSessionFacts } from './formats';
import type { TmuxRunner } from './runner';

/**
 * One full poll of a server: every pane of every session, and the human
 * clients attached to each session. Two commands, whatever the runner.
 */
export async function querySessions(runner: TmuxRunner): Promise<TmuxSessionFacts[]> {
  const [panes, clients] = await Promise.all([
    runner.run(['list-panes', '-a', '-F', PANE_FORMAT]),
    runner.run(['list-clients', '-F', CLIENT_FORMAT]),
  ]);
  const humans = countHumanClients(clients);
  const sessions = parsePaneLines(panes);
  for (const session of sessions) session.attachedClients = humans.get(session.sessionId) ?? 0;
  return sessions;
}
