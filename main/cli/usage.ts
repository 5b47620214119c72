/** The CLI's help text and its usage error (exit status 2). */
export const USAGE = `Usage: loopwatch <command> [options]

Commands:
  list [--json] [--socket PATH]...      every session on every tmux server
  serve [--host 127.0.0.1] [--port N] [--socket PATH]... [--new-token]
                                        dashboard + API on loopback, behind a token
                                        (kept in the config dir; --new-token replaces it)
  help                                  this text

Options:
  --socket PATH   also watch this tmux socket (repeatable)
  --json          machine-readable output (the contract's schema)
  -h, --help      show help
`;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
