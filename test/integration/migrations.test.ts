import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DataSource } from 'typeorm';
import {
  applyMigrations,
  columnName,
  createDataSource,
  DEMO_DEPARTMENTS,
  DEMO_PEOPLE,
  DEMO_PROJECTS,
  loadDemoData,
  MIGRATIONS,
  openDatabase,
  verifyPassword,
  DEMO_PASSWORD,
} from '@unblock/persistence';
import { createTestDatabase, type TestDatabase } from '../support/test-stack';

describe('schema migrations and demo data on a real PostgreSQL', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  before(async () => {
    database = await createTestDatabase();
    dataSource = await openDatabase(database.url);
  });

  after(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  test('migrations apply on an empty database and create every table', async () => {
    const applied = await applyMigrations(dataSource);
    assert.deepEqual(
      applied,
      MIGRATIONS.map((migration) => migration.name),
    );
    const tables = (await dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    )) as Array<{ table_name: string }>;
    assert.deepEqual(
      tables.map((t) => t.table_name),
      [
        'calendar_revisions',
        'departments',
        'escalations',
        'intake_requests',
        'issue_effect_failures',
        'issue_events',
        'issue_tasks',
        'issues',
        'notice_channels',
        'notice_deliveries',
        'notice_messages',
        'notifications',
        'people',
        'projects',
        'schema_migrations',
      ],
    );
  });

  test('the entities describe the migrated schema exactly: TypeORM finds nothing to change', async () => {
    // TypeORM reads a generated column's expression from its own `typeorm_metadata` table, which this schema does
    // not keep (its migrations are hand-written). One connection, and a temporary table filled with what PostgreSQL
    // says each generated column computes, let the schema builder compare the entities' expressions with it.
    const single = createDataSource(database.url, { extra: { max: 1 } });
    await single.initialize();
    try {
      await single.query(
        `CREATE TEMPORARY TABLE typeorm_metadata (type varchar NOT NULL, database varchar, schema varchar, "table" varchar, name varchar, value text)`,
      );
      await single.query(
        `INSERT INTO typeorm_metadata (type, database, schema, "table", name, value)
         SELECT 'GENERATED_COLUMN', current_database(), table_schema, table_name, column_name, generation_expression
         FROM information_schema.columns WHERE table_schema = 'public' AND is_generated = 'ALWAYS'`,
      );
      const sql = await single.driver.createSchemaBuilder().log();
      assert.deepEqual(
        sql.upQueries.map((query) => query.query),
        [],
        'an entity and the migrations disagree: fix the entity, or add a migration when the database is the one that is wrong',
      );
    } finally {
      await single.destroy();
    }
  });

  test('every column is named after its property (leadDepartmentId → lead_department_id), so raw rows are typed by the entities', () => {
    const misnamed = dataSource.entityMetadatas.flatMap((entity) =>
      entity.columns
        .filter((column) => column.databaseName !== columnName(column.propertyName))
        .map((column) => `${entity.tableName}.${column.databaseName} (${column.propertyName})`),
    );
    assert.deepEqual(misnamed, []);
  });

  test('migrations are idempotent: a second run applies nothing and changes no table', async () => {
    const columnsBefore = await dataSource.query(
      `SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2`,
    );
    assert.deepEqual(await applyMigrations(dataSource), []);
    const columnsAfter = await dataSource.query(
      `SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2`,
    );
    assert.deepEqual(columnsAfter, columnsBefore);
    const [{ count }] = (await dataSource.query(`SELECT count(*)::int AS count FROM schema_migrations`)) as Array<{
      count: number;
    }>;
    assert.equal(count, MIGRATIONS.length);
  });

  test('two processes migrating at once do not race (advisory lock)', async () => {
    const other = await openDatabase(database.url);
    try {
      const results = await Promise.all([applyMigrations(dataSource), applyMigrations(other)]);
      assert.deepEqual(results, [[], []]);
    } finally {
      await other.destroy();
    }
  });

  test('the demo zone loads with every role, and loading it again adds nothing', async () => {
    const first = await loadDemoData(dataSource);
    assert.deepEqual(first, {
      departments: DEMO_DEPARTMENTS.length,
      people: DEMO_PEOPLE.length,
      projects: DEMO_PROJECTS.length,
    });
    const second = await loadDemoData(dataSource);
    assert.deepEqual(second, { departments: 0, people: 0, projects: 0 });
    const roles = (await dataSource.query(`SELECT DISTINCT unnest(roles) AS role FROM people ORDER BY 1`)) as Array<{
      role: string;
    }>;
    assert.deepEqual(
      roles.map((r) => r.role),
      [
        'administrator',
        'department_head',
        'dispatcher',
        'party_secretary',
        'reporter',
        'responsible_leader',
        'staff',
        'zone_director',
      ],
    );
    const [{ count }] = (await dataSource.query(
      `SELECT count(*)::int AS count FROM projects WHERE kind = 'road' AND publicly_committed`,
    )) as Array<{ count: number }>;
    assert.equal(count, 8, 'the eight roads that must open on schedule');
  });

  test('a second demo load keeps what users changed', async () => {
    await dataSource.query(`UPDATE projects SET status = 'suspended' WHERE id = 'GX-ROAD-01'`);
    await loadDemoData(dataSource);
    const [{ status }] = (await dataSource.query(`SELECT status FROM projects WHERE id = 'GX-ROAD-01'`)) as Array<{
      status: string;
    }>;
    assert.equal(status, 'suspended');
  });

  test('demo users sign in with the documented password', async () => {
    const [row] = (await dataSource.query(`SELECT password_hash FROM people WHERE username = 'dispatcher'`)) as Array<{
      password_hash: string;
    }>;
    assert.equal(verifyPassword(DEMO_PASSWORD, row.password_hash), true);
  });

  test('the schema refuses a row that breaks its rules', async () => {
    await assert.rejects(
      dataSource.query(`INSERT INTO projects (id, name, kind, status) VALUES ('X', 'x', 'spaceport', 'planned')`),
      /check constraint/,
    );
    await assert.rejects(
      dataSource.query(`INSERT INTO people (id, username, name, roles) VALUES ('p', 'dispatcher', 'dup', '{staff}')`),
      /duplicate key/,
    );
  });
});
