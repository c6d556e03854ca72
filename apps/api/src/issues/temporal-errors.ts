// How the API answers when Temporal refuses or fails: a rule's refusal is a 409 naming the rule, a finished
// workflow is a 409 `issue.closed`, an unreachable (or too slow) Temporal is a 503 with Retry-After.
import { ConflictException, HttpException, HttpStatus, ServiceUnavailableException } from '@nestjs/common';
import {
  ApplicationFailure,
  isGrpcServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';

/** Seconds a client is told to wait after a 503. */
export const RETRY_AFTER_SECONDS = 5;

// gRPC status codes that mean "not reachable now, try again": CANCELLED, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, UNAVAILABLE
const TRANSIENT_GRPC_CODES = new Set([1, 4, 8, 14]);

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current !== undefined && current !== null && chain.length < 10 && !chain.includes(current)) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

/** The rule a workflow update was refused with (the ApplicationFailure's type, possibly under an ActivityFailure). */
export function refusal(error: unknown): { rule: string; message: string } | undefined {
  if (!(error instanceof WorkflowUpdateFailedError)) return undefined;
  for (const cause of causes(error.cause)) {
    if (cause instanceof ApplicationFailure && cause.type) return { rule: cause.type, message: cause.message };
  }
  return { rule: 'workflow.refused', message: (error.cause as Error | undefined)?.message ?? error.message };
}

/** Temporal could not be reached or did not answer in time (a retry later may succeed). */
export function isTemporalUnavailable(error: unknown): boolean {
  return causes(error).some(
    (cause) =>
      cause instanceof WorkflowUpdateRPCTimeoutOrCancelledError ||
      (isGrpcServiceError(cause) && TRANSIENT_GRPC_CODES.has(cause.code)) ||
      (cause instanceof Error && /Failed to connect|ECONNREFUSED|No connection established/i.test(cause.message)),
  );
}

export function isWorkflowGone(error: unknown): boolean {
  return causes(error).some((cause) => cause instanceof WorkflowNotFoundError);
}

export function ruleViolation(rule: string, detail: string): ConflictException {
  return new ConflictException({
    type: '/problems/rule-violation',
    title: 'Refused by a rule',
    status: HttpStatus.CONFLICT,
    detail,
    rule,
  });
}

export function issueClosed(issueId: string): ConflictException {
  return new ConflictException({
    type: '/problems/issue-closed',
    title: 'Issue closed',
    status: HttpStatus.CONFLICT,
    detail: `Issue ${issueId} is closed; it takes no more actions.`,
    rule: 'issue.closed',
  });
}

export function serviceUnavailable(detail: string): ServiceUnavailableException {
  return new ServiceUnavailableException({
    type: '/problems/service-unavailable',
    title: 'Service unavailable',
    status: HttpStatus.SERVICE_UNAVAILABLE,
    detail,
  });
}

/** An update's failure as an HTTP error; anything unexpected is rethrown as is (a 500, logged). */
export function updateFailureToHttp(error: unknown, issueId: string): HttpException | unknown {
  const refused = refusal(error);
  if (refused) return ruleViolation(refused.rule, refused.message);
  if (isWorkflowGone(error)) return issueClosed(issueId);
  if (isTemporalUnavailable(error)) {
    return serviceUnavailable(
      `The workflow service did not answer in time; the action may still be applied. Retry in ${RETRY_AFTER_SECONDS} s with the same Idempotency-Key to get its result.`,
    );
  }
  return error;
}
