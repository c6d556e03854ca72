// What the effects transaction tells the API when it commits (PostgreSQL NOTIFY): which issue changed, how far, and
// what the API needs to decide who may hear of it without a query of its own.

/** The PostgreSQL channel the effects transaction notifies on, and every API process listens to. */
export const ISSUE_CHANGES_CHANNEL = 'unblock_issue_changes';

/** What one write of effects can touch, as a client refetches by it. */
export const ISSUE_CHANGE_KINDS = ['issue', 'task', 'escalation', 'notification', 'instruction', 'extension'] as const;
export type IssueChangeKind = (typeof ISSUE_CHANGE_KINDS)[number];

/**
 * The payload of one notice: one per issue per committed write (however many reductions the write held), as compact
 * JSON. PostgreSQL refuses a payload of 8000 bytes or more; `ISSUE_CHANGE_NOTICE_MAX_BYTES` keeps it well under that.
 */
export interface IssueChangeNotice {
  issueId: string;
  /** the issue's sequence number in the read model after the write (its latest event) */
  sequence: number;
  /** what the write added or changed, in the order of ISSUE_CHANGE_KINDS */
  changes: IssueChangeKind[];
  /** who filed the issue (they see it) */
  reporterId: string;
  /** every department that has or had a task on the issue after the write (their staff and heads see it) */
  departmentIds: string[];
  /** the people an inbox notice or an escalation of this write names (they hear of it whoever they are) */
  recipients: string[];
  /** set when `recipients` was cut to keep the payload within ISSUE_CHANGE_NOTICE_MAX_BYTES */
  recipientsTruncated?: true;
  /** when the newest reduction of the write was decided (ISO-8601) */
  at: string;
}

/** The largest payload the effects transaction sends (PostgreSQL's limit is 8000 bytes). */
export const ISSUE_CHANGE_NOTICE_MAX_BYTES = 7_000;

const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

/** Reads a notice's payload; undefined for anything that is not one (a listener never trusts a channel blindly). */
export function readIssueChangeNotice(payload: string | undefined): IssueChangeNotice | undefined {
  if (!payload) return undefined;
  let value: Partial<IssueChangeNotice>;
  try {
    value = JSON.parse(payload) as Partial<IssueChangeNotice>;
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object') return undefined;
  const { issueId, sequence, changes, reporterId, departmentIds, recipients, at } = value;
  if (typeof issueId !== 'string' || issueId === '' || !Number.isInteger(sequence)) return undefined;
  if (!isStringArray(changes) || !changes.every((kind) => (ISSUE_CHANGE_KINDS as readonly string[]).includes(kind)))
    return undefined;
  if (typeof reporterId !== 'string' || !isStringArray(departmentIds) || !isStringArray(recipients)) return undefined;
  if (typeof at !== 'string') return undefined;
  return {
    issueId,
    sequence: sequence!,
    changes: changes as IssueChangeKind[],
    reporterId,
    departmentIds,
    recipients,
    ...(value.recipientsTruncated === true ? { recipientsTruncated: true as const } : {}),
    at,
  };
}
