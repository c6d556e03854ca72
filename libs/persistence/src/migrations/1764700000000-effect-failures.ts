import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `issue_effect_failures`: the issues whose effects (read model, record, notices) could not be written at the last
 * attempt, with since when and why. The workflows keep deciding meanwhile; the row goes once a write succeeds. No
 * foreign key: the issue's own row may be the write that fails.
 */
export class EffectFailures1764700000000 implements MigrationInterface {
  name = 'EffectFailures1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE issue_effect_failures (
         issue_id varchar(128) PRIMARY KEY,
         workflow_id varchar(200) NOT NULL,
         first_failed_at timestamptz NOT NULL,
         last_failed_at timestamptz NOT NULL,
         attempts integer NOT NULL CONSTRAINT issue_effect_failures_attempts_check CHECK (attempts > 0),
         sequence bigint NOT NULL,
         last_error text NOT NULL
       )`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE issue_effect_failures`);
  }
}
