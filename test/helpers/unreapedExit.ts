/**
 * A process that exits and stays unreaped by its parent, on purpose: what
 * tmux 3.3a now and then leaves behind (a pane read dead with an empty
 * `#{pane_dead_status}`, FIELD.md). A tracer attaches to the process with
 * PTRACE_SEIZE (no stop, the process runs on) and then never waits for it:
 * a zombie that is ptraced is visible only to its tracer, so the parent's
 * waitpid cannot reap it until the tracer ends (`release()`), when the
 * kernel hands it back to the parent. Needs root (or CAP_SYS_PTRACE) and
 * python3 (its ctypes calls ptrace(2)).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { eventually } from './sandbox';

/**
 * PTRACE_SEIZE (linux/ptrace.h), then: every stop (a signal the process
 * gets, e.g. SIGCHLD) is continued with its signal (PTRACE_CONT), and its
 * exit is never waited for (waitid asks for stops only). Prints "seized"
 * once attached; ends on SIGTERM.
 */
const TRACER = `
import ctypes, os, signal, sys
libc = ctypes.CDLL(None, use_errno=True)
libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
pid = int(sys.argv[1])
if libc.ptrace(0x4206, pid, None, None) != 0:
    sys.exit("ptrace: errno %d" % ctypes.get_errno())
print("seized", flush=True)
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
try:
    while True:
        info = os.waitid(os.P_PID, pid, os.WSTOPPED)
        libc.ptrace(7, pid, None, ctypes.c_void_p(info.si_status))
except ChildProcessError:
    pass
while True:
    signal.pause()
`;

export interface UnreapedHold {
  /** End the tracer: the parent can reap the process again. */
  release(): Promise<void>;
}

/** Hold `pid`'s exit from its parent until `release()`; resolves once attached. */
export async function holdExit(pid: number): Promise<UnreapedHold> {
  const child: ChildProcess = spawn('python3', ['-c', TRACER, String(pid)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await eventually(
    () => {
      if (child.exitCode !== null) throw new Error(`tracer of pid ${pid} failed: ${err.trim()}`);
      return out.includes('seized');
    },
    `a tracer on pid ${pid}`,
    15_000,
  );
  return {
    async release() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
