import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { eventually } from '../../../../helpers/sandbox';
import {
  pidAlive,
  processArgs,
  processStartTime,
  zombieExit,
  zombieExitFromStat,
} from '../../../../../main/core/proc/processes';

describe('process facts', () => {
  it('knows our own process is alive and started before now', async () => {
    expect(pidAlive(process.pid)).toBe(true);
    const started = await processStartTime(process.pid);
    expect(started).not.toBeNull();
    expect(started!).toBeLessThanOrEqual(Date.now() + 1000);
    expect(started!).toBeGreaterThan(Date.now() - 24 * 3600 * 1000 * 365);
  });

  it('tells a younger process from an older one (pid-reuse guard)', async () => {
    const child = spawn('sleep', ['5']);
    try {
      const own = (await processStartTime(process.pid))!;
      const younger = (await processStartTime(child.pid!))!;
      expect(younger).toBeGreaterThanOrEqual(own);
      expect(await processArgs(child.pid!)).toEqual(['sleep', '5']);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('says dead for a pid that exited, and for nonsense pids', async () => {
    const child = spawn('true');
    await new Promise((resolve) => child.once('exit', resolve));
    // The pid may be reused in theory; on a quiet machine it is not within this test.
    expect(pidAlive(child.pid!)).toBe(false);
    expect(pidAlive(0)).toBe(false);
    expect(pidAlive(-1)).toBe(false);
    expect(pidAlive(1.5)).toBe(false);
    expect(await processStartTime(0)).toBeNull();
  });
});

describe('zombieExit', () => {
  /** A child that exits with `how` under a parent that never reaps it. */
  async function zombie(how: string): Promise<{ pid: number; stop: () => void }> {
    const parent = spawn('bash', ['-c', `(sleep 0.1; ${how}) & echo $!; exec sleep 30`]);
    const pid = await new Promise<number>((resolve) =>
      parent.stdout.once('data', (d: Buffer) => resolve(Number(String(d).trim()))),
    );
    return { pid, stop: () => parent.kill('SIGKILL') };
  }

  it.runIf(process.platform === 'linux')('reads how an unreaped process ended', async () => {
    const exited = await zombie('exit 3');
    const killed = await zombie('kill -9 $BASHPID');
    try {
      expect(await eventually(() => zombieExit(exited.pid), 'the child to exit')).toEqual({
        status: 3,
        signal: null,
      });
      expect(await eventually(() => zombieExit(killed.pid), 'the child to die')).toEqual({
        status: null,
        signal: 9,
      });
    } finally {
      exited.stop();
      killed.stop();
    }
  });

  it.runIf(process.platform === 'linux')('a zombie is not alive', async () => {
    const exited = await zombie('exit 0');
    try {
      await eventually(() => zombieExit(exited.pid), 'the child to exit');
      expect(pidAlive(exited.pid)).toBe(false);
    } finally {
      exited.stop();
    }
  });

  it('knows nothing about a live process or nonsense', () => {
    expect(zombieExit(process.pid)).toBeNull();
    expect(zombieExit(-1)).toBeNull();
  });
});

describe("zombieExitFromStat (a host's /proc/PID/stat read over ssh)", () => {
  /** A stat line: pid, a command name that looks like more fields, then fields 3 to 52. */
  const stat = (state: string, exitCode: number): string =>
    `4321 (sh) Z (x) ${[state, ...Array<string>(48).fill('0'), String(exitCode)].join(' ')}\n`;

  it('reads a zombie\'s exit status or signal, past a command name holding ") Z "', () => {
    expect(zombieExitFromStat(stat('Z', 3 << 8))).toEqual({ status: 3, signal: null });
    expect(zombieExitFromStat(stat('Z', 9))).toEqual({ status: null, signal: 9 });
  });

  it('says nothing for a live process or a short line', () => {
    expect(zombieExitFromStat(stat('S', 0))).toBeNull();
    expect(zombieExitFromStat('4321 (sh) Z 1 2')).toBeNull();
  });
});
