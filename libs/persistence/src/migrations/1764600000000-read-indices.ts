import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indices for the API's read side (GET /issues, the inboxes, the project counts), chosen from EXPLAIN ANALYZE at
 * 100,000 issues (`npm run bench` measures every list with and without them).
 *
 * - GET /issues pages by keyset on (sort key, id): each sort has an index on exactly that pair, so a page is an
 *   index range scan that stops after `limit + 1` rows instead of a sort of every matching row. The handling-
 *   deadline sort orders by COALESCE(handle_due, 'infinity') (no deadline sorts last): its index is on that.
 * - The same three with the status in front: the lists people use most are one status (open) in one order, and
 *   without it the scan walks past every closed issue (most of them) before it finds an open one.
 * - A department's open tasks by their next deadline, and its ended tasks, the latest first (GET /inbox/tasks;
 *   the expressions are the inbox query's own).
 * - Active tasks per department with their deadlines, for the departments' open and overdue counts.
 * - Escalations newest first (the escalation inbox of a person the ladder reaches often).
 * - A person's notifications, unread first and newest first, in one descending scan.
 * - Open issues per project with their level (and id), for the project list's counts, and a department's issue
 *   ids (the visibility rule for staff and heads, as a semi-join), both read by index-only scans.
 */
export class ReadIndices1764600000000 implements MigrationInterface {
  name = 'ReadIndices1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX issues_received_at_id_idx ON issues (received_at, id)`);
    await queryRunner.query(
      `CREATE INDEX issues_handle_due_sort_idx ON issues ((COALESCE(handle_due, 'infinity'::timestamptz)), id)`,
    );
    await queryRunner.query(`CREATE INDEX issues_escalation_level_id_idx ON issues (escalation_level, id)`);
    await queryRunner.query(`CREATE INDEX issues_status_received_at_idx ON issues (status, received_at, id)`);
    await queryRunner.query(
      `CREATE INDEX issues_status_handle_due_sort_idx ON issues (status, (COALESCE(handle_due, 'infinity'::timestamptz)), id)`,
    );
    await queryRunner.query(`CREATE INDEX issues_status_escalation_level_idx ON issues (status, escalation_level, id)`);
    await queryRunner.query(
      `CREATE INDEX issues_open_project_idx ON issues (project_id, escalation_level) INCLUDE (id) WHERE status = 'open'`,
    );
    await queryRunner.query(
      `CREATE INDEX issue_tasks_department_open_due_idx ON issue_tasks
         (department_id, (COALESCE(CASE WHEN status = 'assigned' THEN LEAST(accept_due, handle_due) ELSE handle_due END, 'infinity'::timestamptz)), issue_id, task_id)
       WHERE status IN ('assigned', 'accepted')`,
    );
    await queryRunner.query(`CREATE INDEX issue_tasks_department_issue_idx ON issue_tasks (department_id, issue_id)`);
    await queryRunner.query(
      `CREATE INDEX issue_tasks_active_idx ON issue_tasks (department_id, status, accept_due, handle_due) WHERE status IN ('assigned', 'accepted')`,
    );
    await queryRunner.query(
      `CREATE INDEX escalations_fired_idx ON escalations (fired_at, issue_id, task_id, level, repeat, reached_at)`,
    );
    await queryRunner.query(
      `CREATE INDEX issue_tasks_department_ended_idx ON issue_tasks (department_id, (COALESCE(ended_at, assigned_at)), issue_id, task_id)
       WHERE status NOT IN ('assigned', 'accepted')`,
    );
    await queryRunner.query(
      `CREATE INDEX notifications_person_unread_first_idx ON notifications (person_id, (read_at IS NULL), created_at, id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX notifications_person_unread_first_idx`);
    await queryRunner.query(`DROP INDEX issue_tasks_department_ended_idx`);
    await queryRunner.query(`DROP INDEX escalations_fired_idx`);
    await queryRunner.query(`DROP INDEX issue_tasks_active_idx`);
    await queryRunner.query(`DROP INDEX issue_tasks_department_issue_idx`);
    await queryRunner.query(`DROP INDEX issue_tasks_department_open_due_idx`);
    await queryRunner.query(`DROP INDEX issues_open_project_idx`);
    await queryRunner.query(`DROP INDEX issues_status_escalation_level_idx`);
    await queryRunner.query(`DROP INDEX issues_status_handle_due_sort_idx`);
    await queryRunner.query(`DROP INDEX issues_status_received_at_idx`);
    await queryRunner.query(`DROP INDEX issues_escalation_level_id_idx`);
    await queryRunner.query(`DROP INDEX issues_handle_due_sort_idx`);
    await queryRunner.query(`DROP INDEX issues_received_at_id_idx`);
  }
}
