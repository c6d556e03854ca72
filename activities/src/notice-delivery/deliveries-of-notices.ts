/**
 * Which channels a batch's notices go out on (投递对象), written in the effects transaction beside the inbox rows,
 * so each notice × channel exists exactly once (`${noticeKey}>${channelId}`, inserted with ON CONFLICT DO NOTHING)
 * however often the batch is written:
 *
 * - the channels of each person a notice reached (their e-mail), and the channels of the department each of them
 *   works in (its group robot), @-mentioning the people it reached there: an escalation to a responsible leader
 *   goes to the leadership group with the leader mentioned, a new task to the department's group with its staff;
 * - a notice that reached no one: the channels of the department it is about;
 * - the zone's own channels (neither a department's nor a person's, e.g. the zone's signed webhook): every notice.
 *
 * Only the topics that ask someone to act or say a thing stalled go out (OUTSIDE_TOPICS); the rest stay in the
 * inbox. What the message will say is kept with the delivery (`NoticeFacts`), so a delivery sent hours later (a
 * retry, the end of quiet hours) still tells what was decided.
 */
import type { EntityManager } from 'typeorm';
import type { DecidedEffects, IssueEffectsBatch } from '@unblock/contracts';
import { goesOutside, type IssueCommand, type IssueState, type NoticeFacts, type WhoIsTold } from '@unblock/domain';

/** What the batch's deliveries need from the database, loaded once per batch and only when a notice goes out. */
export interface DeliveryDirectory {
  /** enabled channels: by department, by person, and the zone's own */
  byDepartment: Map<string, string[]>;
  byPerson: Map<string, string[]>;
  zone: string[];
  /** the department each reached person works in */
  departmentOf: Map<string, string | null>;
  departmentNames: Map<string, string>;
  projectName: string;
}

/** Loads what `deliveriesOf` needs for these batches' notices; null when none of them goes out. */
export async function loadDeliveryDirectory(
  manager: EntityManager,
  batch: IssueEffectsBatch,
  told: WhoIsTold[],
): Promise<DeliveryDirectory | null> {
  const outside = told.flatMap((one) => one.notices.filter((notice) => goesOutside(notice.topic)));
  if (outside.length === 0) return null;
  const personIds = [...new Set(outside.flatMap((notice) => notice.personId ?? []))];
  const people = (await manager.query(`SELECT id, department_id FROM people WHERE id = ANY($1)`, [
    personIds,
  ])) as Array<{
    id: string;
    department_id: string | null;
  }>;
  const departmentOf = new Map(people.map((person) => [person.id, person.department_id]));
  const departments = new Set<string>();
  for (const notice of outside) if (notice.department) departments.add(notice.department);
  for (const department of departmentOf.values()) if (department) departments.add(department);
  const channels = (await manager.query(
    `SELECT id, department_id, person_id FROM notice_channels
     WHERE enabled AND (department_id = ANY($1) OR person_id = ANY($2) OR (department_id IS NULL AND person_id IS NULL))
     ORDER BY id`,
    [[...departments], personIds],
  )) as Array<{ id: string; department_id: string | null; person_id: string | null }>;
  const byDepartment = new Map<string, string[]>();
  const byPerson = new Map<string, string[]>();
  const zone: string[] = [];
  for (const channel of channels) {
    if (channel.department_id) push(byDepartment, channel.department_id, channel.id);
    else if (channel.person_id) push(byPerson, channel.person_id, channel.id);
    else zone.push(channel.id);
  }
  const names = (await manager.query(`SELECT id, name FROM departments WHERE id = ANY($1)`, [
    [...departments, ...Object.values(batch.state.tasks).map((task) => task.department)],
  ])) as Array<{ id: string; name: string }>;
  const [project] = (await manager.query(`SELECT name FROM projects WHERE id = $1`, [batch.state.projectId])) as Array<{
    name: string;
  }>;
  return {
    byDepartment,
    byPerson,
    zone,
    departmentOf,
    departmentNames: new Map(names.map((row) => [row.id, row.name])),
    projectName: project?.name ?? batch.state.projectId,
  };
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export interface DeliveryRow {
  id: string;
  channelId: string;
  issueId: string;
  noticeKey: string;
  topic: NoticeFacts['topic'];
  facts: NoticeFacts;
  mentions: string[];
  status: 'pending';
  nextAttemptAt: Date;
}

/** The deliveries of one reduction's notices. */
export function deliveriesOf(
  batch: IssueEffectsBatch,
  reduction: DecidedEffects,
  told: WhoIsTold,
  directory: DeliveryDirectory,
): DeliveryRow[] {
  const { issueId } = batch.state;
  const byCommand = new Map<number, WhoIsTold['notices']>();
  for (const notice of told.notices) {
    if (!goesOutside(notice.topic)) continue;
    const list = byCommand.get(notice.commandIndex);
    if (list) list.push(notice);
    else byCommand.set(notice.commandIndex, [notice]);
  }
  const rows: DeliveryRow[] = [];
  for (const [commandIndex, notices] of byCommand) {
    const noticeKey = `${issueId}:${reduction.sequence}:${commandIndex}`;
    const targets = new Map<string, Set<string>>();
    const add = (channelId: string, personId?: string) => {
      const mentions = targets.get(channelId) ?? new Set<string>();
      if (personId) mentions.add(personId);
      targets.set(channelId, mentions);
    };
    const reached = notices.flatMap((notice) => notice.personId ?? []);
    if (reached.length === 0 && notices[0].department)
      for (const channelId of directory.byDepartment.get(notices[0].department) ?? []) add(channelId);
    for (const personId of reached) {
      for (const channelId of directory.byPerson.get(personId) ?? []) add(channelId, personId);
      const department = directory.departmentOf.get(personId);
      if (department) for (const channelId of directory.byDepartment.get(department) ?? []) add(channelId, personId);
    }
    for (const channelId of directory.zone) add(channelId);
    if (targets.size === 0) continue;
    const facts = factsOf(batch, reduction, reduction.commands[commandIndex], notices[0], directory);
    for (const [channelId, mentions] of targets)
      rows.push({
        id: `${noticeKey}>${channelId}`,
        channelId,
        issueId,
        noticeKey,
        topic: facts.topic,
        facts,
        mentions: [...mentions],
        status: 'pending',
        nextAttemptAt: new Date(),
      });
  }
  return rows;
}

const TITLE_CHARACTERS = 40;

function factsOf(
  batch: IssueEffectsBatch,
  reduction: DecidedEffects,
  command: IssueCommand | undefined,
  notice: WhoIsTold['notices'][number],
  directory: DeliveryDirectory,
): NoticeFacts {
  const { state } = batch;
  const characters = [...(batch.meta?.title || state.description)];
  const title = characters.slice(0, TITLE_CHARACTERS).join('');
  const task = notice.taskId ? state.tasks[notice.taskId] : undefined;
  const departmentId = task?.department ?? notice.department ?? undefined;
  const facts: NoticeFacts = {
    issueId: state.issueId,
    title: characters.length > TITLE_CHARACTERS ? `${title}…` : title,
    project: directory.projectName,
    category: state.category,
    risk: state.risk,
    topic: notice.topic,
    decidedAt: reduction.processedAt,
    ...(departmentId ? { department: directory.departmentNames.get(departmentId) ?? departmentId } : {}),
    ...(notice.detail && notice.topic !== 'escalated' ? { detail: notice.detail } : {}),
  };
  if (command?.type === 'escalated') {
    facts.level = command.level;
    facts.role = command.role;
    facts.cause = command.cause;
    const missed = state.tasks[command.taskId]?.missedDeadlines.filter((entry) => entry.cause === command.cause).at(-1);
    const deadline = missed?.due ?? deadlineOf(state, command.taskId, command.cause);
    if (deadline !== undefined) facts.deadlineAt = deadline;
    if (missed) facts.missedAt = missed.at;
  } else if (task) {
    const deadline = deadlineOf(state, task.id, task.acceptedAt !== undefined ? 'handle' : 'accept');
    if (deadline !== undefined) facts.deadlineAt = deadline;
  }
  return facts;
}

function deadlineOf(state: IssueState, taskId: string, cause: 'accept' | 'handle'): number | undefined {
  const task = state.tasks[taskId];
  return cause === 'accept' ? task?.accept.due : task?.handle?.due;
}
