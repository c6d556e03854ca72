import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isProcessAlive } from './processes';

/** A Go program could not be built; the message says what `go install` printed. */
export class GoInstallError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GoInstallError';
  }
}

export interface GoInstallRequest {
  /** the `go` command */
  go: string;
  /** the package to install, e.g. go.temporal.io/server/cmd/server */
  module: string;
  version: string;
  /** the name `go install` gives the binary (the package's last path element) */
  builtName: string;
  /** where the binary is kept once built */
  target: string;
  /** what the binary is, for the progress lines ("the Temporal server") */
  label: string;
  onProgress: (line: string) => void;
  /** how long a first build may take, in minutes, for the first progress line */
  expectMinutes?: string;
}

export function isExecutableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Builds `module@version` with `go install` into a temporary folder beside the target, then moves the binary into
 * place, so an interrupted build never leaves a broken one. A lock file keeps two starts (or a start and a test
 * run) from building the same binary at once: the second waits for the first and uses its binary.
 */
export async function goInstallIntoCache(request: GoInstallRequest): Promise<void> {
  const { go, module, version, builtName, target, label, onProgress } = request;
  const dir = path.dirname(target);
  fs.mkdirSync(dir, { recursive: true });
  const lockFile = `${target}.build.lock`;
  await acquireBuildLock(lockFile, target, label, onProgress);
  try {
    if (isExecutableFile(target)) return;
    const buildDir = fs.mkdtempSync(path.join(dir, 'build-'));
    const startedAt = Date.now();
    onProgress(
      `Building ${label} ${version} with go install (first start only; this takes ${request.expectMinutes ?? 'a few'} minutes)...`,
    );
    const heartbeat = setInterval(() => {
      onProgress(`...still building ${label} (${Math.round((Date.now() - startedAt) / 1000)} s)`);
    }, 20_000);
    try {
      await new Promise<void>((resolve, reject) => {
        const child = spawn(go, ['install', `${module}@${version}`], {
          env: {
            ...process.env,
            GOBIN: buildDir,
            GOFLAGS: [process.env.GOFLAGS, '-buildvcs=false'].filter(Boolean).join(' '),
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let tail = '';
        const onData = (chunk: Buffer) => {
          const text = chunk.toString('utf8');
          tail = (tail + text).slice(-4000);
          for (const line of text.split('\n')) if (line.trim()) onProgress(`go: ${line.trim().replace(/^go: /, '')}`);
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        child.once('error', reject);
        child.once('close', (code) => {
          if (code === 0) resolve();
          else reject(new GoInstallError(`go install ${module}@${version} failed (exit ${code}):\n${tail.trim()}`));
        });
      });
    } finally {
      clearInterval(heartbeat);
    }
    fs.renameSync(path.join(buildDir, builtName), target);
    fs.rmSync(buildDir, { recursive: true, force: true });
    onProgress(`Built ${label} in ${Math.round((Date.now() - startedAt) / 1000)} s: ${target}`);
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
}

async function acquireBuildLock(
  lockFile: string,
  target: string,
  label: string,
  onProgress: (line: string) => void,
): Promise<void> {
  let announced = false;
  for (;;) {
    try {
      fs.writeFileSync(lockFile, `${process.pid}\n`, { flag: 'wx' });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number(fs.readFileSync(lockFile, 'utf8').trim());
    if (!Number.isInteger(holder) || !isProcessAlive(holder)) {
      fs.rmSync(lockFile, { force: true });
      continue;
    }
    if (isExecutableFile(target)) return;
    if (!announced) {
      onProgress(`Another process (pid ${holder}) is building ${label}; waiting for it...`);
      announced = true;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}
