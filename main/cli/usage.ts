/** The CLI's help text and its usage error (exit status 2). */
export const USAGE = `Usage: loopwatch <command> [options]

Commands:
  list [--json]                every session on every tmux server, with its status
  status NAME [--json]         one session in detail (NAME: tmux name, run name or id)
  watch [--json]               live: the sessions, then one line per status change
  serve [--host 127.0.0.1] [--port N]
                               dashboard + API on loopback, behind a token
  hook [--codex JSON]          for agents' hooks: hand an event to running supervisors
  help                         this text

Options (list, status, watch, serve):
  --socket PATH         also watch this tmux socket (repeatable)
  --project-root DIR    also watch this project's pipeline runs (repeatable)
  --json                machine-readable output (the contract's schemas)
  -h, --help            show help
`;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
