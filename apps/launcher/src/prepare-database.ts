import type { Logger } from 'pino';
import { applyMigrations, loadDemoChannels, loadDemoData, openDatabase } from '@unblock/persistence';

/**
 * Applies migrations and, unless told not to, loads the demo zone, and its notice channels when a demo receiver
 * runs (`demoReceiverUrl`). All idempotent.
 */
export async function prepareDatabase(
  url: string,
  options: { demoData: boolean; demoReceiverUrl?: string; logger: Logger },
): Promise<void> {
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
      if (options.demoReceiverUrl) {
        const channels = await loadDemoChannels(dataSource, options.demoReceiverUrl);
        options.logger.info({ added: channels, receiver: options.demoReceiverUrl }, 'demo notice channels loaded');
      }
    }
  } finally {
    await dataSource.destroy();
  }
}
