import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reaching people beyond the inbox: the `administrator` role; people's mobile number, e-mail and Feishu open_id;
 * `notice_channels` (robots, webhooks, e-mail), `notice_deliveries` (one notice on one channel, written with the
 * notice) and `notice_messages` (every message sent, which the channels' limits count).
 */
export class NoticeDelivery1764800000000 implements MigrationInterface {
  name = 'NoticeDelivery1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_role_check`);
    await queryRunner.query(
      `ALTER TABLE notifications ADD CONSTRAINT notifications_role_check CHECK (role IN (
         'reporter', 'staff', 'department_head', 'responsible_leader', 'zone_director', 'party_secretary', 'dispatcher',
         'administrator'))`,
    );
    await queryRunner.query(
      `ALTER TABLE people ADD COLUMN mobile varchar(20), ADD COLUMN email varchar(254), ADD COLUMN feishu_open_id varchar(64)`,
    );
    await queryRunner.query(`
      CREATE TABLE notice_channels (
        id varchar(64) PRIMARY KEY,
        kind varchar(16) NOT NULL CONSTRAINT notice_channels_kind_check
          CHECK (kind IN ('wecom', 'dingtalk', 'feishu', 'webhook', 'email')),
        name varchar(100) NOT NULL,
        department_id varchar(64) REFERENCES departments(id) ON DELETE CASCADE,
        person_id varchar(64) REFERENCES people(id) ON DELETE CASCADE,
        endpoint text NOT NULL,
        secret text,
        enabled boolean NOT NULL DEFAULT true,
        quiet_hours boolean NOT NULL DEFAULT false,
        per_minute integer CONSTRAINT notice_channels_per_minute_check CHECK (per_minute IS NULL OR per_minute > 0),
        paused_until timestamptz,
        rate_limited integer NOT NULL DEFAULT 0,
        created_by varchar(64),
        disabled_at timestamptz,
        disabled_by varchar(64),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT notice_channels_owner_check CHECK (department_id IS NULL OR person_id IS NULL)
      )`);
    await queryRunner.query(`CREATE INDEX notice_channels_department_idx ON notice_channels (department_id)`);
    await queryRunner.query(`CREATE INDEX notice_channels_person_idx ON notice_channels (person_id)`);
    await queryRunner.query(`
      CREATE TABLE notice_deliveries (
        id varchar(400) PRIMARY KEY,
        channel_id varchar(64) NOT NULL REFERENCES notice_channels(id) ON DELETE CASCADE,
        issue_id varchar(128) REFERENCES issues(id) ON DELETE CASCADE,
        notice_key varchar(300) NOT NULL,
        topic varchar(64) NOT NULL,
        facts jsonb NOT NULL,
        mentions text[] NOT NULL DEFAULT '{}',
        status varchar(16) NOT NULL CONSTRAINT notice_deliveries_status_check
          CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'cancelled')),
        attempts integer NOT NULL DEFAULT 0 CONSTRAINT notice_deliveries_attempts_check CHECK (attempts >= 0),
        next_attempt_at timestamptz NOT NULL,
        hold_until timestamptz,
        ambiguous boolean NOT NULL DEFAULT false,
        last_status varchar(64),
        last_error text,
        message_id varchar(64),
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX notice_deliveries_due_idx ON notice_deliveries (channel_id, status, next_attempt_at)`,
    );
    await queryRunner.query(`CREATE INDEX notice_deliveries_issue_idx ON notice_deliveries (issue_id)`);
    await queryRunner.query(`CREATE INDEX notice_deliveries_listed_idx ON notice_deliveries (created_at, id)`);
    await queryRunner.query(`
      CREATE TABLE notice_messages (
        id varchar(64) PRIMARY KEY,
        channel_id varchar(64) NOT NULL REFERENCES notice_channels(id) ON DELETE CASCADE,
        started_at timestamptz NOT NULL,
        finished_at timestamptz,
        outcome varchar(16) NOT NULL CONSTRAINT notice_messages_outcome_check
          CHECK (outcome IN ('sending', 'sent', 'failed', 'rate_limited', 'ambiguous')),
        notices integer NOT NULL CONSTRAINT notice_messages_notices_check CHECK (notices > 0),
        digest boolean NOT NULL DEFAULT false,
        resend boolean NOT NULL DEFAULT false,
        status varchar(64),
        error text
      )`);
    await queryRunner.query(
      `CREATE INDEX notice_messages_channel_started_idx ON notice_messages (channel_id, started_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE notice_messages`);
    await queryRunner.query(`DROP TABLE notice_deliveries`);
    await queryRunner.query(`DROP TABLE notice_channels`);
    await queryRunner.query(`ALTER TABLE people DROP COLUMN mobile, DROP COLUMN email, DROP COLUMN feishu_open_id`);
    await queryRunner.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_role_check`);
    await queryRunner.query(
      `ALTER TABLE notifications ADD CONSTRAINT notifications_role_check CHECK (role IN (
         'reporter', 'staff', 'department_head', 'responsible_leader', 'zone_director', 'party_secretary', 'dispatcher'))`,
    );
  }
}
