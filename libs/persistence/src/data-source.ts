import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/** The one TypeORM configuration shared by the API, the worker, the migration command and tests. Never synchronises. */
export function dataSourceOptions(url: string, overrides: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    applicationName: 'unblock',
    extra: { max: 20, connectionTimeoutMillis: 5_000 },
    ...overrides,
  } as DataSourceOptions;
}

export function createDataSource(url: string, overrides: Partial<DataSourceOptions> = {}): DataSource {
  return new DataSource(dataSourceOptions(url, overrides));
}

/** An arbitrary, fixed key for the advisory lock that serialises concurrent migration runs. */
const MIGRATION_LOCK_KEY = 7_231_901;

/**
 * Applies pending migrations, one transaction each, under an advisory lock so that two processes
 * starting at once never race. Returns the names of the migrations applied (none when up to date).
 *
 * The migrations are the schema's DDL and run on a connection of their own that knows no entity: what they create
 * is exactly what they say (TypeORM would otherwise add its `typeorm_metadata` table for the entities' generated
 * columns), and the test that the entities match the migrated schema compares two independent descriptions.
 */
export async function applyMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const migrator = new DataSource({
      ...dataSource.options,
      entities: [],
      subscribers: [],
      extra: { ...('extra' in dataSource.options ? dataSource.options.extra : {}), max: 1 },
    } as DataSourceOptions);
    try {
      await migrator.initialize();
      const applied = await migrator.runMigrations({ transaction: 'each' });
      return applied.map((migration) => migration.name);
    } finally {
      if (migrator.isInitialized) await migrator.destroy();
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}
