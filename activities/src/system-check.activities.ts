import { log } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import type { DatabaseCheckResult, SystemCheckActivities } from '@unblock/contracts';

export interface SystemCheckDeps {
  dataSource: DataSource;
}

/** Reads only: safe to retry any number of times. */
export function createSystemCheckActivities({ dataSource }: SystemCheckDeps): SystemCheckActivities {
  return {
    async checkDatabase(checkId: string): Promise<DatabaseCheckResult> {
      const [row] = (await dataSource.query(
        `SELECT current_setting('server_version') AS server_version, now() AS database_time,
                (SELECT count(*)::int FROM schema_migrations) AS applied`,
      )) as Array<{ server_version: string; database_time: Date; applied: number }>;
      log.info('database check', { checkId, serverVersion: row.server_version });
      return {
        serverVersion: row.server_version,
        databaseTime: new Date(row.database_time).toISOString(),
        appliedMigrations: row.applied,
      };
    },
  };
}
