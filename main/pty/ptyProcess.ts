/**
 * The slice of node-pty the terminal host uses, behind an interface so unit
 * tests can drive a terminal without a real pty (integration tests use the
 * real one). Output is read as bytes (`encoding: null`): the host cuts
 * batches at UTF-8 boundaries itself and never decodes.
 */
import { spawn } from 'node-pty';

export interface Disposable {
  dispose(): void;
}

export interface PtyExit {
  exitCode: number;
  signal?: number;
}

export interface PtyProcess {
  readonly pid: number;
  onData(listener: (data: Buffer) => void): Disposable;
  onExit(listener: (exit: PtyExit) => void): Disposable;
  write(data: string): void;
  resize(cols: number, rows: number): void;
  pause(): void;
  resume(): void;
  kill(signal?: string): void;
}

export interface PtySpawnOptions {
  cols: number;
  rows: number;
  cwd: string;
  env: Record<string, string>;
}

export type PtySpawner = (file: string, args: string[], options: PtySpawnOptions) => PtyProcess;

export const spawnNodePty: PtySpawner = (file, args, options) => {
  const pty = spawn(file, args, {
    name: options.env.TERM ?? 'xterm-256color',
    cols: options.cols,
    rows: options.rows,
    cwd: options.cwd,
    env: options.env,
    encoding: null,
  });
  return {
    pid: pty.pid,
    // node-pty types onData as string; with `encoding: null` it delivers Buffers.
    onData: (listener) => pty.onData((data) => listener(data as unknown as Buffer)),
    onExit: (listener) => pty.onExit(listener),
    write: (data) => pty.write(data),
    resize: (cols, rows) => pty.resize(cols, rows),
    pause: () => pty.pause(),
    resume: () => pty.resume(),
    kill: (signal) => pty.kill(signal),
  };
};
