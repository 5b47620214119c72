/** A PtyProcess the test drives by hand (no process, no pty). */
import type { PtyExit, PtyProcess, PtySpawnOptions } from '../../../../main/pty/ptyProcess';

export class FakePty implements PtyProcess {
  readonly pid = 4242;
  readonly written: string[] = [];
  readonly resizes: [number, number][] = [];
  readonly signals: string[] = [];
  paused = false;
  private readonly dataListeners = new Set<(data: Buffer) => void>();
  private readonly exitListeners = new Set<(exit: PtyExit) => void>();

  constructor(
    readonly file: string,
    readonly args: string[],
    readonly options: PtySpawnOptions,
  ) {}

  onData(listener: (data: Buffer) => void) {
    this.dataListeners.add(listener);
    return { dispose: () => this.dataListeners.delete(listener) };
  }
  onExit(listener: (exit: PtyExit) => void) {
    this.exitListeners.add(listener);
    return { dispose: () => this.exitListeners.delete(listener) };
  }
  write(data: string) {
    this.written.push(data);
  }
  resize(cols: number, rows: number) {
    this.resizes.push([cols, rows]);
  }
  pause() {
    this.paused = true;
  }
  resume() {
    this.paused = false;
  }
  kill(signal = 'SIGHUP') {
    this.signals.push(signal);
  }

  /** The tmux client printed something. */
  print(data: string | Buffer) {
    for (const listener of this.dataListeners) listener(Buffer.from(data));
  }
  /** The tmux client exited. */
  exit(exitCode: number, signal?: number) {
    for (const listener of [...this.exitListeners]) listener({ exitCode, signal });
  }
}
