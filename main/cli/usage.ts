/** The CLI's help text and its usage error (exit status 2). */
export const USAGE = `Usage: loopwatch <command> [options]

Commands:
  list [--json] [--status S] [--agent A] [--host HOST|SERVER]
                                        every session on every tmux server, most urgent
                                        first; fits $COLUMNS, status words coloured on a
                                        terminal (NO_COLOR respected); filters repeat or
                                        take commas (--status waiting,crashed); --host
                                        without "=" keeps one host (local, gpu) or server
  status NAME [--json]                  one session in detail and how to attach (NAME: tmux
                                        name, run name, nickname, id, or SERVER:NAME, where
                                        SERVER may be a remote host's name)
  nick NAME TEXT... | nick NAME --clear
                                        your own name for a session: shown and searchable
                                        in the dashboard, kept in the marks file
  watch [--json]                        live: the sessions, then one line per status change
  serve [--host 127.0.0.1] [--port N] [--new-token]
                                        dashboard + API on loopback, behind a token
                                        (kept in the config dir; --new-token replaces it);
                                        without --port, the port it used last time
                                        (taken: the next free one); --port 0: any
  start [--host HOST] [--dir PROJECT] TYPE NAME MAX [--provider=P] [--model=M] [--context=TEXT]
        [--input FILE]... [--force]     a pipeline run: ./scripts/run.sh TYPE NAME MAX
                                        (on a host: --dir PROJECT, a path there, is needed)
  start [--dir PROJECT] loop TYPE NAME MAX ...  |  pipeline FILE NAME [RUNS] ...
  start --name [HOST:]NAME [--host HOST] [--dir DIR] [--socket PATH] -- COMMAND [ARG]...
                                        any command in a new tmux session (remain-on-exit on);
                                        on a host: DIR is a path there (default ~)
  kill [HOST:]NAME [--host HOST] [--socket PATH] [--yes] [--no-history]
                                        save the session's screen and scrollback, then kill it
  resume [[HOST:]NAME] [--host HOST] [--dir PROJECT] [--force] [--yes]
                                        re-run a crashed or failed run with --resume
                                        (--force: start it over); no NAME: list runs
                                        here and on saved hosts (--host: those only);
                                        a host's run is checked and run there
  cleanup [--dry-run] [--older-than DUR] [--yes] [--json] [--only ID]... [--all]
                                        stale locks, orphan sessions, zombie states,
                                        dead panes, dead tmux skill entries: plan, then apply
  explain NAME [--json]                 which detection rule decided a session's status, the text it
                                        matched, and every rule tried with its verdict
  explain --file SCREEN.txt [--agent NAME] [--title T] [--json]
                                        the same for a saved screen (as tmux capture-pane -p prints it)
  ended [--all] [--json]                ended sessions kept for review (last status, screen, log)
  ended review NAME...|--all            hide them (their screen and log stay)
  ended dispose NAME...|--all [--yes]   delete their kept screen and log (asks first)
  log on|off NAME [--socket PATH]       log a session's output to a file (pipe-pane), or stop
  logs NAME [-f] [--lines N]            the end of a session's log (-f: keep printing)
  restore [--dry-run] [--yes] [NAME]...
                                        after a reboot or kill-server: recreate the agent
                                        sessions that were seen and resume their agents
  hooks status|install|uninstall [claude|codex|gemini]
                                        Loopwatch's hooks in ~/.claude/settings.json,
                                        ~/.codex/hooks.json or ~/.gemini/settings.json
  hosts add NAME DEST [--ssh-config FILE] [--socket PATH]... [--project-root DIR]...
        [--accept-new-host-key]         watch a remote host over ssh (DEST as ssh takes it)
  hosts remove NAME | list [--json] | check [NAME]... [--accept-new-host-key] [--json]
                                        the saved hosts; check connects and shows health
  hook [--codex JSON]                   for agents' hooks: hand an event to running supervisors
  help                                  this text

Options:
  --socket PATH         also watch this tmux socket (repeatable; list, status, watch,
                        serve, cleanup)
  --project-root DIR    also watch this project's pipeline runs (repeatable; list,
                        status, watch, serve, cleanup)
  --host NAME=DEST      also watch this remote host over ssh (repeatable; list, status,
                        watch, serve)
  --ssh-config FILE     ssh config file for the hosts (ssh -F FILE)
  --json                machine-readable output (the contract's schemas)
  --yes                 do it without asking; without --yes and without a terminal,
                        kill, cleanup and --force refuse (exit 2)
  -h, --help            show help
`;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
