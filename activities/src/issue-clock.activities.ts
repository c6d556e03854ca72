import { ApplicationFailure } from '@temporalio/common';
import type { IssueActivities } from '@unblock/contracts';
import {
  calendarOf,
  computeClocksAt,
  computePetitionExtension,
  prepareIntake,
  type IssuePolicyDocument,
} from '@unblock/domain';

export interface IssueClockDeps {
  /** The policy document the worker loaded at start (UNBLOCK_POLICY_FILE); its calendar is the zone's. */
  policies: IssuePolicyDocument;
}

/**
 * Deadline arithmetic on the zone's working calendar, run as (local) activities so that every instant lands in
 * the workflow's history: a later change of calendar or policy never changes a running issue's replay.
 * Pure computations: safe to retry.
 */
export function createIssueClockActivities({
  policies,
}: IssueClockDeps): Pick<IssueActivities, 'prepareIssueIntake' | 'computeIssueClocks' | 'computeStatutoryExtension'> {
  const calendar = calendarOf(policies);
  return {
    async prepareIssueIntake(input) {
      try {
        return prepareIntake(policies, calendar, input);
      } catch (error) {
        throw ApplicationFailure.nonRetryable(`intake refused: ${(error as Error).message}`, 'intake.invalid');
      }
    },
    async computeIssueClocks({ policy, at, customDue }) {
      return computeClocksAt(policy, calendar, at, customDue !== undefined ? { customDue } : {});
    },
    async computeStatutoryExtension({ policy, acceptedAt, extension, extensionsUsed, grantedAt }) {
      if (!policy.petitionStatute)
        throw ApplicationFailure.nonRetryable(
          'only a petition has a statutory term',
          'statutory_extension.not_a_petition',
        );
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
  };
}
