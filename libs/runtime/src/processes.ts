import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import type { Logger } from 'pino';

/** True when a process with this pid exists and is not a zombie waiting to be reaped. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return !isZombie(pid);
}

/** The command line of a live process, or undefined. */
export function processCommandLine(pid: number): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return undefined;
  }
}

/** Sends signal, waits up to graceMs for the process to go, then SIGKILLs it. Resolves when it is gone. */
export async function stopProcess(pid: number, signal: NodeJS.Signals = 'SIGTERM', graceMs = 15_000): Promise<void> {
  if (!isProcessAlive(pid)) return;
  try {
    process.kill(pid, signal);
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (isProcessAlive(pid)) {
    if (Date.now() > deadline) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        return;
      }
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

function isZombie(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

/** Writes a pid file atomically. */
export function writePidFile(file: string, pid: number): void {
  fs.writeFileSync(`${file}.tmp`, `${pid}\n`);
  fs.renameSync(`${file}.tmp`, file);
}

export function readPidFile(file: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').trim().split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A process left running by an earlier start that was killed without cleaning up:
 * stops it when its pid file names a live process whose command line contains `marker`.
 * Returns the pid it stopped, if any.
 */
export async function stopLeftover(
  pidFile: string,
  marker: string,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<number | undefined> {
  const pid = readPidFile(pidFile);
  if (pid === undefined || !isProcessAlive(pid)) return undefined;
  const commandLine = processCommandLine(pid);
  if (commandLine === undefined || !commandLine.includes(marker)) return undefined;
  await stopProcess(pid, signal);
  return pid;
}

/**
 * For a process started by the product's launcher: calls onOrphaned once when the launcher is gone
 * (killed without the chance to stop its children), so no child outlives it.
 */
export function watchParentProcess(onOrphaned: () => void, intervalMs = 1000): NodeJS.Timeout | undefined {
  const expected = Number(process.env.UNBLOCK_PARENT_PID);
  if (!Number.isInteger(expected) || expected <= 0) return undefined;
  const timer = setInterval(() => {
    if (process.ppid !== expected || !isProcessAlive(expected)) {
      clearInterval(timer);
      onOrphaned();
    }
  }, intervalMs);
  timer.unref();
  return timer;
}

export interface ServiceStart {
  child: ChildProcess;
  /** Rejects, with the service's own error, when the process cannot be started or exits before `ready()`. */
  exited: Promise<never>;
  /** The process is serving: stop watching it exit, and let this process end without waiting for it. */
  ready(): void;
}

/**
 * Starts a server program in its own process group (a terminal's Ctrl-C reaches only the product, which stops it in
 * order), writes its pid file, logs its output at debug and keeps the last of it for the error when it stops during
 * start-up.
 */
export function spawnService(options: {
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  pidFile?: string;
  logger: Logger;
  /** the log message of its output lines, e.g. "temporal dev server" */
  logAs: string;
  /** its name in an error, e.g. "The Temporal dev server" */
  name: string;
  /** the error type the caller throws */
  fail: (message: string) => Error;
  /** how much output to keep, and how many of its last lines go in the error */
  keepChars: number;
  tailLines: number;
}): ServiceStart {
  const { logger, name, fail } = options;
  const child = spawn(options.command, options.args, {
    ...(options.env ? { env: options.env } : {}),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (options.pidFile !== undefined && child.pid !== undefined) writePidFile(options.pidFile, child.pid);
  let recent = '';
  const onOutput = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    recent = (recent + text).slice(-options.keepChars);
    for (const line of text.split('\n')) if (line.trim()) logger.debug({ temporal: line.trim() }, options.logAs);
  };
  child.stdout!.on('data', onOutput);
  child.stderr!.on('data', onOutput);
  const exited = new Promise<never>((_, reject) => {
    child.once('error', (error) => reject(fail(`${name} could not be started: ${error.message}`)));
    child.once('exit', (code, signal) =>
      reject(
        fail(
          `${name} stopped during start-up (exit ${code ?? signal}): ${recent.trim().split('\n').slice(-options.tailLines).join('\n')}`,
        ),
      ),
    );
  });
  exited.catch(() => undefined);
  return {
    child,
    exited,
    ready() {
      child.removeAllListeners('exit');
      child.unref();
      (child.stdout as unknown as { unref?: () => void }).unref?.();
      (child.stderr as unknown as { unref?: () => void }).unref?.();
    },
  };
}
