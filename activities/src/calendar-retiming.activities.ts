import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { calendarChangedSignal, type CalendarRetimingActivities } from '@unblock/contracts';
import { CalendarStore } from '@unblock/persistence';

export interface CalendarRetimingDeps {
  dataSource: DataSource;
}

/** Signals sent at once while telling a batch. */
const SIGNALS_AT_ONCE = 25;

/** The re-timing workflow's activities: tell a batch of open issues, then record that all were told. */
export function createCalendarRetimingActivities({ dataSource }: CalendarRetimingDeps): CalendarRetimingActivities {
  return {
    async tellOpenIssues({ revision, after, limit }) {
      const rows = (await dataSource.query(
        `SELECT id, workflow_id FROM issues
          WHERE status IN ('open', 'resolved') AND COALESCE(calendar_revision, 1) < $1 AND id > $2
          ORDER BY id LIMIT $3`,
        [revision, after ?? '', limit],
      )) as Array<{ id: string; workflow_id: string }>;
      const { client } = Context.current();
      let told = 0;
      for (let i = 0; i < rows.length; i += SIGNALS_AT_ONCE) {
        await Promise.all(
          rows.slice(i, i + SIGNALS_AT_ONCE).map(async (row) => {
            try {
              await client.workflow.getHandle(row.workflow_id).signal(calendarChangedSignal, { revision });
              told += 1;
            } catch (error) {
              if (!(error instanceof WorkflowNotFoundError)) throw error; // finished meanwhile
            }
          }),
        );
        Context.current().heartbeat(i);
      }
      return { told, ...(rows.length === limit ? { after: rows[rows.length - 1].id } : {}) };
    },
    async finishRetiming({ revision }) {
      await new CalendarStore(dataSource).markRetimed(revision);
    },
  };
}
