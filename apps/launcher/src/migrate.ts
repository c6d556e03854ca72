// One-shot: applies migrations and loads the demo data, then exits. Used by docker-compose's `migrate` service.
import { ConfigError, databaseUrlOf, loadConfig } from '@unblock/config';
import { DatabaseUnavailableError } from '@unblock/persistence';
import { createLogger } from '@unblock/runtime';
import { prepareDatabase } from './prepare-database';

async function main(): Promise<void> {
  const config = loadConfig();
  const demoData = config.demoData && !process.argv.includes('--no-demo-data');
  await prepareDatabase(databaseUrlOf(config), { demoData, logger: createLogger('migrate', config.logLevel) });
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DatabaseUnavailableError) {
    process.stderr.write(`Unblock migrate: ${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`Unblock migrate failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
