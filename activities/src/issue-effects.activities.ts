import { ApplicationFailure } from '@temporalio/common';
import { Brackets, type DataSource, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import type { IssueEffectsInput } from '@unblock/contracts';
import {
  currentEscalation,
  directoryQuestions,
  instant,
  isActiveTask,
  whoIsTold,
  type DirectorySnapshot,
  type IssueCommand,
  type IssueState,
  type WhoIsTold,
} from '@unblock/domain';
import {
  EscalationEntity,
  IssueEntity,
  IssueEventEntity,
  IssueTaskEntity,
  NotificationEntity,
  PersonEntity,
  ProjectEntity,
} from '@unblock/persistence';

export interface IssueEffectsDeps {
  dataSource: DataSource;
}

/** What one application wrote; kept in the workflow's history as the activity's result. */
export interface IssueEffectsResult {
  issueId: string;
  sequence: number;
  /** `written`: the issue and its tasks now show this state; `stale`: a newer (or the same) state was already there */
  readModel: 'written' | 'stale';
  /** rows added by this application (0 when a retry finds everything already written) */
  events: number;
  escalations: number;
  notifications: number;
}

/**
 * Writes the effects of one reduction: the issue's read model (issues, issue_tasks), the event log, the escalations
 * and the inbox notifications, in one transaction.
 *
 * Idempotent under retries and out-of-order delivery:
 * - the issue and its tasks are rewritten only when the batch's state is newer (`state.sequence` greater than the
 *   stored one), under the issue row's lock, so an older batch never overwrites a newer one;
 * - events are keyed by (issue, sequence), escalations by (issue, task, level, repeat, reached at), notifications
 *   by `${issueId}:${state.sequence}:${commandIndex}:${personId or -}`; all inserted with ON CONFLICT DO NOTHING,
 *   so a late or repeated batch adds only what is missing.
 *
 * Who is told is the domain's decision (`whoIsTold`, libs/domain/src/notices.ts): this activity loads the directory
 * facts it asks for (`directoryQuestions`), and writes the inbox rows and escalation recipients it returns.
 */
export function createIssueEffectsActivities({ dataSource }: IssueEffectsDeps) {
  return {
    async applyIssueEffects(input: IssueEffectsInput): Promise<IssueEffectsResult> {
      checkInput(input);
      return dataSource.transaction(async (manager) => {
        // One batch of an issue at a time: two deliveries of the same batch (a retry racing its first attempt)
        // would otherwise both insert a new issue's row, and the second fail on its other unique key (workflow_id).
        await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [input.state.issueId]);
        const written = await upsertIssue(manager, input);
        if (written) await upsertTasks(manager, input.state);
        const told = whoIsTold(input.commands ?? [], await loadDirectory(manager, input));
        return {
          issueId: input.state.issueId,
          sequence: input.state.sequence,
          readModel: written ? 'written' : 'stale',
          events: await insertEvents(manager, input),
          escalations: await insertEscalations(manager, input, told),
          notifications: await insertNotifications(manager, input, told),
        };
      });
    },
  };
}

// ================================================================ input

function checkInput(input: IssueEffectsInput): void {
  const state = input?.state;
  const refuse = (message: string) =>
    ApplicationFailure.nonRetryable(`issue effects refused: ${message}`, 'issue_effects.invalid');
  if (!state || typeof state.issueId !== 'string' || state.issueId === '')
    throw refuse('the batch carries no issue state');
  if (!Number.isInteger(state.sequence) || state.sequence < 1)
    throw refuse(`state.sequence must be a positive integer, got ${JSON.stringify(state.sequence)}`);
  if (!state.tasks?.[state.leadTaskId])
    throw refuse(`the state names lead task ${JSON.stringify(state.leadTaskId)}, which it does not hold`);
  if (!Number.isFinite(input.processedAt)) throw refuse('processedAt is required');
  for (const command of input.commands ?? []) {
    if ('issueId' in command && command.issueId !== state.issueId) {
      throw refuse(`a ${command.type} command is for issue ${command.issueId}, the batch is for ${state.issueId}`);
    }
  }
}

// ================================================================ writing

/** The database columns of an entity's properties (for ON CONFLICT … DO UPDATE SET). */
function columnsOf<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  properties: Array<keyof T & string>,
): string[] {
  const metadata = manager.connection.getMetadata(entity);
  return properties.map((property) => metadata.findColumnWithPropertyName(property)!.databaseName);
}

/** Inserts rows, leaving the ones already there (by primary key) as they are; returns how many were new. */
async function insertNew<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  rows: Array<Partial<T>>,
  returning: string,
): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await manager
    .createQueryBuilder()
    .insert()
    .into(entity)
    .values(rows)
    .orIgnore()
    .returning(returning)
    .updateEntity(false)
    .execute();
  return (result.raw as unknown[]).length;
}

// ================================================================ issues and tasks

/** The issue's row, derived from the state (and the workflow's meta). */
function issueRow(input: IssueEffectsInput): Omit<IssueEntity, 'createdAt' | 'updatedAt'> {
  const { state, meta } = input;
  const tasks = Object.values(state.tasks);
  const lead = state.tasks[state.leadTaskId];
  const escalation = currentEscalation(state);
  const supporting = [
    ...new Set(tasks.filter((t) => t.role === 'supporting' && isActiveTask(t)).map((t) => t.department)),
  ];
  const lastResolution = state.resolutions[state.resolutions.length - 1];
  // a rejected resolution reopened the issue: it no longer counts as resolved
  const standing = lastResolution && lastResolution.verdict?.outcome !== 'rejected' ? lastResolution : undefined;
  return {
    id: state.issueId,
    workflowId: input.workflowId,
    projectId: state.projectId,
    category: state.category,
    risk: state.risk,
    title: meta.title,
    description: state.description,
    location: state.location ?? null,
    attachments: meta.attachments ?? [],
    reporterId: state.reporter.id,
    status: state.status,
    outcome: state.closure?.outcome ?? null,
    leadTaskId: lead.id,
    leadDepartmentId: lead.department,
    supportingDepartmentIds: supporting,
    escalationLevel: escalation.level,
    escalationRole: escalation.role ?? null,
    escalated: state.tally.escalations > 0,
    stalled: tasks.some((t) => isActiveTask(t) && t.ladder.stall !== undefined),
    acceptDue: new Date(lead.accept.due),
    handleDue: instant(lead.handle?.due),
    handleDueOriginal: instant(lead.handle?.original),
    policyVersion: state.policy.version,
    receivedAt: new Date(state.receivedAt),
    resolvedAt: instant(standing?.at),
    closedAt: instant(state.closure?.at),
    satisfaction: state.closure?.satisfaction ?? null,
    transferCount: state.transfers.length,
    reopenCount: state.reopenCount,
    sequence: state.sequence,
    snapshot: state,
  };
}

/** Inserts or rewrites the issue row; returns false when the stored row is already at this sequence or later. */
async function upsertIssue(manager: EntityManager, input: IssueEffectsInput): Promise<boolean> {
  const row = issueRow(input);
  const changing = columnsOf(
    manager,
    IssueEntity,
    (Object.keys(row) as Array<keyof typeof row>).filter((property) => property !== 'id'),
  );
  const result = await manager
    .createQueryBuilder()
    .insert()
    .into(IssueEntity)
    .values(row)
    // an older state never overwrites a newer one (updated_at is set by the update too)
    .orUpdate(changing, ['id'], { overwriteCondition: { where: 'issues.sequence < EXCLUDED.sequence' } })
    .returning('id')
    .updateEntity(false)
    .execute();
  return (result.raw as unknown[]).length === 1;
}

/** Tasks are never removed from the state: each is inserted, or rewritten when it changed. */
async function upsertTasks(manager: EntityManager, state: IssueState): Promise<void> {
  const tasks = Object.values(state.tasks).map((task): Omit<IssueTaskEntity, 'createdAt' | 'updatedAt'> => ({
    issueId: state.issueId,
    taskId: task.id,
    departmentId: task.department,
    role: task.role,
    status: task.status,
    assignedAt: new Date(task.assignedAt),
    acceptedAt: instant(task.acceptedAt),
    acceptedLate: task.acceptedLate ?? null,
    acceptDue: new Date(task.accept.due),
    handleDue: instant(task.handle?.due),
    handleDueOriginal: instant(task.handle?.original),
    endedAt: instant(task.endedAt),
    escalationLevel: task.ladder.level,
  }));
  const changing = columnsOf(manager, IssueTaskEntity, [
    'departmentId',
    'role',
    'status',
    'acceptedAt',
    'acceptedLate',
    'acceptDue',
    'handleDue',
    'handleDueOriginal',
    'endedAt',
    'escalationLevel',
  ]);
  await manager
    .createQueryBuilder()
    .insert()
    .into(IssueTaskEntity)
    .values(tasks)
    // a task that did not change keeps its row (and its updated_at)
    .orUpdate(changing, ['issue_id', 'task_id'], { skipUpdateIfNoValuesChanged: true })
    .updateEntity(false)
    .execute();
}

// ================================================================ the record

type CommandOf<T extends IssueCommand['type']> = Extract<IssueCommand, { type: T }>;

function commandsOf<T extends IssueCommand['type']>(
  input: IssueEffectsInput,
  type: T,
): Array<{ command: CommandOf<T>; index: number }> {
  return (input.commands ?? []).flatMap((command, index) =>
    command.type === type ? [{ command: command as CommandOf<T>, index }] : [],
  );
}

async function insertEvents(manager: EntityManager, input: IssueEffectsInput): Promise<number> {
  const events = commandsOf(input, 'record_event').map(({ command }): Omit<IssueEventEntity, 'recordedAt'> => ({
    issueId: input.state.issueId,
    sequence: command.sequence,
    name: command.name,
    at: new Date(command.at),
    actorId: command.actor?.id ?? null,
    actorRole: command.actor?.role ?? null,
    actorDepartment: command.actor?.department ?? null,
    taskId: command.taskId ?? null,
    data: command.data ?? null,
  }));
  return insertNew(manager, IssueEventEntity, events, 'sequence');
}

async function insertEscalations(manager: EntityManager, input: IssueEffectsInput, told: WhoIsTold): Promise<number> {
  const reached = new Map(told.escalations.map((reach) => [reach.commandIndex, reach.recipientIds]));
  const escalations = commandsOf(input, 'escalated').map(({ command, index }): Omit<EscalationEntity, 'createdAt'> => ({
    issueId: input.state.issueId,
    taskId: command.taskId,
    level: command.level,
    repeat: command.repeat,
    reachedAt: new Date(command.at),
    departmentId: command.department,
    role: command.role,
    cause: command.cause,
    // an exhausted ladder sends no escalated command
    kind: command.kind as EscalationEntity['kind'],
    dueAt: instant(input.dueAt),
    firedAt: new Date(input.processedAt),
    recipientIds: reached.get(index) ?? [],
  }));
  return insertNew(manager, EscalationEntity, escalations, 'level');
}

async function insertNotifications(manager: EntityManager, input: IssueEffectsInput, told: WhoIsTold): Promise<number> {
  const { issueId, sequence } = input.state;
  const notifications = told.notices.map((notice): Omit<NotificationEntity, 'readAt'> => ({
    // a retried write finds the row it wrote
    id: `${issueId}:${sequence}:${notice.commandIndex}:${notice.personId ?? '-'}`,
    personId: notice.personId,
    departmentId: notice.department,
    role: notice.role,
    recipient: notice.recipient,
    issueId,
    taskId: notice.taskId ?? null,
    topic: notice.topic,
    detail: notice.detail ?? null,
    createdAt: new Date(input.processedAt),
  }));
  return insertNew(manager, NotificationEntity, notifications, 'id');
}

// ================================================================ the directory

/** The directory facts the batch's notices need (see directoryQuestions): active people, and the project's leader. */
async function loadDirectory(manager: EntityManager, input: IssueEffectsInput): Promise<DirectorySnapshot> {
  const { departments, roles, personIds, projectLeader } = directoryQuestions(input.commands ?? []);
  const snapshot: DirectorySnapshot = { dispatchDepartment: input.state.policy.dispatcher, people: [] };
  if (departments.length > 0 || roles.length > 0 || personIds.length > 0) {
    const people = await manager
      .createQueryBuilder(PersonEntity, 'p')
      .select(['p.id', 'p.roles', 'p.departmentId'])
      .where('p.active')
      .andWhere(
        new Brackets((anyOf) => {
          if (departments.length > 0) anyOf.orWhere('p.departmentId = ANY(:departments)', { departments });
          if (roles.length > 0) anyOf.orWhere('p.roles && :roles', { roles });
          if (personIds.length > 0) anyOf.orWhere('p.id = ANY(:personIds)', { personIds });
        }),
      )
      .orderBy('p.id')
      .getMany();
    snapshot.people = people.map((person) => ({ id: person.id, roles: person.roles, department: person.departmentId }));
  }
  if (projectLeader) {
    const leader = await manager
      .createQueryBuilder(ProjectEntity, 'pr')
      .innerJoin('pr.responsibleLeader', 'leader')
      .select('leader.id', 'id')
      .where('pr.id = :projectId', { projectId: input.state.projectId })
      .andWhere('leader.active')
      .getRawOne<{ id: string }>();
    if (leader) snapshot.projectLeader = leader.id;
  }
  return snapshot;
}
