import type { Logger } from 'pino';
import { applyMigrations, loadDemoData, openDatabase } from '@unblock/persistence';

/** Applies migrations and, unless told not to, loads the demo zone. Both are idempotent. */
export async function prepareDatabase(url: string, options: { demoData: boolean; logger: Logger }): Promise<void> {
  const dataSource = await openDatabase(url);
  try {
    const applied = await applyMigrations(dataSource);
    options.logger.info(
      { applied },
      applied.length ? `applied ${applied.length} migration(s)` : 'database schema is up to date',
    );
    if (options.demoData) {
      const added = await loadDemoData(dataSource);
      options.logger.info(added, 'demo data loaded (rows that already existed were kept)');
    }
  } finally {
    await dataSource.destroy();
  }
}
