import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ConfigError,
  databaseUrlOf,
  loadConfig,
  parseDatabaseUrl,
  redactUrl,
  temporalAddressOf,
} from '@unblock/config';

describe('configuration from the environment', () => {
  test('defaults start everything locally: embedded PostgreSQL and the Temporal dev server', () => {
    const config = loadConfig({}, '/srv/unblock');
    assert.equal(config.postgres.url, undefined);
    assert.equal(config.temporal.address, undefined);
    assert.equal(config.dataDir, '/srv/unblock/.data');
    assert.equal(config.postgres.embedded.dataDir, '/srv/unblock/.data/postgres');
    assert.equal(config.temporal.devServer.dbFile, '/srv/unblock/.data/temporal/temporal.db');
    assert.equal(config.api.port, 3000);
    assert.equal(config.temporal.namespace, 'default');
    assert.equal(config.temporal.taskQueue, 'unblock-issues');
    assert.equal(config.demoData, true);
    assert.equal(databaseUrlOf(config), 'postgres://unblock:unblock@127.0.0.1:55432/unblock');
    assert.equal(temporalAddressOf(config), '127.0.0.1:7233');
  });

  test('DATABASE_URL and TEMPORAL_ADDRESS replace the embedded components', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u:p@db.example:5432/zone',
      TEMPORAL_ADDRESS: 'temporal.example:7233',
      TEMPORAL_NAMESPACE: 'zone-prod',
    });
    assert.equal(databaseUrlOf(config), 'postgres://u:p@db.example:5432/zone');
    assert.equal(temporalAddressOf(config), 'temporal.example:7233');
    assert.equal(config.temporal.namespace, 'zone-prod');
  });

  test('UNBLOCK_TEMPORAL=server chooses the real Temporal server, with its shards and retention', () => {
    const defaults = loadConfig({}, '/srv/unblock');
    assert.equal(defaults.temporal.mode, 'dev');
    assert.equal(defaults.temporal.server.shards, 4);
    assert.equal(defaults.temporal.server.retentionDays, 30);
    assert.equal(defaults.temporal.server.version, 'v1.30.4');
    const server = loadConfig(
      { UNBLOCK_TEMPORAL: 'server', UNBLOCK_TEMPORAL_SHARDS: '16', UNBLOCK_TEMPORAL_RETENTION_DAYS: '90' },
      '/srv/unblock',
    );
    assert.equal(server.temporal.mode, 'server');
    assert.equal(server.temporal.server.shards, 16);
    assert.equal(server.temporal.server.retentionDays, 90);
    assert.equal(server.temporal.server.dataDir, '/srv/unblock/.data/temporal-server');
  });

  const rejected: Array<[string, Record<string, string>, RegExp]> = [
    ['an unknown kind of Temporal', { UNBLOCK_TEMPORAL: 'cluster' }, /^UNBLOCK_TEMPORAL: must be "dev" .* or "server"/],
    ['no shards', { UNBLOCK_TEMPORAL_SHARDS: '0' }, /^UNBLOCK_TEMPORAL_SHARDS: must be a whole number of at least 1/],
    ['a port that is not a number', { API_PORT: 'eighty' }, /^API_PORT: must be a whole number/],
    ['a port out of range', { UNBLOCK_PG_PORT: '70000' }, /^UNBLOCK_PG_PORT: must be between 1 and 65535/],
    ['a port of zero', { UNBLOCK_TEMPORAL_PORT: '0' }, /^UNBLOCK_TEMPORAL_PORT: must be between 1 and 65535/],
    ['a DATABASE_URL that is not a URL', { DATABASE_URL: 'not a url' }, /^DATABASE_URL: must be a URL/],
    [
      'a DATABASE_URL of another database',
      { DATABASE_URL: 'mysql://u:p@h:3306/db' },
      /^DATABASE_URL: must use the postgres:\/\/ scheme/,
    ],
    [
      'a DATABASE_URL without a database',
      { DATABASE_URL: 'postgres://u:p@h:5432' },
      /^DATABASE_URL: must name a database/,
    ],
    [
      'a TEMPORAL_ADDRESS without a port',
      { TEMPORAL_ADDRESS: 'temporal.example' },
      /^TEMPORAL_ADDRESS: must be host:port/,
    ],
    ['a namespace with spaces', { TEMPORAL_NAMESPACE: 'my namespace' }, /^TEMPORAL_NAMESPACE: must be letters/],
    ['a boolean that is neither', { UNBLOCK_DEMO_DATA: 'maybe' }, /^UNBLOCK_DEMO_DATA: must be true or false/],
    ['an unknown log level', { LOG_LEVEL: 'loud' }, /^LOG_LEVEL: must be one of/],
  ];
  for (const [what, env, message] of rejected) {
    test(`rejects ${what}, naming the variable and the rule`, () => {
      assert.throws(
        () => loadConfig(env),
        (error: unknown) => error instanceof ConfigError && message.test(error.message),
      );
    });
  }

  test('UNBLOCK_DEMO_DATA=false skips the demo data', () => {
    assert.equal(loadConfig({ UNBLOCK_DEMO_DATA: 'false' }).demoData, false);
    assert.equal(loadConfig({ UNBLOCK_DEMO_DATA: 'yes' }).demoData, true);
  });

  test('postgresql:// is accepted as well as postgres://', () => {
    assert.equal(parseDatabaseUrl('postgresql://u:p@h:5432/db').hostname, 'h');
  });

  test('a logged URL never shows the password', () => {
    assert.equal(
      redactUrl('postgres://unblock:secret@127.0.0.1:5432/unblock'),
      'postgres://unblock:***@127.0.0.1:5432/unblock',
    );
    assert.doesNotMatch(redactUrl('postgres://a:b@c/d'), /:b@/);
  });
});
