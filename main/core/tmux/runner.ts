/** Something that runs one tmux command on one server and returns its output. */
export interface TmuxRunner {
  run(args: readonly string[]): Promise<string>;
}
