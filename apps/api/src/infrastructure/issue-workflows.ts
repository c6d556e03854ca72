import { Inject, Injectable } from '@nestjs/common';
import { WithStartWorkflowOperation, type Client, type WorkflowHandle } from '@temporalio/client';
import type { Workflow } from '@temporalio/common';
import type { UnblockConfig } from '@unblock/config';
import {
  ISSUE_WORKFLOW,
  issueViewQuery,
  issueWorkflowId,
  REGISTRATION_UPDATE_ID,
  registrationUpdate,
  type IssueIntakeInput,
  type IssueRegistration,
  type IssueView,
} from '@unblock/contracts';
import { CONFIG, TEMPORAL_CLIENT } from './tokens';

/** The start of an issue's workflow, sent together with its registration update (update-with-start). */
export type RegistrationStart = WithStartWorkflowOperation<Workflow>;

/**
 * The API's one door to the issue workflows in Temporal: which workflow an issue is, where it runs, and every call
 * bounded by the deadline its caller gives (the caller decides what a late answer means: 503, 202, or the read
 * model alone).
 */
@Injectable()
export class IssueWorkflows {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(CONFIG) private readonly config: UnblockConfig,
  ) {}

  /** The namespace the issue workflows run in. */
  get namespace(): string {
    return this.config.temporal.namespace;
  }

  /** The issue's workflow. */
  handle(issueId: string): WorkflowHandle {
    return this.client.workflow.getHandle(issueWorkflowId(issueId));
  }

  /** Runs a call to Temporal that must answer within `timeoutMs` (a gRPC deadline: it fails with DEADLINE_EXCEEDED). */
  within<T>(timeoutMs: number, call: () => Promise<T>): Promise<T> {
    return this.client.withDeadline(Date.now() + timeoutMs, call);
  }

  /** The running workflow's own view of the issue. */
  view(issueId: string, timeoutMs: number): Promise<IssueView> {
    return this.within(timeoutMs, () => this.handle(issueId).query(issueViewQuery));
  }

  /** Whether Temporal has the issue's workflow, running or finished (WorkflowNotFoundError when it has not). */
  async describe(issueId: string, timeoutMs: number): Promise<void> {
    await this.within(timeoutMs, () => this.handle(issueId).describe());
  }

  /**
   * The start of an issue's workflow for `intake`, or the workflow already there: USE_EXISTING for a running one,
   * REJECT_DUPLICATE for a finished one.
   */
  registrationStart(intake: IssueIntakeInput): RegistrationStart {
    return new WithStartWorkflowOperation(ISSUE_WORKFLOW, {
      taskQueue: this.config.temporal.taskQueue,
      workflowId: issueWorkflowId(intake.issueId),
      args: [{ intake }],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
  }

  /** Starts (or finds) the workflow and waits for its registration; every request for one issue shares one update id. */
  register(start: RegistrationStart, timeoutMs: number): Promise<IssueRegistration> {
    return this.within(timeoutMs, () =>
      this.client.workflow.executeUpdateWithStart(registrationUpdate, {
        updateId: REGISTRATION_UPDATE_ID,
        startWorkflowOperation: start,
      }),
    );
  }

  /**
   * Asks the server the cheapest question there is, within `timeoutMs`: a server that is down is told in that time,
   * not after the full deadline of the call that would follow (the client retries an unavailable server until then).
   */
  async reachable(timeoutMs: number): Promise<void> {
    await this.within(timeoutMs, () => this.client.workflowService.getSystemInfo({}));
  }

  /** Connects, bounded by the connection's own connect timeout; a failure means Temporal is down. */
  async connect(): Promise<void> {
    await this.client.connection.ensureConnected();
  }

  /** Asks the server for the namespace (fails when it does not exist). */
  async describeNamespace(): Promise<void> {
    await this.client.workflowService.describeNamespace({ namespace: this.namespace });
  }
}
