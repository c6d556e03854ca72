import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `issues.supporting_department_ids` now lists the departments that support the issue (协办) for its whole life, as
 * `supportingDepartments` in libs/domain/src/issue/registration.ts says: every department whose last task on the
 * issue is a supporting one, in the order the departments came on it, whether that task still runs, is done or was
 * closed with the issue. Rows written before listed only the supporting tasks still active, so a resolved issue
 * showed none: this recomputes them once from `issue_tasks` (task ids are `task-<n>`, in the order they were given).
 * Data only; the schema does not change.
 */
export class SupportingDepartmentsKept1764760000000 implements MigrationInterface {
  name = 'SupportingDepartmentsKept1764760000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `WITH numbered AS (
         SELECT issue_id, department_id, role, substring(task_id FROM '[0-9]+$')::int AS n FROM issue_tasks
       ),
       per_department AS (
         SELECT issue_id, department_id, min(n) AS first_n, (array_agg(role ORDER BY n DESC))[1] AS last_role
         FROM numbered GROUP BY issue_id, department_id
       ),
       supporting AS (
         SELECT issue_id, array_agg(department_id::text ORDER BY first_n) AS departments
         FROM per_department WHERE last_role = 'supporting' GROUP BY issue_id
       )
       UPDATE issues i SET supporting_department_ids = s.departments
       FROM supporting s
       WHERE s.issue_id = i.id AND i.supporting_department_ids IS DISTINCT FROM s.departments`,
    );
  }

  async down(): Promise<void> {
    // nothing to undo: the earlier rows are a subset of these, and the writer keeps them as they are now
  }
}
