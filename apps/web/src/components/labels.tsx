// The small words of every page: tags for category, risk, status, urgency and a project, and a deadline with its time
// left (and where it was before it moved).
import { Tag, Tooltip, Typography } from 'antd';
import type { IssueCategory, IssueStatus, Project, RiskLevel, TaskStatus } from '../api/types';
import { labelOf, useI18n } from '../i18n/i18n';
import { formatTimeLeft, formatZoneTime, formatZoneTimeShort, type Instant } from '../logic/time';
import { RISK_TAG_COLOURS, URGENCY_COLOURS, URGENCY_TAG_COLOURS, escalationColour, urgencyOf } from '../logic/urgency';

export function CategoryTag({ category }: { category: IssueCategory | string }) {
  const { t } = useI18n();
  return <Tag>{labelOf(t, 'category', category)}</Tag>;
}

export function RiskTag({ risk }: { risk: RiskLevel | string }) {
  const { t } = useI18n();
  return <Tag color={RISK_TAG_COLOURS[risk] ?? 'default'}>{labelOf(t, 'risk', risk)}</Tag>;
}

const STATUS_COLOURS: Record<string, string> = {
  open: 'processing',
  resolved: 'warning',
  closed: 'success',
  withdrawn: 'default',
};

export function StatusTag({ status }: { status: IssueStatus | string }) {
  const { t } = useI18n();
  return <Tag color={STATUS_COLOURS[status] ?? 'default'}>{labelOf(t, 'status', status)}</Tag>;
}

export function TaskStatusTag({ status }: { status: TaskStatus | string }) {
  const { t } = useI18n();
  const colour = status === 'assigned' ? 'orange' : status === 'accepted' ? 'processing' : 'default';
  return <Tag color={colour}>{labelOf(t, 'taskStatus', status)}</Tag>;
}

export function LevelTag({ level, role }: { level: number; role?: string | null }) {
  const { t } = useI18n();
  if (level <= 0) return <Tag>{t('issue.ladderNone')}</Tag>;
  return (
    <Tag color={escalationColour(level)}>
      {role ? t('leader.levelRole', { level, role: labelOf(t, 'role', role) }) : t('leader.level', { level })}
    </Tag>
  );
}

/** 日历未确认: a pending deadline falls in a year without an arrangement (放假调休), so it counts weekends only. */
export function CalendarUnconfirmedTag({ unconfirmed }: { unconfirmed: boolean | undefined }) {
  const { t } = useI18n();
  if (!unconfirmed) return null;
  return (
    <Tooltip title={t('calendar.unconfirmedTip')}>
      <Tag color="gold" data-testid="calendar-unconfirmed">
        {t('calendar.unconfirmed')}
      </Tag>
    </Tooltip>
  );
}

/** A deadline: its time on the zone clock and, while it runs, how long is left or how late it is (coloured). */
export function Deadline({
  due,
  now,
  ended = false,
  label,
  testId,
}: {
  due: Instant | null | undefined;
  now: number;
  ended?: boolean;
  label?: string;
  testId?: string;
}) {
  const { t, lang } = useI18n();
  if (!due) return <Typography.Text type="secondary">{t('deadline.none')}</Typography.Text>;
  const left = new Date(due).getTime() - now;
  const urgency = urgencyOf(left, ended);
  return (
    <span className="deadline" data-testid={testId}>
      {label ? <Typography.Text type="secondary">{label} </Typography.Text> : null}
      <Tooltip title={formatZoneTime(due)}>
        <span>{formatZoneTimeShort(due, now)}</span>
      </Tooltip>
      {!ended ? (
        <span className="time-left" style={{ color: URGENCY_COLOURS[urgency] }}>
          {' '}
          {formatTimeLeft(due, now, lang)}
        </span>
      ) : null}
    </span>
  );
}

/** A deadline and, when it moved, where it stood first. */
export function MovedDeadline({
  original,
  ...deadline
}: {
  due: Instant | null | undefined;
  original: Instant | null | undefined;
  now: number;
  ended?: boolean;
  label?: string;
}) {
  const { t } = useI18n();
  return (
    <>
      <Deadline {...deadline} />
      {original && original !== deadline.due ? (
        <span>
          {t('deadline.original')} {formatZoneTime(original)}
        </span>
      ) : null}
    </>
  );
}

/** A project's code, its kind, and whether it is publicly committed or a major industrial one. */
export function ProjectTags({
  project,
}: {
  project: Pick<Project, 'id' | 'kind' | 'publiclyCommitted' | 'majorIndustrial'>;
}) {
  const { t } = useI18n();
  return (
    <>
      <span>{project.id}</span>
      <Tag>{labelOf(t, 'projects.kind', project.kind)}</Tag>
      {project.publiclyCommitted ? <Tag color="blue">{t('projects.committed')}</Tag> : null}
      {project.majorIndustrial ? <Tag color="purple">{t('projects.major')}</Tag> : null}
    </>
  );
}

export function UrgencyTag({ timeLeftMs, ended }: { timeLeftMs: number | null; ended?: boolean }) {
  const { t } = useI18n();
  const urgency = urgencyOf(timeLeftMs, ended);
  return <Tag color={URGENCY_TAG_COLOURS[urgency]}>{t(`urgency.${urgency}`)}</Tag>;
}
