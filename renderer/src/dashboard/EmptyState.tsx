/** What the list shows with no sessions at all: how to start one. */
export function EmptyState(): React.JSX.Element {
  return (
    <section className="empty" aria-label="No sessions">
      <h2>No sessions yet</h2>
      <p>
        Loopwatch shows every tmux session on every tmux server you run. Start one, and it appears
        here within a second:
      </p>
      <ul>
        <li>
          an agent in tmux: <code>tmux new -s my-agent claude</code>
        </li>
        <li>
          a pipeline, from its project: <code>./scripts/run.sh ralph my-run 25</code>
        </li>
        <li>
          on another tmux server: <code>tmux -L work new -s review codex</code>
        </li>
      </ul>
      <p className="muted">
        Sockets elsewhere (the tmux skill&apos;s, schmux&apos;s) are found by themselves; add others
        with <code>--socket PATH</code>.
      </p>
    </section>
  );
}
