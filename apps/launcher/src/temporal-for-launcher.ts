import * as path from 'node:path';
import type { Logger } from 'pino';
import type { UnblockConfig } from '@unblock/config';
import {
  resolveTemporalCli,
  resolveTemporalServer,
  TemporalServer,
  temporalServerConfigFile,
  temporalServerPostgresOf,
  TemporalCliUnavailableError,
  temporalCliMissingMessage,
  TemporalDevServer,
  waitUntilServing,
  assertPortFree,
} from '@unblock/runtime';

/** A Temporal frontend the launcher started, or found. */
export interface RunningTemporal {
  address: string;
  uiUrl?: string;
  description: string;
  stop(): Promise<void>;
}

/**
 * TEMPORAL_ADDRESS when set (checked reachable); with UNBLOCK_TEMPORAL=server a real Temporal server on the
 * product's PostgreSQL (`databaseUrl`); otherwise the local dev server with the CLI from TEMPORAL_CLI_PATH, PATH,
 * the cache or a one-time go install, and as a last resort the SDK's own download.
 */
export async function startTemporal(
  config: UnblockConfig,
  logger: Logger,
  progress: (line: string) => void,
  databaseUrl: string,
): Promise<RunningTemporal> {
  const { temporal } = config;
  if (temporal.address !== undefined) {
    try {
      await waitUntilServing(temporal.address, temporal.namespace, 15_000);
    } catch (error) {
      throw new TemporalCliUnavailableError(
        `Cannot reach Temporal at TEMPORAL_ADDRESS=${temporal.address} (namespace ${temporal.namespace}): ${(error as Error).message}`,
      );
    }
    return {
      address: temporal.address,
      description: `${temporal.address} (external, namespace ${temporal.namespace})`,
      stop: async () => undefined,
    };
  }
  if (temporal.mode === 'server') return startRealServer(config, logger, progress, databaseUrl);
  const { port, uiPort, dbFile } = temporal.devServer;
  const cli = await resolveTemporalCli({
    cliPath: temporal.cliPath,
    cacheDir: temporal.cacheDir,
    version: temporal.cliVersion,
    onProgress: progress,
  });
  if (cli !== undefined) {
    logger.info({ cli: cli.path, source: cli.source }, 'using the Temporal CLI');
    const server = new TemporalDevServer({
      cliPath: cli.path,
      port,
      uiPort,
      dbFile,
      namespace: temporal.namespace,
      logger,
      pidFile: path.join(path.dirname(dbFile), 'temporal.pid'),
    });
    await server.start();
    return {
      address: server.address,
      uiUrl: server.uiUrl,
      description: `${server.address} (local dev server, namespace ${temporal.namespace}, data in ${path.relative(config.repoRoot, dbFile)})`,
      stop: () => server.stop(),
    };
  }
  if (!temporal.allowSdkDownload) throw new TemporalCliUnavailableError(temporalCliMissingMessage(temporal.cliVersion));
  return startDownloadedDevServer(config, logger, progress);
}

/** Last resort where the network allows: the Temporal SDK downloads and runs its own dev server binary. */
async function startDownloadedDevServer(
  config: UnblockConfig,
  logger: Logger,
  progress: (line: string) => void,
): Promise<RunningTemporal> {
  const { port, uiPort, dbFile } = config.temporal.devServer;
  await assertPortFree(port, 'Temporal frontend', 'UNBLOCK_TEMPORAL_PORT');
  await assertPortFree(uiPort, 'Temporal web UI', 'UNBLOCK_TEMPORAL_UI_PORT');
  progress("No Temporal CLI and no Go: trying the Temporal SDK's download of the dev server...");
  try {
    const { TestWorkflowEnvironment } = await import('@temporalio/testing');
    const env = await Promise.race([
      TestWorkflowEnvironment.createLocal({
        server: {
          executable: { type: 'cached-download', downloadDir: path.join(config.temporal.cacheDir, 'sdk-download') },
          ip: '127.0.0.1',
          port,
          ui: true,
          uiPort,
          dbFilename: dbFile,
          namespace: config.temporal.namespace,
        },
      }),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('the download did not finish within 5 minutes')), 300_000).unref(),
      ),
    ]);
    logger.info('Temporal dev server downloaded by the SDK is ready');
    return {
      address: `127.0.0.1:${port}`,
      uiUrl: `http://127.0.0.1:${uiPort}`,
      description: `127.0.0.1:${port} (dev server downloaded by the SDK, namespace ${config.temporal.namespace})`,
      stop: () => env.teardown(),
    };
  } catch (error) {
    throw new TemporalCliUnavailableError(
      `${temporalCliMissingMessage(config.temporal.cliVersion)}\n(The SDK's download failed too: ${(error as Error).message})`,
    );
  }
}

/** A real Temporal server (all services in one process) on the PostgreSQL server the product uses. */
async function startRealServer(
  config: UnblockConfig,
  logger: Logger,
  progress: (line: string) => void,
  databaseUrl: string,
): Promise<RunningTemporal> {
  const { temporal } = config;
  const binaries = await resolveTemporalServer({
    cacheDir: temporal.cacheDir,
    version: temporal.server.version,
    onProgress: progress,
  });
  const postgres = temporalServerPostgresOf(databaseUrl);
  const server = new TemporalServer({
    binaries,
    configFile: temporalServerConfigFile(config.repoRoot),
    postgres,
    port: temporal.devServer.port,
    shards: temporal.server.shards,
    namespace: temporal.namespace,
    retentionDays: temporal.server.retentionDays,
    dataDir: temporal.server.dataDir,
    logger,
  });
  await server.start();
  return {
    address: server.address,
    description: `${server.address} (Temporal server ${temporal.server.version} on PostgreSQL ${postgres.host}:${postgres.port}, databases temporal and temporal_visibility, ${temporal.server.shards} history shards, namespace ${temporal.namespace})`,
    stop: () => server.stop(),
  };
}
