import { ApplicationFailure } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import type { IssueActivities } from '@unblock/contracts';
import {
  computeClocksAt,
  computePetitionExtension,
  planRetiming,
  prepareIntake,
  type IssuePolicyDocument,
  type WorkingCalendar,
} from '@unblock/domain';
import { CalendarStore } from '@unblock/persistence';

/** How long the read of the latest calendar revision may take before the one last heard of is used. */
const LATEST_READ_MS = 2_000;

function withinMs<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from the database within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

export interface IssueClockDeps {
  /** The policy document the worker loaded at start (UNBLOCK_POLICY_FILE): its working hours are the zone's. */
  policies: IssuePolicyDocument;
  /** Where the zone's working calendar is kept (calendar_revisions). */
  dataSource: DataSource;
}

/**
 * Deadline arithmetic on the zone's working calendar, run as (local) activities so that every instant lands in
 * the workflow's history: a later change of calendar or policy never changes a running issue's replay.
 *
 * The calendar is the zone's data (CalendarStore), one immutable snapshot per revision. An issue's clocks are
 * computed on the revision its deadlines are on (the input's `calendarRevision`; an issue from before the
 * revisions is on the first), and say which revision is the latest, so that the workflow re-times the issue
 * (planIssueRetiming) before it goes on. Pure computations over immutable data: safe to retry.
 */
export function createIssueClockActivities({
  policies,
  dataSource,
}: IssueClockDeps): Pick<
  IssueActivities,
  'prepareIssueIntake' | 'computeIssueClocks' | 'computeStatutoryExtension' | 'planIssueRetiming'
> {
  const store = new CalendarStore(dataSource, policies.calendar);
  /** the latest revision last read, so that the clocks keep running while the database cannot be reached */
  let heard: number | undefined;
  // one small read per clock computation: an issue hears of a change at its very next event
  const latestRevision = async (): Promise<number> => {
    try {
      heard = await withinMs(LATEST_READ_MS, store.latestRevision());
      return heard;
    } catch (error) {
      // the revisions already read are kept in memory (they never change): the issue goes on with the last one
      // heard of and catches up at its first event after the database is back
      if (heard === undefined) throw error;
      return heard;
    }
  };
  // read the calendar in force at start, so that even an issue's first firing during an outage has it
  void latestRevision()
    .then((revision) => store.calendarAt(revision))
    .catch(() => undefined);
  const calendarOn = async (revision: number | undefined): Promise<WorkingCalendar> =>
    store.calendarAt(revision ?? (await latestRevision()));
  return {
    async prepareIssueIntake(input) {
      const calendar = await calendarOn(undefined);
      try {
        return prepareIntake(policies, calendar, input);
      } catch (error) {
        throw ApplicationFailure.nonRetryable(`intake refused: ${(error as Error).message}`, 'intake.invalid');
      }
    },
    async computeIssueClocks({ policy, at, customDue, calendarRevision }) {
      // an issue from before the revisions was timed on the first (the built-in data and the policy file)
      const calendar = await calendarOn(calendarRevision ?? 1);
      const clocks = computeClocksAt(policy, calendar, at, customDue !== undefined ? { customDue } : {});
      if (clocks.calendar) clocks.calendar.latest = await latestRevision();
      return clocks;
    },
    async computeStatutoryExtension({ policy, acceptedAt, extension, extensionsUsed, grantedAt, calendarRevision }) {
      if (!policy.petitionStatute)
        throw ApplicationFailure.nonRetryable(
          'only a petition has a statutory term',
          'statutory_extension.not_a_petition',
        );
      const calendar = await calendarOn(calendarRevision ?? 1);
      try {
        return computePetitionExtension(
          policy.petitionStatute,
          calendar,
          acceptedAt,
          extension,
          extensionsUsed,
          grantedAt,
        );
      } catch (error) {
        const [rule, ...rest] = (error as Error).message.split(': ');
        throw ApplicationFailure.nonRetryable(
          rest.join(': ') || rule,
          rest.length ? rule : 'statutory_extension.invalid',
        );
      }
    },
    async planIssueRetiming({ state, toRevision, at }) {
      const fromRevision = state.calendar?.revision ?? 1;
      const [before, after] = await Promise.all([store.calendarAt(fromRevision), store.calendarAt(toRevision)]);
      const causes: string[] = [];
      for (let revision = fromRevision + 1; revision <= toRevision; revision++) {
        const cause = (await store.at(revision)).cause;
        if (!causes.includes(cause)) causes.push(cause);
      }
      return planRetiming(state, before, after, at, causes.join('；') || `工作日历：第 ${toRevision} 版`);
    },
  };
}
