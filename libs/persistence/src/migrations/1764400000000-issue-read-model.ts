import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The read model and the record of blocking issues: issues and their tasks (rewritten from the workflow's state),
 * the event log, escalations and inbox notifications (appended, keyed so a retried write adds nothing).
 * Written only by the applyIssueEffects activity.
 */
export class IssueReadModel1764400000000 implements MigrationInterface {
  name = 'IssueReadModel1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Text search on title + description. pg_trgm finds no trigrams in Chinese text on a C-locale server (the
    // embedded one), so search uses character bigrams instead, which work for any script and any locale:
    //   WHERE search_bigrams @> issue_search_bigrams($q) AND (title || ' ' || description) ILIKE '%' || $q || '%'
    await queryRunner.query(`
      CREATE FUNCTION issue_search_bigrams(body text) RETURNS text[]
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $$
        SELECT coalesce(array_agg(DISTINCT substr(lower(body), i, 2)), '{}')
        FROM generate_series(1, char_length(body) - 1) AS i
      $$`);

    await queryRunner.query(`
      CREATE TABLE issues (
        id varchar(128) PRIMARY KEY,
        workflow_id varchar(200) NOT NULL,
        project_id varchar(64) NOT NULL REFERENCES projects(id),
        category varchar(32) NOT NULL CHECK (category IN (
          'land_acquisition', 'demolition', 'permit', 'petition', 'site_obstruction', 'public_opinion', 'utilities', 'funding', 'other')),
        risk varchar(16) NOT NULL CHECK (risk IN ('low', 'medium', 'high', 'critical')),
        title text NOT NULL,
        description text NOT NULL,
        location text,
        attachments jsonb NOT NULL DEFAULT '[]',
        reporter_id varchar(64) NOT NULL,
        status varchar(16) NOT NULL CHECK (status IN ('open', 'resolved', 'closed', 'withdrawn')),
        outcome varchar(16) CHECK (outcome IN ('confirmed', 'unconfirmed', 'withdrawn')),
        lead_task_id varchar(32) NOT NULL,
        lead_department_id varchar(64) NOT NULL,
        supporting_department_ids text[] NOT NULL DEFAULT '{}',
        escalation_level integer NOT NULL DEFAULT 0 CHECK (escalation_level >= 0),
        escalation_role varchar(32) CHECK (escalation_role IN ('department_head', 'responsible_leader', 'zone_director', 'party_secretary')),
        escalated boolean NOT NULL DEFAULT false,
        stalled boolean NOT NULL DEFAULT false,
        accept_due timestamptz NOT NULL,
        handle_due timestamptz,
        handle_due_original timestamptz,
        policy_version varchar(64) NOT NULL,
        received_at timestamptz NOT NULL,
        resolved_at timestamptz,
        closed_at timestamptz,
        satisfaction smallint CHECK (satisfaction BETWEEN 1 AND 5),
        transfer_count integer NOT NULL DEFAULT 0,
        reopen_count integer NOT NULL DEFAULT 0,
        sequence bigint NOT NULL,
        snapshot jsonb NOT NULL,
        search_bigrams text[] GENERATED ALWAYS AS (issue_search_bigrams(title || ' ' || description)) STORED,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((outcome IS NULL) = (closed_at IS NULL))
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX issues_workflow_id_key ON issues (workflow_id)`);
    await queryRunner.query(`CREATE INDEX issues_status_idx ON issues (status)`);
    await queryRunner.query(`CREATE INDEX issues_category_idx ON issues (category)`);
    await queryRunner.query(`CREATE INDEX issues_risk_idx ON issues (risk)`);
    await queryRunner.query(`CREATE INDEX issues_project_idx ON issues (project_id)`);
    await queryRunner.query(`CREATE INDEX issues_lead_department_idx ON issues (lead_department_id)`);
    await queryRunner.query(`CREATE INDEX issues_escalation_level_idx ON issues (escalation_level)`);
    await queryRunner.query(`CREATE INDEX issues_handle_due_idx ON issues (handle_due)`);
    await queryRunner.query(`CREATE INDEX issues_received_at_idx ON issues (received_at)`);
    await queryRunner.query(`CREATE INDEX issues_reporter_idx ON issues (reporter_id)`);
    await queryRunner.query(`CREATE INDEX issues_search_idx ON issues USING gin (search_bigrams)`);

    await queryRunner.query(`
      CREATE TABLE issue_tasks (
        issue_id varchar(128) NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
        task_id varchar(32) NOT NULL,
        department_id varchar(64) NOT NULL,
        role varchar(16) NOT NULL CHECK (role IN ('lead', 'supporting')),
        status varchar(16) NOT NULL CHECK (status IN ('assigned', 'accepted', 'done', 'transferred', 'rerouted', 'closed')),
        assigned_at timestamptz NOT NULL,
        accepted_at timestamptz,
        accepted_late boolean,
        accept_due timestamptz NOT NULL,
        handle_due timestamptz,
        handle_due_original timestamptz,
        ended_at timestamptz,
        escalation_level integer NOT NULL DEFAULT 0 CHECK (escalation_level >= 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (issue_id, task_id)
      )`);
    await queryRunner.query(`CREATE INDEX issue_tasks_department_status_idx ON issue_tasks (department_id, status)`);

    await queryRunner.query(`
      CREATE TABLE issue_events (
        issue_id varchar(128) NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
        sequence bigint NOT NULL CHECK (sequence > 0),
        name varchar(64) NOT NULL,
        at timestamptz NOT NULL,
        actor_id varchar(64),
        actor_role varchar(32) CHECK (actor_role IN (
          'reporter', 'staff', 'department_head', 'responsible_leader', 'zone_director', 'party_secretary', 'dispatcher')),
        actor_department varchar(64),
        task_id varchar(32),
        data jsonb,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (issue_id, sequence)
      )`);
    await queryRunner.query(`CREATE INDEX issue_events_issue_at_idx ON issue_events (issue_id, at)`);

    // One row per step up the ladder. A task at the top of the ladder is re-notified (level n, repeat 0, 1, …)
    // in every new stall, so the instant it was reached is part of the key.
    await queryRunner.query(`
      CREATE TABLE escalations (
        issue_id varchar(128) NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
        task_id varchar(32) NOT NULL,
        level integer NOT NULL CHECK (level > 0),
        repeat integer NOT NULL CHECK (repeat >= 0),
        reached_at timestamptz NOT NULL,
        department_id varchar(64) NOT NULL,
        role varchar(32) NOT NULL CHECK (role IN ('department_head', 'responsible_leader', 'zone_director', 'party_secretary')),
        cause varchar(16) NOT NULL CHECK (cause IN ('accept', 'handle')),
        kind varchar(16) NOT NULL CHECK (kind IN ('climbed', 'renotified', 'repeated')),
        due_at timestamptz,
        fired_at timestamptz NOT NULL,
        recipient_ids text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (issue_id, task_id, level, repeat, reached_at)
      )`);
    await queryRunner.query(
      `CREATE INDEX escalations_department_reached_idx ON escalations (department_id, reached_at)`,
    );
    await queryRunner.query(`CREATE INDEX escalations_recipients_idx ON escalations USING gin (recipient_ids)`);

    await queryRunner.query(`
      CREATE TABLE notifications (
        id varchar(300) PRIMARY KEY,
        person_id varchar(64) REFERENCES people(id) ON DELETE SET NULL,
        department_id varchar(64),
        role varchar(32) CHECK (role IN (
          'reporter', 'staff', 'department_head', 'responsible_leader', 'zone_director', 'party_secretary', 'dispatcher')),
        recipient jsonb NOT NULL,
        issue_id varchar(128) NOT NULL REFERENCES issues(id) ON DELETE CASCADE,
        task_id varchar(32),
        topic varchar(64) NOT NULL,
        detail text,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX notifications_inbox_idx ON notifications (person_id, read_at, created_at)`);
    await queryRunner.query(
      `CREATE INDEX notifications_unaddressed_idx ON notifications (department_id, role, created_at) WHERE person_id IS NULL`,
    );
    await queryRunner.query(`CREATE INDEX notifications_issue_idx ON notifications (issue_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE notifications`);
    await queryRunner.query(`DROP TABLE escalations`);
    await queryRunner.query(`DROP TABLE issue_events`);
    await queryRunner.query(`DROP TABLE issue_tasks`);
    await queryRunner.query(`DROP TABLE issues`);
    await queryRunner.query(`DROP FUNCTION issue_search_bigrams(text)`);
  }
}
