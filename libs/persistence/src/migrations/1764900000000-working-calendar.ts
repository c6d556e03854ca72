import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The working calendar as the zone's data: `calendar_revisions` (one immutable snapshot per change, with who, when
 * and why) and, on each issue's row, the revision its deadlines were computed on and whether one of them falls
 * in a year the calendar has no arrangement for (`calendar_unconfirmed`).
 */
export class WorkingCalendar1764900000000 implements MigrationInterface {
  name = 'WorkingCalendar1764900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE calendar_revisions (
         revision integer PRIMARY KEY CONSTRAINT calendar_revisions_revision_check CHECK (revision > 0),
         created_at timestamptz NOT NULL,
         created_by varchar(64) NOT NULL,
         cause text NOT NULL,
         change jsonb NOT NULL,
         snapshot jsonb NOT NULL,
         retimed_at timestamptz
       )`,
    );
    await queryRunner.query(`ALTER TABLE issues ADD COLUMN calendar_revision integer`);
    await queryRunner.query(`ALTER TABLE issues ADD COLUMN calendar_unconfirmed boolean NOT NULL DEFAULT false`);
    await queryRunner.query(
      `CREATE INDEX issues_calendar_revision_open_idx ON issues (calendar_revision) WHERE status IN ('open', 'resolved')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX issues_calendar_revision_open_idx`);
    await queryRunner.query(`ALTER TABLE issues DROP COLUMN calendar_unconfirmed`);
    await queryRunner.query(`ALTER TABLE issues DROP COLUMN calendar_revision`);
    await queryRunner.query(`DROP TABLE calendar_revisions`);
  }
}
