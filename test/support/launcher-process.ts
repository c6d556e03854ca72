import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { installOpenApiResponseValidation } from './openapi-validator';
import { DIST_ROOT, REPO_ROOT } from './test-stack';

// The launched API's answers (e.g. /health) are checked against the document it serves, as in the API tests.
installOpenApiResponseValidation();

export const LAUNCHER_MAIN = path.join(DIST_ROOT, 'apps', 'launcher', 'src', 'main.js');

/** True when the process exists and is not a zombie waiting to be reaped. */
export function isRunning(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

/** The product's start command (`npm start` runs it), run as a user would, with its output captured. */
export class LauncherProcess {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  private readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(env: NodeJS.ProcessEnv, args: string[] = []) {
    this.child = spawn(process.execPath, [LAUNCHER_MAIN, ...args], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (chunk: Buffer) => (this.stdout += chunk.toString('utf8')));
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.exit = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Resolves when the launcher prints that everything runs; rejects with its output if it exits first. */
  async running(timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.stderr.includes('Unblock is running.')) {
      if (this.child.exitCode !== null)
        throw new Error(
          `the launcher exited with ${this.child.exitCode}:\n${this.stderr}\n${this.stdout.slice(-3000)}`,
        );
      if (Date.now() > deadline) throw new Error(`the launcher did not start within ${timeoutMs} ms:\n${this.stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async exited(timeoutMs = 90_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        this.exit,
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`the launcher did not exit within ${timeoutMs} ms:\n${this.stderr}`)),
            timeoutMs,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The pids that the API and worker logged (every log line carries the process id and component). */
  componentPids(component: 'api' | 'worker'): number[] {
    const pids = new Set<number>();
    for (const line of this.stdout.split('\n')) {
      if (!line.startsWith('{')) continue;
      try {
        const entry = JSON.parse(line) as { component?: string; pid?: number };
        if (entry.component === component && typeof entry.pid === 'number') pids.add(entry.pid);
      } catch {
        // not a log line
      }
    }
    return [...pids];
  }
}

/** The environment of a user's shell without the test run's own PostgreSQL and Temporal. */
export function productEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'info', ...extra };
  for (const name of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'UNBLOCK_PARENT_PID'])
    if (!(name in extra)) delete env[name];
  return env;
}
