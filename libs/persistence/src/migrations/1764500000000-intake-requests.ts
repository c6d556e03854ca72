import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotent intake: one row per (user, Idempotency-Key), inserted by the API BEFORE it starts the issue's
 * workflow. The row fixes the issue id (and so the workflow id `issue:<issue_id>`) for that key, so any number of
 * concurrent or retried requests with one key make exactly one issue; `body_hash` tells a replay from a key reused
 * for another submission. `request` keeps the submission so that an intake whose workflow start failed (Temporal
 * unavailable) can be completed later; `started_at` is set once the workflow start succeeded.
 * Written only by the API's intake; never by the workflow's activities.
 */
export class IntakeRequests1764500000000 implements MigrationInterface {
  name = 'IntakeRequests1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE intake_requests (
        user_id varchar(64) NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        idempotency_key varchar(200) NOT NULL CHECK (char_length(idempotency_key) BETWEEN 1 AND 200),
        body_hash char(64) NOT NULL,
        issue_id varchar(128) NOT NULL,
        request jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        PRIMARY KEY (user_id, idempotency_key)
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX intake_requests_issue_id_key ON intake_requests (issue_id)`);
    // intakes accepted but not yet started (Temporal was unavailable): what a retry or a sweeper completes
    await queryRunner.query(
      `CREATE INDEX intake_requests_unstarted_idx ON intake_requests (created_at) WHERE started_at IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE intake_requests`);
  }
}
