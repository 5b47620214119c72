/** What a stopped tmux server is reported as, one-shot and live alike. */
export function stoppedServerMessage(pid: number, since: number): string {
  return (
    `unresponsive since ${new Date(since).toISOString()}: its tmux server (pid ${pid}) is stopped ` +
    `(SIGSTOP or a debugger); \`kill -CONT ${pid}\` resumes it`
  );
}
