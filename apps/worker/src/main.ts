import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig } from '@unblock/config';
import { createLogger, watchParentProcess } from '@unblock/runtime';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  let logLevel;
  try {
    logLevel = loadConfig().logLevel;
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Unblock worker: configuration error: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger('worker', logLevel);
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: false });
  app.enableShutdownHooks(['SIGINT', 'SIGTERM']);
  watchParentProcess(() => {
    logger.warn('the launcher is gone; stopping');
    void app.close().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  const logger = createLogger('worker');
  logger.fatal({ err: error }, `the worker could not start: ${(error as Error).message}`);
  process.exit(1);
});
