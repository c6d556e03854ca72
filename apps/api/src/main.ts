import { ConfigError, loadConfig } from '@unblock/config';
import { assertPortFree, createLogger, PortInUseError, watchParentProcess } from '@unblock/runtime';
import { createApiApp } from './create-api-app';

async function main(): Promise<void> {
  const config = loadConfig();
  await assertPortFree(config.api.port, 'Unblock API', 'API_PORT', config.api.host);
  const app = await createApiApp(config);
  await app.listen(config.api.port, config.api.host);
  const logger = createLogger('api', config.logLevel);
  logger.info({ url: `http://${config.api.host}:${config.api.port}` }, 'API is listening');
  watchParentProcess(() => {
    logger.warn('the launcher is gone; stopping');
    void app.close().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof PortInUseError) {
    process.stderr.write(`Unblock API: ${error.message}\n`);
    process.exit(2);
  }
  createLogger('api').fatal({ err: error }, `the API could not start: ${(error as Error).message}`);
  process.exit(1);
});
