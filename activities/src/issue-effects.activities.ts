import { Context } from '@temporalio/activity';
import { heartbeating } from './heartbeating';
import { deliveriesOf, loadDeliveryDirectory, type DeliveryDirectory } from './notice-delivery/deliveries-of-notices';
import { wakeNoticeChannel } from './notice-delivery/wake';
import { ApplicationFailure } from '@temporalio/common';
import { Brackets, type DataSource, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import {
  ISSUE_CHANGE_KINDS,
  ISSUE_CHANGE_NOTICE_MAX_BYTES,
  ISSUE_CHANGES_CHANNEL,
  type DecidedEffects,
  type IssueChangeKind,
  type IssueChangeNotice,
  type IssueEffectsBatch,
  type IssueEffectsInput,
} from '@unblock/contracts';
import {
  currentEscalation,
  directoryQuestions,
  instant,
  isActiveTask,
  supportingDepartments,
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
  NoticeDeliveryEntity,
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
  /** deliveries to channels beyond the inbox added by this application */
  deliveries?: number;
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
  const write = async (batch: IssueEffectsBatch): Promise<IssueEffectsResult> => {
    checkBatch(batch);
    const { issueId } = batch.state;
    try {
      return await heartbeating(() =>
        dataSource.transaction(async (manager) => {
          // One batch of an issue at a time: two deliveries of the same batch (a retry racing its first attempt)
          // would otherwise both insert a new issue's row, and the second fail on its other unique key (workflow_id).
          await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [issueId]);
          const written = await upsertIssue(manager, batch);
          const tasksChanged = written ? await upsertTasks(manager, batch.state) : 0;
          const directory = await loadDirectory(manager, batch);
          const touched: WriteTouched = {
            issue: written,
            tasks: tasksChanged,
            eventNames: [],
            escalations: 0,
            notifications: 0,
            recipients: new Set(),
            deliveries: 0,
            channels: new Set(),
          };
          const toldOf = batch.reductions.map((reduction) => whoIsTold(reduction.commands, directory));
          const deliveryDirectory = await loadDeliveryDirectory(manager, batch, toldOf);
          for (const [index, reduction] of batch.reductions.entries()) {
            const told = toldOf[index];
            const events = await insertEvents(manager, issueId, reduction);
            const escalations = await insertEscalations(manager, issueId, reduction, told);
            const notified = await insertNotifications(manager, issueId, reduction, told);
            if (deliveryDirectory)
              for (const channelId of await insertDeliveries(manager, batch, reduction, told, deliveryDirectory)) {
                touched.deliveries += 1;
                touched.channels.add(channelId);
              }
            touched.eventNames.push(...events);
            touched.escalations += escalations.length;
            touched.notifications += notified.length;
            for (const id of [...escalations.flat(), ...notified.flatMap((notice) => notice.personId ?? [])])
              touched.recipients.add(id);
          }
          await manager.query('DELETE FROM issue_effect_failures WHERE issue_id = $1', [issueId]);
          await notifyIssueChanged(manager, batch, touched);
          const result: IssueEffectsResult = {
            issueId,
            sequence: batch.state.sequence,
            readModel: written ? 'written' : 'stale',
            events: touched.eventNames.length,
            escalations: touched.escalations,
            notifications: touched.notifications,
            deliveries: touched.deliveries,
          };
          return { result, channels: [...touched.channels] };
        }),
      ).then(async ({ result, channels }) => {
        await wakeChannels(channels);
        return result;
      });
    } catch (error) {
      await recordFailure(dataSource, batch, error);
      throw error;
    }
  };
  return {
    /** One reduction's effects (the workflows that write before deciding on, and their retries). */
    async applyIssueEffects(input: IssueEffectsInput): Promise<IssueEffectsResult> {
      const reduction: DecidedEffects = {
        sequence: input?.state?.sequence,
        commands: input?.commands ?? [],
        processedAt: input?.processedAt,
        ...(input?.dueAt !== undefined ? { dueAt: input.dueAt } : {}),
      };
      return write({ workflowId: input?.workflowId, meta: input?.meta, state: input?.state, reductions: [reduction] });
    },
    /** The effects of the reductions the workflow decided since its last write, oldest first. */
    writeIssueEffects: write,
  };
}

/**
 * Notes that an issue's effects could not be written (what lists, health and metrics show), in a transaction of its
 * own; best effort: with PostgreSQL down, this fails too, and health says so on its own.
 */
async function recordFailure(dataSource: DataSource, batch: IssueEffectsBatch, error: unknown): Promise<void> {
  const message = describeFailure(error);
  const sequence = batch.reductions[batch.reductions.length - 1]?.sequence ?? batch.state.sequence;
  try {
    await dataSource.query(
      `INSERT INTO issue_effect_failures (issue_id, workflow_id, first_failed_at, last_failed_at, attempts, sequence, last_error)
       VALUES ($1, $2, now(), now(), 1, $3, $4)
       ON CONFLICT (issue_id) DO UPDATE SET last_failed_at = now(), attempts = issue_effect_failures.attempts + 1,
         sequence = EXCLUDED.sequence, last_error = EXCLUDED.last_error`,
      [batch.state.issueId, batch.workflowId, sequence, message],
    );
  } catch {
    // the database itself is unreachable: the worker's log and the health check tell
  }
}

/** A failure's message, cut to a length a row and a log line can carry, without characters PostgreSQL refuses. */
function describeFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  let described = '';
  for (const character of message.slice(0, 500)) {
    const code = character.codePointAt(0)!;
    const control = code < 0x20 && character !== '\t' && character !== '\n' && character !== '\r';
    const lone = code >= 0xd800 && code <= 0xdfff; // iterating by code point, a surrogate here is unpaired
    described += control || lone ? '?' : character;
  }
  return described;
}

// ================================================================ input

function refuse(message: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(`issue effects refused: ${message}`, 'issue_effects.invalid');
}

function checkBatch(batch: IssueEffectsBatch): void {
  const state = batch?.state;
  if (!state || typeof state.issueId !== 'string' || state.issueId === '')
    throw refuse('the batch carries no issue state');
  if (!Number.isInteger(state.sequence) || state.sequence < 1)
    throw refuse(`state.sequence must be a positive integer, got ${JSON.stringify(state.sequence)}`);
  if (!state.tasks?.[state.leadTaskId])
    throw refuse(`the state names lead task ${JSON.stringify(state.leadTaskId)}, which it does not hold`);
  if (!Array.isArray(batch.reductions)) throw refuse('the batch carries no reductions');
  for (const reduction of batch.reductions) {
    if (!Number.isFinite(reduction.processedAt)) throw refuse('processedAt is required');
    if (!Number.isInteger(reduction.sequence) || reduction.sequence > state.sequence)
      throw refuse(`a reduction's sequence ${JSON.stringify(reduction.sequence)} is not at or below the state's`);
    for (const command of reduction.commands ?? []) {
      if ('issueId' in command && command.issueId !== state.issueId) {
        throw refuse(`a ${command.type} command is for issue ${command.issueId}, the batch is for ${state.issueId}`);
      }
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

/** Inserts rows, leaving the ones already there (by primary key) as they are; returns the new ones' `returning` columns. */
async function insertNew<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  rows: Array<Partial<T>>,
  returning: string,
): Promise<Array<Record<string, unknown>>> {
  if (rows.length === 0) return [];
  const result = await manager
    .createQueryBuilder()
    .insert()
    .into(entity)
    .values(rows)
    .orIgnore()
    .returning(returning)
    .updateEntity(false)
    .execute();
  return result.raw as Array<Record<string, unknown>>;
}

// ================================================================ issues and tasks

/** The issue's row, derived from the state (and the workflow's meta). */
function issueRow(input: IssueEffectsBatch): Omit<IssueEntity, 'createdAt' | 'updatedAt'> {
  const { state, meta } = input;
  const tasks = Object.values(state.tasks);
  const lead = state.tasks[state.leadTaskId];
  const escalation = currentEscalation(state);
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
    supportingDepartmentIds: supportingDepartments(state),
    escalationLevel: escalation.level,
    escalationRole: escalation.role ?? null,
    escalated: state.tally.escalations > 0,
    stalled: tasks.some((t) => isActiveTask(t) && t.ladder.stall !== undefined),
    acceptDue: new Date(lead.accept.due),
    handleDue: instant(lead.handle?.due),
    handleDueOriginal: instant(lead.handle?.original),
    policyVersion: state.policy.version,
    calendarRevision: state.calendar?.revision ?? null,
    calendarUnconfirmed: (state.calendar?.unconfirmedYears.length ?? 0) > 0,
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
async function upsertIssue(manager: EntityManager, input: IssueEffectsBatch): Promise<boolean> {
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

/** Tasks are never removed from the state: each is inserted, or rewritten when it changed; returns how many were. */
async function upsertTasks(manager: EntityManager, state: IssueState): Promise<number> {
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
  const result = await manager
    .createQueryBuilder()
    .insert()
    .into(IssueTaskEntity)
    .values(tasks)
    // a task that did not change keeps its row (and its updated_at)
    .orUpdate(changing, ['issue_id', 'task_id'], { skipUpdateIfNoValuesChanged: true })
    .returning('task_id')
    .updateEntity(false)
    .execute();
  return (result.raw as unknown[]).length;
}

// ================================================================ the record

type CommandOf<T extends IssueCommand['type']> = Extract<IssueCommand, { type: T }>;

function commandsOf<T extends IssueCommand['type']>(
  reduction: DecidedEffects,
  type: T,
): Array<{ command: CommandOf<T>; index: number }> {
  return (reduction.commands ?? []).flatMap((command, index) =>
    command.type === type ? [{ command: command as CommandOf<T>, index }] : [],
  );
}

/** Adds the reduction's timeline events that are not there yet; returns the names of those it added. */
async function insertEvents(manager: EntityManager, issueId: string, reduction: DecidedEffects): Promise<string[]> {
  const events = commandsOf(reduction, 'record_event').map(({ command }): Omit<IssueEventEntity, 'recordedAt'> => ({
    issueId,
    sequence: command.sequence,
    name: command.name,
    at: new Date(command.at),
    actorId: command.actor?.id ?? null,
    actorRole: command.actor?.role ?? null,
    actorDepartment: command.actor?.department ?? null,
    taskId: command.taskId ?? null,
    data: command.data ?? null,
  }));
  const added = await insertNew(manager, IssueEventEntity, events, 'sequence');
  const names = new Map(events.map((event) => [event.sequence, event.name]));
  return added.map((row) => names.get(Number(row.sequence)) ?? '');
}

/** Adds the reduction's escalation steps that are not there yet; returns the recipients of each one it added. */
async function insertEscalations(
  manager: EntityManager,
  issueId: string,
  reduction: DecidedEffects,
  told: WhoIsTold,
): Promise<string[][]> {
  const reached = new Map(told.escalations.map((reach) => [reach.commandIndex, reach.recipientIds]));
  const escalations = commandsOf(reduction, 'escalated').map(
    ({ command, index }): Omit<EscalationEntity, 'createdAt'> => ({
      issueId,
      taskId: command.taskId,
      level: command.level,
      repeat: command.repeat,
      reachedAt: new Date(command.at),
      departmentId: command.department,
      role: command.role,
      cause: command.cause,
      // an exhausted ladder sends no escalated command
      kind: command.kind as EscalationEntity['kind'],
      dueAt: instant(reduction.dueAt),
      firedAt: new Date(reduction.processedAt),
      recipientIds: reached.get(index) ?? [],
    }),
  );
  const added = await insertNew(manager, EscalationEntity, escalations, 'recipient_ids');
  return added.map((row) => (row.recipient_ids as string[] | null) ?? []);
}

/** Adds the reduction's inbox notices that are not there yet; returns the ones it added (with their person, if any). */
async function insertNotifications(
  manager: EntityManager,
  issueId: string,
  reduction: DecidedEffects,
  told: WhoIsTold,
): Promise<Array<{ personId: string | null }>> {
  const notifications = told.notices.map((notice): Omit<NotificationEntity, 'readAt'> => ({
    // a retried write finds the row it wrote
    id: `${issueId}:${reduction.sequence}:${notice.commandIndex}:${notice.personId ?? '-'}`,
    personId: notice.personId,
    departmentId: notice.department,
    role: notice.role,
    recipient: notice.recipient,
    issueId,
    taskId: notice.taskId ?? null,
    topic: notice.topic,
    detail: notice.detail ?? null,
    createdAt: new Date(reduction.processedAt),
  }));
  const added = new Set((await insertNew(manager, NotificationEntity, notifications, 'id')).map((row) => row.id));
  return notifications.filter((row) => added.has(row.id)).map((row) => ({ personId: row.personId }));
}

// ================================================================ telling the API

/** What one write added or changed (rows that were already there do not count). */
interface WriteTouched {
  /** the issue's row was rewritten */
  issue: boolean;
  /** task rows inserted or changed */
  tasks: number;
  /** the names of the timeline events added */
  eventNames: string[];
  /** escalation steps and inbox notices added */
  escalations: number;
  notifications: number;
  /** the people named by the notices and escalation steps added */
  recipients: Set<string>;
  /** deliveries added, and the channels they are for (whose couriers are woken after the commit) */
  deliveries: number;
  channels: Set<string>;
}

/** Timeline events after which a client refetches an issue's instructions, or its extensions. */
const INSTRUCTION_EVENTS = new Set(['instruction_issued', 'instruction_acknowledged']);
const EXTENSION_EVENTS = new Set([
  'extension_requested',
  'extension_granted',
  'extension_refused',
  'statutory_term_extended',
]);

/** What a write touched, as the kinds of change a client refetches by (in the order of ISSUE_CHANGE_KINDS). */
function changeKinds(touched: WriteTouched): IssueChangeKind[] {
  const kinds = new Set<IssueChangeKind>();
  // a new timeline event changes the issue's detail even when an older batch leaves its row as it is
  if (touched.issue || touched.eventNames.length > 0) kinds.add('issue');
  if (touched.tasks > 0) kinds.add('task');
  if (touched.escalations > 0) kinds.add('escalation');
  if (touched.notifications > 0) kinds.add('notification');
  if (touched.eventNames.some((name) => INSTRUCTION_EVENTS.has(name))) kinds.add('instruction');
  if (touched.eventNames.some((name) => EXTENSION_EVENTS.has(name))) kinds.add('extension');
  return ISSUE_CHANGE_KINDS.filter((kind) => kinds.has(kind));
}

/**
 * Tells every API process that the issue changed: `pg_notify` in the effects transaction, so PostgreSQL delivers it
 * only once the write commits, and never for a write that rolls back. One notice per write, however many
 * reductions it held; nothing when the write added nothing (a retry of a batch already written: its first attempt
 * told). Who may hear of it is the API's rule; the notice carries what that rule needs (the reporter, every
 * department that has or had a task on the issue, read here after the write, and the people this write named).
 */
async function notifyIssueChanged(
  manager: EntityManager,
  batch: IssueEffectsBatch,
  touched: WriteTouched,
): Promise<void> {
  const changes = changeKinds(touched);
  if (changes.length === 0) return;
  const [stored] = (await manager.query(
    `SELECT i.sequence,
            ARRAY(SELECT DISTINCT t.department_id FROM issue_tasks t WHERE t.issue_id = i.id ORDER BY 1) AS departments
       FROM issues i WHERE i.id = $1`,
    [batch.state.issueId],
  )) as Array<{ sequence: string; departments: string[] }>; // (a bigint comes back as text)
  const newest = batch.reductions[batch.reductions.length - 1];
  const notice: IssueChangeNotice = {
    issueId: batch.state.issueId,
    sequence: stored ? Number(stored.sequence) : batch.state.sequence,
    changes,
    reporterId: batch.state.reporter.id,
    departmentIds: stored?.departments ?? [],
    recipients: [...touched.recipients].sort(),
    at: new Date(newest?.processedAt ?? Date.now()).toISOString(),
  };
  await manager.query('SELECT pg_notify($1, $2)', [ISSUE_CHANGES_CHANNEL, issueChangePayload(notice)]);
}

/**
 * The notice as compact JSON within ISSUE_CHANGE_NOTICE_MAX_BYTES (PostgreSQL refuses 8000 bytes or more, and the
 * write would fail with it): were the people named ever too many, the list is cut and the notice says so.
 */
export function issueChangePayload(notice: IssueChangeNotice): string {
  let payload = JSON.stringify(notice);
  if (Buffer.byteLength(payload) <= ISSUE_CHANGE_NOTICE_MAX_BYTES) return payload;
  const recipients = [...notice.recipients];
  const cut: IssueChangeNotice = { ...notice, recipients, recipientsTruncated: true };
  do {
    recipients.splice(Math.floor(recipients.length / 2));
    payload = JSON.stringify(cut);
  } while (Buffer.byteLength(payload) > ISSUE_CHANGE_NOTICE_MAX_BYTES && recipients.length > 0);
  return payload;
}

// ================================================================ the directory

/** The directory facts the batch's notices need (see directoryQuestions): active people, and the project's leader. */
/** The deliveries of one reduction's notices to channels beyond the inbox; returns the channel of each one added. */
async function insertDeliveries(
  manager: EntityManager,
  batch: IssueEffectsBatch,
  reduction: DecidedEffects,
  told: WhoIsTold,
  directory: DeliveryDirectory,
): Promise<string[]> {
  const rows = deliveriesOf(batch, reduction, told, directory);
  const added = await insertNew(manager, NoticeDeliveryEntity, rows, 'channel_id');
  return added.map((row) => String(row.channel_id));
}

/**
 * Wakes the couriers of the channels that got deliveries (signal-with-start), once the transaction is committed.
 * Best effort: a courier not woken here is started by the worker's sweep, so a failed wake delays a message by at
 * most the sweep's interval and loses nothing.
 */
async function wakeChannels(channelIds: string[]): Promise<void> {
  if (channelIds.length === 0) return;
  let context: Context;
  try {
    context = Context.current();
  } catch {
    return; // called directly, not as an activity: the caller wakes the couriers itself
  }
  await Promise.all(
    channelIds.map((channelId) =>
      wakeNoticeChannel(context.client, channelId, context.info.taskQueue).catch((error: unknown) =>
        context.log.warn('could not wake a notice channel; the sweep will', {
          channelId,
          error: error instanceof Error ? error.message : String(error),
        }),
      ),
    ),
  );
}

async function loadDirectory(manager: EntityManager, input: IssueEffectsBatch): Promise<DirectorySnapshot> {
  const commands = input.reductions.flatMap((reduction) => reduction.commands ?? []);
  const { departments, roles, personIds, projectLeader } = directoryQuestions(commands);
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
