import { DefaultLogger, makeTelemetryFilterString, Runtime } from '@temporalio/worker';

/**
 * Installs the Temporal runtime for replay tests with errors only: a replay that fails on purpose would otherwise
 * fill the output with the SDK core's warnings. Does nothing when a runtime is installed already in this process.
 */
export function installQuietReplayRuntime(): void {
  try {
    Runtime.install({
      logger: new DefaultLogger('ERROR'),
      shutdownSignals: [],
      telemetryOptions: {
        logging: { filter: makeTelemetryFilterString({ core: 'ERROR', other: 'ERROR' }), forward: {} },
      },
    });
  } catch {
    // already installed in this process
  }
}
