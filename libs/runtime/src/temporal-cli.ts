import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { GoInstallError, goInstallIntoCache, isExecutableFile } from './go-install';

/** The Go module the product builds the Temporal CLI from when none is installed. */
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal';

export type TemporalCliSource = 'TEMPORAL_CLI_PATH' | 'PATH' | 'cache' | 'go install';

export interface ResolvedTemporalCli {
  path: string;
  source: TemporalCliSource;
}

/** No Temporal CLI could be found or built. The message says what to install. */
export class TemporalCliUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemporalCliUnavailableError';
  }
}

export interface ResolveTemporalCliOptions {
  /** Explicit path (TEMPORAL_CLI_PATH). */
  cliPath?: string;
  /** Folder outside the repository where the built CLI is kept. */
  cacheDir: string;
  /** Version of the Go module to build, e.g. v1.5.1. */
  version: string;
  /** PATH to search; defaults to process.env.PATH. */
  searchPath?: string;
  /** Receives a line for each step of a first-time build. */
  onProgress?: (line: string) => void;
  /** Whether a missing CLI may be built with `go install` (default true). */
  allowGoInstall?: boolean;
}

/** Finds an executable by name on a PATH string. */
export function findOnPath(name: string, searchPath: string | undefined = process.env.PATH): string | undefined {
  for (const dir of (searchPath ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

/** Where the built CLI of a version is kept in the cache. */
export function cachedTemporalCliPath(cacheDir: string, version: string): string {
  return path.join(cacheDir, 'temporal-cli', version, 'temporal');
}

function runsAsTemporalCli(file: string): boolean {
  const result = spawnSync(file, ['--version'], { encoding: 'utf8', timeout: 20_000 });
  return result.status === 0 && /temporal version/i.test(result.stdout);
}

/**
 * Finds the Temporal CLI, in order: an explicit path, `temporal` on PATH, the cache,
 * and finally a one-time `go install` of the pinned module into the cache.
 * Returns undefined when none of these is possible (the caller may then try the SDK's download).
 */
export async function resolveTemporalCli(options: ResolveTemporalCliOptions): Promise<ResolvedTemporalCli | undefined> {
  if (options.cliPath !== undefined) {
    if (!isExecutableFile(options.cliPath) || !runsAsTemporalCli(options.cliPath)) {
      throw new TemporalCliUnavailableError(
        `TEMPORAL_CLI_PATH=${options.cliPath} is not an executable Temporal CLI. Point it at a 'temporal' binary, or unset it.`,
      );
    }
    return { path: options.cliPath, source: 'TEMPORAL_CLI_PATH' };
  }
  const onPath = findOnPath('temporal', options.searchPath);
  if (onPath !== undefined && runsAsTemporalCli(onPath)) return { path: onPath, source: 'PATH' };

  const cached = cachedTemporalCliPath(options.cacheDir, options.version);
  if (isExecutableFile(cached)) return { path: cached, source: 'cache' };

  if (options.allowGoInstall === false) return undefined;
  const go = findOnPath('go', options.searchPath);
  if (go === undefined) return undefined;
  try {
    await goInstallIntoCache({
      go,
      module: TEMPORAL_CLI_MODULE,
      version: options.version,
      builtName: 'temporal',
      target: cached,
      label: 'the Temporal CLI',
      onProgress: options.onProgress ?? (() => undefined),
    });
  } catch (error) {
    if (error instanceof GoInstallError) throw new TemporalCliUnavailableError(error.message);
    throw error;
  }
  return { path: cached, source: 'go install' };
}

/** The message given when no Temporal CLI can be had. */
export function temporalCliMissingMessage(version: string): string {
  return [
    'No Temporal CLI is available, and none could be built or downloaded.',
    'Do one of these, then start again:',
    `  - install Go (https://go.dev/doc/install) so the product can build it once with: go install ${TEMPORAL_CLI_MODULE}@${version}`,
    '  - install the Temporal CLI (https://docs.temporal.io/cli) and put `temporal` on PATH, or set TEMPORAL_CLI_PATH to it',
    '  - or point the product at a running Temporal cluster with TEMPORAL_ADDRESS=host:port',
  ].join('\n');
}
