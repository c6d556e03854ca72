import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Connection } from '@temporalio/client';
import type { Logger } from 'pino';
import { assertPortFree } from './ports';
import { spawnService, stopLeftover, stopProcess } from './processes';

export interface TemporalDevServerOptions {
  cliPath: string;
  port: number;
  /** Web UI port; undefined runs the server headless. */
  uiPort?: number;
  /** SQLite file to persist to; undefined keeps everything in memory. */
  dbFile?: string;
  namespace: string;
  logger: Logger;
  /** Where the server's pid is written so a later start can stop a leftover one. */
  pidFile?: string;
  portVariable?: string;
  uiPortVariable?: string;
}

/** The local Temporal dev server could not start; the message says why. */
export class TemporalDevServerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemporalDevServerError';
  }
}

/**
 * The Temporal CLI's dev server (`temporal server start-dev`), persisting to a SQLite file, with its web UI.
 * Runs in its own process group so that a terminal's Ctrl-C reaches only the product, which stops it in order.
 */
export class TemporalDevServer {
  private child?: ChildProcess;

  constructor(private readonly options: TemporalDevServerOptions) {}

  get address(): string {
    return `127.0.0.1:${this.options.port}`;
  }

  get uiUrl(): string | undefined {
    return this.options.uiPort === undefined ? undefined : `http://127.0.0.1:${this.options.uiPort}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    const { logger, port, uiPort, dbFile, namespace, pidFile } = this.options;
    if (pidFile !== undefined) {
      const leftover = await stopLeftover(pidFile, 'start-dev', 'SIGTERM');
      if (leftover !== undefined)
        logger.warn({ pid: leftover }, 'stopped a Temporal dev server left running by an earlier start');
    }
    await assertPortFree(port, 'Temporal frontend', this.options.portVariable ?? 'UNBLOCK_TEMPORAL_PORT');
    if (uiPort !== undefined)
      await assertPortFree(uiPort, 'Temporal web UI', this.options.uiPortVariable ?? 'UNBLOCK_TEMPORAL_UI_PORT');
    const args = [
      'server',
      'start-dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--namespace',
      namespace,
      '--log-format',
      'json',
      '--log-level',
      'warn',
    ];
    if (uiPort === undefined) args.push('--headless');
    else args.push('--ui-port', String(uiPort), '--ui-ip', '127.0.0.1');
    if (dbFile !== undefined) {
      fs.mkdirSync(path.dirname(dbFile), { recursive: true });
      args.push('--db-filename', dbFile);
    }
    const service = spawnService({
      command: this.options.cliPath,
      args,
      pidFile,
      logger,
      logAs: 'temporal dev server',
      name: 'The Temporal dev server',
      fail: (message) => new TemporalDevServerError(message),
      keepChars: 3000,
      tailLines: 5,
    });
    this.child = service.child;
    await Promise.race([waitUntilServing(this.address, namespace, 120_000), service.exited]);
    service.ready();
    logger.info({ address: this.address, ui: this.uiUrl, dbFile }, 'Temporal dev server is ready');
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child?.pid === undefined || child.exitCode !== null) return;
    this.options.logger.info('stopping the Temporal dev server');
    await stopProcess(child.pid, 'SIGTERM', 20_000);
    if (this.options.pidFile !== undefined) fs.rmSync(this.options.pidFile, { force: true });
    this.child = undefined;
  }
}

/** Resolves once the frontend answers and the namespace exists. */
export async function waitUntilServing(address: string, namespace: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    let connection: Connection | undefined;
    try {
      connection = await Connection.connect({ address, connectTimeout: 2_000 });
      await connection.workflowService.describeNamespace({ namespace });
      return;
    } catch (error) {
      lastError = error;
      await new Promise((r) => setTimeout(r, 250));
    } finally {
      await connection?.close().catch(() => undefined);
    }
  }
  throw new TemporalDevServerError(
    `Temporal at ${address} did not become ready within ${timeoutMs} ms: ${(lastError as Error)?.message}`,
  );
}
