import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { ISSUE_CATEGORIES, RISK_LEVELS, TASK_STATUSES } from '@unblock/domain';
import { ToBoolean, ToInteger, ToList } from './query-transforms';

export const ISSUE_STATUSES = ['open', 'resolved', 'closed', 'withdrawn'] as const;
export const ISSUE_SORTS = [
  'receivedAt',
  '-receivedAt',
  'handleDue',
  '-handleDue',
  'escalationLevel',
  '-escalationLevel',
] as const;
export type IssueSort = (typeof ISSUE_SORTS)[number];
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
const CODE = /^[A-Za-z0-9_.:-]+$/;

/**
 * A multi-value filter as the API reads it (ToList): documented as a comma-separated list (`?risk=high,critical`:
 * style form, not exploded); the same parameter repeated (`?risk=high&risk=critical`) is accepted too.
 */
function ListFilter(description: string, values: readonly string[], example: string[]): PropertyDecorator {
  const options = {
    description: `${description}, one or several, comma-separated (\`a,b\`; the parameter repeated, \`?x=a&x=b\`, is read the same)`,
    enum: values,
    isArray: true,
    maxItems: values.length,
    example,
    style: 'form',
    explode: false,
  };
  // the stack as it would be written above the property (applied bottom-up)
  return applyDecorators(
    IsIn(values, { each: true }),
    ArrayMaxSize(values.length),
    ToList(),
    IsOptional(),
    ApiPropertyOptional(options as ApiPropertyOptions),
  );
}

/** An optional filter by a code (a project id, a department code). */
function CodeFilter(description: string, example: string): PropertyDecorator {
  return applyDecorators(
    Matches(CODE),
    Length(1, 64),
    IsString(),
    IsOptional(),
    ApiPropertyOptional({ description, example, minLength: 1, maxLength: 64, pattern: CODE.source }),
  );
}

/** An optional page size (`limit`): an integer from 1 to MAX_PAGE_SIZE. */
export function PageSize(defaultSize: number, example: number): PropertyDecorator {
  return applyDecorators(
    Max(MAX_PAGE_SIZE),
    Min(1),
    IsInt(),
    ToInteger(),
    IsOptional(),
    ApiPropertyOptional({
      description: `page size, 1 to ${MAX_PAGE_SIZE}`,
      type: 'integer',
      default: defaultSize,
      minimum: 1,
      maximum: MAX_PAGE_SIZE,
      example,
    }),
  );
}

/** Query of GET /issues. Every filter narrows (AND); list filters accept `a,b` or repeated parameters (OR within). */
export class ListIssuesQueryDto {
  @ListFilter('issue status', ISSUE_STATUSES, ['open'])
  status?: string[];

  @ListFilter('category', ISSUE_CATEGORIES, ['land_acquisition', 'demolition'])
  category?: string[];

  @ListFilter('risk level', RISK_LEVELS, ['high', 'critical'])
  risk?: string[];

  @CodeFilter('project id', 'GX-ROAD-01')
  projectId?: string;

  @CodeFilter('department code: issues it leads or has (or had) any task on', 'land_office')
  department?: string;

  @ApiPropertyOptional({
    description: 'true: issues that have escalated at least once (on any task); false: never escalated',
    example: true,
    type: Boolean,
  })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  escalated?: boolean;

  @ApiPropertyOptional({
    description:
      'true: an active task is past its handling deadline, or an unaccepted one past its acceptance deadline, now; false: none is',
    example: true,
    type: Boolean,
  })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({
    description: 'received at or after this instant (ISO 8601 date-time)',
    format: 'date-time',
    example: '2026-11-01T00:00:00+08:00',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  createdFrom?: string;

  @ApiPropertyOptional({
    description: 'received before this instant (ISO 8601 date-time, exclusive)',
    format: 'date-time',
    example: '2026-12-01T00:00:00+08:00',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  createdTo?: string;

  @ApiPropertyOptional({
    description: 'text in the title or description (case-insensitive substring; any script)',
    example: '征地补偿',
    minLength: 1,
    maxLength: 200,
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  q?: string;

  @ApiPropertyOptional({
    description:
      'order (a leading "-" for descending); ties are broken by id. No handling deadline sorts last in ascending order',
    enum: ISSUE_SORTS,
    default: '-receivedAt',
  })
  @IsOptional()
  @IsIn(ISSUE_SORTS)
  sort?: IssueSort;

  @PageSize(DEFAULT_PAGE_SIZE, 20)
  limit?: number;

  @ApiPropertyOptional({
    description: 'the nextCursor of the previous page (opaque); only valid with the same sort',
    minLength: 1,
    maxLength: 1000,
    example: 'eyJzIjoiaXNzdWVzOi1yZWNlaXZlZEF0IiwiayI6WyIyMDI2LTExLTI4VDA4OjMwOjAwLjAwMDAwMFoiLCJpc3N1ZS0xIl19',
  })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  cursor?: string;
}

/** What names an issue wherever it is listed: its title, its project, its category and risk. */
export class IssueHeadingDto {
  @ApiProperty({ example: '高新大道K2+300段征地补偿争议' }) title: string;
  @ApiProperty({ example: 'GX-ROAD-01' }) projectId: string;
  @ApiProperty({ example: '高新大道' }) projectName: string;
  @ApiProperty({ example: 'land_acquisition', enum: ISSUE_CATEGORIES }) category: string;
  @ApiProperty({ example: 'medium', enum: RISK_LEVELS }) risk: string;
}

export class IssueListItemDto extends IssueHeadingDto {
  @ApiProperty({ example: 'GX-ROAD-01-20261128-0001' }) id: string;
  @ApiProperty({ example: 'open', enum: ISSUE_STATUSES }) status: string;
  @ApiProperty({ example: 'land_office', description: 'the lead department (its code)' }) leadDepartment: string;
  @ApiProperty({
    example: ['planning', 'utilities'],
    description: 'the departments that support the issue (协办), still listed once it is resolved',
    isArray: true,
    type: String,
  })
  supportingDepartments: string[];
  @ApiProperty({
    type: 'integer',
    example: 1,
    description: "the lead task's level on the escalation ladder (0 = not escalated)",
  })
  escalationLevel: number;
  @ApiProperty({
    format: 'date-time',
    example: '2026-11-28T02:30:00.000Z',
    description: "the lead task's acceptance deadline",
  })
  acceptDue: string;
  @ApiProperty({
    format: 'date-time',
    example: '2026-11-28T09:30:00.000Z',
    nullable: true,
    type: String,
    description: "the lead task's current handling deadline",
  })
  handleDue: string | null;
  @ApiProperty({
    format: 'date-time',
    example: '2026-11-28T09:30:00.000Z',
    nullable: true,
    type: String,
    description: 'the handling deadline as first set (kept beside extensions)',
  })
  handleDueOriginal: string | null;
  @ApiProperty({ example: false, description: 'an active task is past a deadline now' }) overdue: boolean;
  @ApiProperty({
    example: false,
    description:
      'a pending deadline falls in a year the working calendar has no arrangement for (放假调休 not loaded): it counts weekends only until the year is loaded (日历未确认)',
  })
  calendarUnconfirmed: boolean;
  @ApiProperty({
    example: false,
    description:
      "the issue's last write of its effects (this read model, its record, its notices) failed; it is retried",
  })
  effectsFailing: boolean;
  @ApiProperty({ format: 'date-time', example: '2026-11-28T00:30:00.000Z' }) receivedAt: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-28T01:02:03.000Z' }) updatedAt: string;
}

export class IssueListDto {
  @ApiProperty({ type: IssueListItemDto, isArray: true }) items: IssueListItemDto[];
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'pass as `cursor` for the next page; null on the last page',
    example: null,
  })
  nextCursor: string | null;
}

export class DepartmentRefDto {
  @ApiProperty({ example: 'land_office' }) id: string;
  @ApiProperty({ example: '征地拆迁办公室', nullable: true, type: String }) name: string | null;
}

/** A task's own facts wherever it is shown: its role, its status and its clocks. */
export class TaskStateDto {
  @ApiProperty({ example: 't1' }) taskId: string;
  @ApiProperty({ example: 'lead', enum: ['lead', 'supporting'] }) role: string;
  @ApiProperty({ example: 'accepted', enum: TASK_STATUSES }) status: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-28T00:30:00.000Z' }) assignedAt: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-28T01:10:00.000Z', nullable: true, type: String }) acceptedAt:
    string | null;
  @ApiProperty({ format: 'date-time', example: '2026-11-28T02:30:00.000Z' }) acceptDue: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-28T09:30:00.000Z', nullable: true, type: String }) handleDue:
    string | null;
  @ApiProperty({ format: 'date-time', example: '2026-11-28T09:30:00.000Z', nullable: true, type: String })
  handleDueOriginal: string | null;
  @ApiProperty({ format: 'date-time', example: null, nullable: true, type: String }) endedAt: string | null;
  @ApiProperty({ type: 'integer', example: 0 }) escalationLevel: number;
}

export class IssueTaskDto extends TaskStateDto {
  @ApiProperty({ type: DepartmentRefDto }) department: DepartmentRefDto;
  @ApiProperty({ example: false, nullable: true, type: Boolean }) acceptedLate: boolean | null;
  @ApiProperty({ example: false }) overdue: boolean;
}

export class PersonRefDto {
  @ApiProperty({ example: 'land_office_head' }) id: string;
  @ApiProperty({ example: '王建国', nullable: true, type: String }) name: string | null;
}

export class EscalationDto {
  @ApiProperty({ example: 'GX-ROAD-01-20261128-0001' }) issueId: string;
  @ApiProperty({ example: 't1' }) taskId: string;
  @ApiProperty({ type: 'integer', example: 1 }) level: number;
  @ApiProperty({ type: 'integer', example: 0, description: 'repeat number of the notice at the top level (0 = first)' })
  repeat: number;
  @ApiProperty({
    example: 'department_head',
    enum: ['department_head', 'responsible_leader', 'zone_director', 'party_secretary'],
  })
  role: string;
  @ApiProperty({ example: 'land_office' }) department: string;
  @ApiProperty({ example: 'accept', enum: ['accept', 'handle'], description: 'the deadline that was missed' })
  cause: string;
  @ApiProperty({ example: 'climbed', enum: ['climbed', 'renotified', 'repeated'] }) kind: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-28T02:30:00.000Z' }) reachedAt: string;
  @ApiProperty({
    format: 'date-time',
    example: '2026-11-28T02:30:00.000Z',
    nullable: true,
    type: String,
    description: 'when the step was due',
  })
  dueAt: string | null;
  @ApiProperty({ format: 'date-time', example: '2026-11-28T02:30:00.412Z', description: 'when it fired' })
  firedAt: string;
  @ApiProperty({ type: PersonRefDto, isArray: true }) recipients: PersonRefDto[];
}

export class EventActorDto {
  @ApiProperty({ example: 'land_office_staff' }) id: string;
  @ApiProperty({ example: '李春梅', nullable: true, type: String }) name: string | null;
  @ApiProperty({ example: 'staff', nullable: true, type: String }) role: string | null;
  @ApiProperty({ example: 'land_office', nullable: true, type: String }) department: string | null;
}

export class IssueDeadlinesDto {
  @ApiProperty({ format: 'date-time', example: '2026-11-28T02:30:00.000Z' }) acceptDue: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-28T09:30:00.000Z', nullable: true, type: String }) handleDue:
    string | null;
  @ApiProperty({ format: 'date-time', example: '2026-11-28T09:30:00.000Z', nullable: true, type: String })
  handleDueOriginal: string | null;
}

export class InstructionAuthorDto {
  @ApiProperty({ example: 'leader_construction' }) id: string;
  @ApiProperty({ example: 'responsible_leader' }) role: string;
  @ApiProperty({ example: null, nullable: true, type: String, description: 'the department of a department head' })
  department: string | null;
}

export class InstructionDto {
  @ApiProperty({ example: 'instruction-1' }) id: string;
  @ApiProperty({ example: 't1', description: 'the task instructed' }) taskId: string;
  @ApiProperty({ type: InstructionAuthorDto }) by: InstructionAuthorDto;
  @ApiProperty({ example: '请征地办会同规划局明日前拿出补偿方案' }) text: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-28T03:00:00.000Z', description: 'when it was given' })
  at: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-29T09:30:00.000Z', description: 'the deadline it sets' })
  due: string;
  @ApiProperty({
    format: 'date-time',
    example: null,
    nullable: true,
    type: String,
    description: 'null until the department acknowledges it',
  })
  acknowledgedAt: string | null;
  @ApiProperty({ example: null, nullable: true, type: String, description: 'who acknowledged it' }) acknowledgedBy:
    string | null;
}

export class PetitionAcceptDecisionDto {
  @ApiProperty({
    format: 'date-time',
    example: '2026-12-03T16:00:00.000Z',
    description: 'the legal deadline to decide whether to accept (受理)',
  })
  due: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    isArray: true,
    example: ['2026-12-02T16:00:00.000Z'],
    description: 'when the warnings fall due',
  })
  warnings: string[];
  @ApiProperty({
    format: 'date-time',
    example: null,
    nullable: true,
    type: String,
    description: 'when it was decided; null until then',
  })
  decidedAt: string | null;
}

export class PetitionExtensionDto {
  @ApiProperty({ example: 'leader_construction' }) by: string;
  @ApiProperty({ example: '情况复杂，需多部门会商' }) reason: string;
  @ApiProperty({ example: 'P30D', description: 'the ISO-8601 duration added' }) extension: string;
  @ApiProperty({ format: 'date-time', example: '2026-12-10T02:00:00.000Z' }) at: string;
  @ApiProperty({
    format: 'date-time',
    example: '2026-12-28T16:00:00.000Z',
    description: 'the conclusion deadline before the extension',
  })
  previousDue: string;
}

export class PetitionConclusionDto {
  @ApiProperty({
    format: 'date-time',
    example: '2026-12-28T16:00:00.000Z',
    description: 'the legal deadline to conclude (办结)',
  })
  due: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    isArray: true,
    example: ['2026-12-25T16:00:00.000Z'],
    description: 'when the warnings fall due',
  })
  warnings: string[];
  @ApiProperty({ format: 'date-time', example: '2026-12-28T16:00:00.000Z', description: 'the deadline as first set' })
  original: string;
  @ApiProperty({
    format: 'date-time',
    example: null,
    nullable: true,
    type: String,
    description: 'when it was concluded; null until then',
  })
  concludedAt: string | null;
  @ApiProperty({ type: PetitionExtensionDto, nullable: true, description: 'the one statutory extension, once granted' })
  extension: PetitionExtensionDto | null;
}

export class PetitionDto {
  @ApiProperty({ example: '信访工作条例', description: 'the regulation whose terms apply' }) regulation: string;
  @ApiProperty({ type: PetitionAcceptDecisionDto }) acceptDecision: PetitionAcceptDecisionDto;
  @ApiProperty({ type: PetitionConclusionDto, nullable: true, description: 'set once the petition is accepted' })
  conclude: PetitionConclusionDto | null;
  @ApiProperty({ type: 'integer', example: 0 }) extensionsUsed: number;
  @ApiProperty({
    enum: ['accept_decision', 'conclude'],
    isArray: true,
    example: [],
    description: 'the statutory deadlines missed',
  })
  missed: Array<'accept_decision' | 'conclude'>;
}

export class IssueEventDto {
  @ApiProperty({ type: 'integer', example: 3 }) sequence: number;
  @ApiProperty({ example: 'task_accepted', description: 'what happened' }) name: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-28T01:10:00.000Z', description: 'when' }) at: string;
  @ApiProperty({
    type: EventActorDto,
    nullable: true,
    description: 'who (null for the clock)',
    example: { id: 'land_office_staff', name: '李春梅', role: 'staff', department: 'land_office' },
  })
  actor: { id: string; name: string | null; role: string | null; department: string | null } | null;
  @ApiProperty({ example: 't1', nullable: true, type: String }) taskId: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: "the event's details (by event name)",
    example: { late: false },
  })
  data: unknown;
}

export class IssueEffectsDto {
  @ApiProperty({
    enum: ['written', 'pending', 'failing'],
    example: 'written',
    description:
      "written: everything decided is written; pending: decisions wait to be written (seconds); failing: the last write failed and is retried — the issue's deadlines and escalations go on meanwhile",
  })
  status: 'written' | 'pending' | 'failing';
  @ApiProperty({
    type: 'integer',
    example: 0,
    nullable: true,
    description: 'decisions not written yet, as the running workflow counts them; null when it cannot be asked',
  })
  pending: number | null;
  @ApiProperty({ format: 'date-time', example: null, nullable: true, type: String }) failingSince: string | null;
  @ApiProperty({ type: 'integer', example: 0, description: 'failed attempts since then' }) attempts: number;
  @ApiProperty({ example: null, nullable: true, type: String }) lastError: string | null;
}

export class IssueDetailDto {
  @ApiProperty({ example: 'GX-ROAD-01-20261128-0001' }) id: string;
  @ApiProperty({ example: 'issue:GX-ROAD-01-20261128-0001' }) workflowId: string;
  @ApiProperty({ example: '高新大道K2+300段征地补偿争议' }) title: string;
  @ApiProperty({ example: '三户村民对补偿标准有异议，阻止施工队进场。' }) description: string;
  @ApiProperty({ example: '高新大道K2+300', nullable: true, type: String }) location: string | null;
  @ApiProperty({ example: [], isArray: true, type: String }) attachments: string[];
  @ApiProperty({ example: 'GX-ROAD-01' }) projectId: string;
  @ApiProperty({ example: '高新大道' }) projectName: string;
  @ApiProperty({ example: 'land_acquisition', enum: ISSUE_CATEGORIES }) category: string;
  @ApiProperty({ example: 'medium', enum: RISK_LEVELS }) risk: string;
  @ApiProperty({ example: 'open', enum: ISSUE_STATUSES }) status: string;
  @ApiProperty({ example: null, nullable: true, type: String, enum: ['confirmed', 'unconfirmed', 'withdrawn'] })
  outcome: string | null;
  @ApiProperty({ type: PersonRefDto }) reporter: PersonRefDto;
  @ApiProperty({ type: DepartmentRefDto }) leadDepartment: DepartmentRefDto;
  @ApiProperty({
    example: ['planning'],
    isArray: true,
    type: String,
    description:
      'the departments that support the issue (协办), still shown once it is resolved; the task of each in `tasks` says how it stands',
  })
  supportingDepartments: string[];
  @ApiProperty({ type: 'integer', example: 1 }) escalationLevel: number;
  @ApiProperty({ example: 'department_head', nullable: true, type: String }) escalationRole: string | null;
  @ApiProperty({ example: true, description: 'escalated at least once (any task)' }) escalated: boolean;
  @ApiProperty({ example: false, description: 'an active task is stalled (a deadline missed and not yet made good)' })
  stalled: boolean;
  @ApiProperty({ example: false }) overdue: boolean;
  @ApiProperty({
    example: false,
    description:
      'a pending deadline falls in a year the working calendar has no arrangement for (放假调休 not loaded): it counts weekends only until the year is loaded (日历未确认)',
  })
  calendarUnconfirmed: boolean;
  @ApiProperty({
    type: IssueDeadlinesDto,
    description: "the lead task's deadlines (current and original)",
    example: {
      acceptDue: '2026-11-28T02:30:00.000Z',
      handleDue: '2026-11-28T09:30:00.000Z',
      handleDueOriginal: '2026-11-28T09:30:00.000Z',
    },
  })
  deadlines: { acceptDue: string; handleDue: string | null; handleDueOriginal: string | null };
  @ApiProperty({ type: 'integer', example: 0 }) transferCount: number;
  @ApiProperty({ type: 'integer', example: 0 }) reopenCount: number;
  @ApiProperty({
    example: null,
    nullable: true,
    type: 'integer',
    minimum: 1,
    maximum: 5,
    description: "the reporter's satisfaction (1–5) when the resolution was confirmed",
  })
  satisfaction: number | null;
  @ApiProperty({ example: '2026.09-1' }) policyVersion: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-28T00:30:00.000Z' }) receivedAt: string;
  @ApiProperty({ format: 'date-time', example: null, nullable: true, type: String }) resolvedAt: string | null;
  @ApiProperty({ format: 'date-time', example: null, nullable: true, type: String }) closedAt: string | null;
  @ApiProperty({ format: 'date-time', example: '2026-11-28T01:10:00.000Z' }) updatedAt: string;
  @ApiProperty({ type: IssueTaskDto, isArray: true }) tasks: IssueTaskDto[];
  @ApiProperty({ type: EscalationDto, isArray: true }) escalations: EscalationDto[];
  @ApiProperty({
    type: InstructionDto,
    isArray: true,
    description: "leaders' instructions (批示) with their deadlines and acknowledgement, in the order given",
  })
  instructions: InstructionDto[];
  @ApiProperty({
    type: PetitionDto,
    nullable: true,
    description: "a petition's statutory clock (信访); null when the issue is not a petition",
  })
  petition: PetitionDto | null;
  @ApiProperty({ type: IssueEventDto, isArray: true, description: 'the full event log, in order' })
  timeline: IssueEventDto[];
  @ApiProperty({
    type: () => IssueEffectsDto,
    description:
      'whether what the workflow decided is written here: the read model, the timeline, escalations and notices',
  })
  effects: IssueEffectsDto;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description:
      "the running workflow's live state (query `issueView`: `state`, `meta`, `owner`, `escalation`, `ageMs`, `nextTimer`), as the workflow holds it " +
      '(its instants are epoch milliseconds); null when the workflow has ended or could not be asked',
    example: {
      owner: { taskId: 't1', department: 'land_office', status: 'accepted' },
      escalation: { level: 0 },
      ageMs: 2400000,
      nextTimer: { key: 't1:handle', at: 1795854600000 },
    },
  })
  live: unknown;
  @ApiPropertyOptional({
    example: 'Temporal is unavailable',
    description: 'why `live` is null although the issue is still running',
  })
  liveError?: string;
}

export class IssueCategoryCountDto {
  @ApiProperty({ example: 'land_acquisition', enum: ISSUE_CATEGORIES }) category: string;
  @ApiProperty({ type: 'integer', example: 7 }) open: number;
  @ApiProperty({ type: 'integer', example: 2, description: 'of those, with a task past a deadline now' })
  overdue: number;
  @ApiProperty({ type: 'integer', example: 3, description: 'of those, escalated (level 1 or above)' })
  escalated: number;
}

export class IssueLevelCountDto {
  @ApiProperty({ type: 'integer', example: 2, description: 'escalation level (0: not escalated)' }) level: number;
  @ApiProperty({ type: 'integer', example: 4 }) open: number;
}

export class IssueSummaryDto {
  @ApiProperty({ type: 'integer', example: 31, description: 'open issues the caller may see' }) open: number;
  @ApiProperty({ type: 'integer', example: 6, description: 'of those, with a task past a deadline now' })
  overdue: number;
  @ApiProperty({ type: 'integer', example: 9, description: 'of those, escalated (level 1 or above)' })
  escalated: number;
  @ApiProperty({ type: IssueCategoryCountDto, isArray: true, description: 'by category, those with open issues' })
  byCategory: IssueCategoryCountDto[];
  @ApiProperty({ type: IssueLevelCountDto, isArray: true, description: 'by escalation level, lowest first' })
  byLevel: IssueLevelCountDto[];
  @ApiProperty({ format: 'date-time', example: '2026-11-28T01:10:00.000Z', description: 'the instant counted at' })
  at: string;
}
