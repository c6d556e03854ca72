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
/**
 * The batch waits until no more than this many of its issues are still re-timing before the next is told: the
 * worker's queue never holds more than a batch of re-timings, so an intake waits behind a few of them at most.
 */
const STILL_RETIMING_BEFORE_NEXT = 10;
/** How long a batch waits for its issues at most (an issue that fails to write catches up on its own). */
const BATCH_WAIT_MS = 30_000;

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
      const ids = rows.map((row) => row.id);
      for (const started = Date.now(); ids.length > 0 && Date.now() - started < BATCH_WAIT_MS;) {
        const [{ n }] = (await dataSource.query(
          `SELECT count(*)::int AS n FROM issues WHERE id = ANY($1) AND status IN ('open', 'resolved')
              AND COALESCE(calendar_revision, 1) < $2`,
          [ids, revision],
        )) as Array<{ n: number }>;
        if (n <= STILL_RETIMING_BEFORE_NEXT) break;
        Context.current().heartbeat('waiting for the batch');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return { told, ...(rows.length === limit ? { after: rows[rows.length - 1].id } : {}) };
    },
    async finishRetiming({ revision }) {
      await new CalendarStore(dataSource).markRetimed(revision);
    },
  };
}
