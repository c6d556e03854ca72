// One issue (/issues/:id): what it is, who holds it, every deadline (original and moved, by whom), the escalation
// ladder with the level reached, every event (who, what, when, how late against which deadline), and the actions the
// signed-in person may take now. Test ids: `issue-page` (data-issue-id), `issue-status`, `issue-actions`,
// `issue-task` (data-task-id), `issue-ladder`, `issue-timeline`, `timeline-event` (data-event).
import { Alert, Card, Col, Descriptions, Empty, Grid, Row, Steps, Tag, Timeline, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { api } from '../api/endpoints';
import {
  LEADER_ROLES,
  type IssueDetail,
  type IssueEvent,
  type IssueTask,
  type LiveDeadline,
  type Petition,
} from '../api/types';
import { IssueActions } from '../components/IssueActions';
import {
  CalendarUnconfirmedTag,
  CategoryTag,
  Deadline,
  LevelTag,
  MovedDeadline,
  RiskTag,
  StatusTag,
  TaskStatusTag,
} from '../components/labels';
import { Loaded, PageTitle } from '../components/page';
import { useDirectory } from '../hooks/use-directory';
import { useNow, useResource } from '../hooks/use-resource';
import { labelOf, useI18n, type Translate } from '../i18n/i18n';
import type { MessageKey } from '../i18n/zh-CN';
import { useLiveRefresh } from '../live/live-events';
import { formatLateness, formatZoneTime, type Lang } from '../logic/time';

export default function IssuePage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const issue = useResource((signal) => api.issue(id, signal), [id]);
  useLiveRefresh(issue.reload, (change) => change.issueId === id);
  return (
    <Loaded resource={issue} notFound={<Empty description={t('issue.notFound')} data-testid="issue-not-found" />}>
      {(detail) => <IssueView detail={detail} reload={issue.reload} />}
    </Loaded>
  );
}

function IssueView({ detail, reload }: { detail: IssueDetail; reload: () => void }) {
  const { t, lang } = useI18n();
  const now = useNow();
  const screens = Grid.useBreakpoint();
  const { departmentName } = useDirectory();
  const live = detail.live?.state;
  const open = detail.status === 'open';
  return (
    <div data-testid="issue-page" data-issue-id={detail.id}>
      <PageTitle title={detail.title} wrap />
      <div className="item-meta" style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary" copyable>
          {detail.id}
        </Typography.Text>
        <span data-testid="issue-status">
          <StatusTag status={detail.status} />
        </span>
        <CategoryTag category={detail.category} />
        <RiskTag risk={detail.risk} />
        <LevelTag level={detail.escalationLevel} role={detail.escalationRole} />
        {detail.overdue ? <Tag color="red">{t('urgency.overdue')}</Tag> : null}
        <CalendarUnconfirmedTag unconfirmed={open && detail.calendarUnconfirmed} />
      </div>
      {!detail.live && (detail.status === 'open' || detail.status === 'resolved') ? (
        <Alert type="warning" showIcon title={t('issue.liveUnavailable')} style={{ marginBottom: 12 }} />
      ) : null}
      {detail.effects.status !== 'written' ? (
        <Alert type="info" showIcon title={t('issue.effectsPending')} style={{ marginBottom: 12 }} />
      ) : null}
      <Card title={t('issue.actions')} size="small" style={{ marginBottom: 12 }} data-testid="issue-actions">
        <IssueActions detail={detail} onDone={reload} />
      </Card>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={14}>
          <Card size="small" style={{ marginBottom: 12 }}>
            <Descriptions size="small" column={screens.md ? 2 : 1} colon>
              <Descriptions.Item label={t('issue.project')}>
                <Link to={`/projects/${encodeURIComponent(detail.projectId)}`}>{detail.projectName}</Link>
              </Descriptions.Item>
              <Descriptions.Item label={t('issue.reporter')}>
                {detail.reporter.name ?? detail.reporter.id}
              </Descriptions.Item>
              <Descriptions.Item label={t('issue.owner')}>
                {detail.leadDepartment.name ? departmentName(detail.leadDepartment.id) : detail.leadDepartment.id}
              </Descriptions.Item>
              <Descriptions.Item label={t('issue.supporting')}>
                {detail.supportingDepartments.length
                  ? detail.supportingDepartments.map((d) => departmentName(d)).join('、')
                  : t('app.none')}
              </Descriptions.Item>
              <Descriptions.Item label={t('issue.received')}>{formatZoneTime(detail.receivedAt)}</Descriptions.Item>
              {detail.location ? (
                <Descriptions.Item label={t('issue.location')}>{detail.location}</Descriptions.Item>
              ) : null}
              {detail.outcome ? (
                <Descriptions.Item label={t('issue.status')}>{labelOf(t, 'outcome', detail.outcome)}</Descriptions.Item>
              ) : null}
              {detail.transferCount || detail.reopenCount || detail.satisfaction ? (
                <Descriptions.Item label="">
                  {[
                    detail.transferCount ? t('issue.transfers', { n: detail.transferCount }) : '',
                    detail.reopenCount ? t('issue.reopens', { n: detail.reopenCount }) : '',
                    detail.satisfaction ? t('issue.satisfaction', { n: detail.satisfaction }) : '',
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </Descriptions.Item>
              ) : null}
            </Descriptions>
            <Typography.Paragraph
              className="wrap-anywhere"
              style={{ whiteSpace: 'pre-wrap', marginTop: 8, marginBottom: 0 }}
            >
              {detail.description}
            </Typography.Paragraph>
          </Card>
          <Card size="small" title={t('issue.tasks')} style={{ marginBottom: 12 }}>
            {detail.tasks.map((task) => (
              <TaskDeadlines
                key={task.taskId}
                task={task}
                handle={live?.tasks[task.taskId]?.handle}
                detail={detail}
                now={now}
                open={open}
              />
            ))}
          </Card>
          {detail.instructions.length ? (
            <Card size="small" title={t('issue.instructions')} style={{ marginBottom: 12 }}>
              {detail.instructions.map((i) => (
                <div key={i.id} style={{ marginBottom: 8 }} data-testid="issue-instruction">
                  <Typography.Text className="wrap-anywhere">「{i.text}」</Typography.Text>
                  <div className="item-meta">
                    <span>{labelOf(t, 'role', i.by.role)}</span>
                    <span>{formatZoneTime(i.at)}</span>
                    <Deadline due={i.due} now={now} label={t('form.due')} ended={!open || !!i.acknowledgedAt} />
                    <Tag color={i.acknowledgedAt ? 'green' : 'magenta'}>
                      {i.acknowledgedAt ? t('issue.acknowledged') : t('issue.notAcknowledged')}
                    </Tag>
                  </div>
                </div>
              ))}
            </Card>
          ) : null}
          {detail.petition ? <PetitionTerms petition={detail.petition} now={now} /> : null}
        </Col>
        <Col xs={24} lg={10}>
          <Ladder detail={detail} />
          <Card size="small" title={t('issue.timeline')} data-testid="issue-timeline">
            <Timeline
              items={detail.timeline.map((event) => ({
                key: event.sequence,
                color: colourOf(event),
                content: <TimelineEvent event={event} detail={detail} t={t} lang={lang} />,
              }))}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}

function TaskDeadlines({
  task,
  handle,
  detail,
  now,
  open,
}: {
  task: IssueTask;
  handle: LiveDeadline | undefined;
  detail: IssueDetail;
  now: number;
  open: boolean;
}) {
  const { t, lang } = useI18n();
  const { departmentName } = useDirectory();
  const active = open && (task.status === 'assigned' || task.status === 'accepted');
  // the moves of the handling deadline: from the live workflow, else from the event log
  const moves =
    handle?.moves.map((m) => ({ to: m.to, at: m.at, cause: m.cause, by: m.by })) ??
    detail.timeline
      .filter((e) => e.taskId === task.taskId && (e.name === 'extension_granted' || e.name === 'instruction_issued'))
      .map((e) => ({
        to: Number(e.data?.until ?? e.data?.due),
        at: Date.parse(e.at),
        cause: e.name === 'extension_granted' ? 'extension' : 'instruction',
        by: e.actor?.name ?? e.actor?.id ?? '',
      }));
  const nameOf = (id: string) => detail.timeline.find((e) => e.actor?.id === id)?.actor?.name ?? id;
  return (
    <div
      style={{ padding: '8px 0', borderBottom: '1px solid #f0f0f0' }}
      data-testid="issue-task"
      data-task-id={task.taskId}
    >
      <div className="item-meta" style={{ marginTop: 0 }}>
        <Typography.Text strong>{departmentName(task.department.id)}</Typography.Text>
        <Tag>{t(`taskRole.${task.role}`)}</Tag>
        <TaskStatusTag status={task.status} />
        {task.escalationLevel > 0 ? <LevelTag level={task.escalationLevel} /> : null}
      </div>
      <div className="item-meta">
        <Deadline
          due={task.acceptDue}
          now={now}
          label={t('deadline.accept')}
          ended={!active || task.status !== 'assigned'}
        />
        {task.acceptedAt ? (
          <span>
            {t('issue.taskAccepted', { at: formatZoneTime(task.acceptedAt) })}
            {task.acceptedLate ? (
              <Tag color="red" style={{ marginInlineStart: 4 }}>
                {formatLateness(task.acceptedAt, task.acceptDue, lang)}
              </Tag>
            ) : null}
          </span>
        ) : null}
      </div>
      <div className="item-meta">
        <MovedDeadline
          due={task.handleDue}
          original={task.handleDueOriginal}
          now={now}
          label={t('deadline.handle')}
          ended={!active}
        />
      </div>
      {moves.map((m, index) => (
        <div key={index} className="item-meta" data-testid="deadline-move">
          <span>
            {t('deadline.moved')} {Number.isFinite(m.to) ? formatZoneTime(m.to) : ''} ·{' '}
            {t('deadline.movedBy', {
              who: m.cause === 'calendar' ? t('event.by.clock') : nameOf(m.by),
              at: formatZoneTime(m.at),
              cause: t(`deadline.cause.${m.cause}` as MessageKey),
            })}
          </span>
        </div>
      ))}
    </div>
  );
}

/** A petition's statutory terms: the decision to accept it, then its conclusion (and where that stood first). */
function PetitionTerms({ petition, now }: { petition: Petition; now: number }) {
  const { t } = useI18n();
  const { acceptDecision, conclude } = petition;
  return (
    <Card size="small" title={`${t('issue.petition')} · ${petition.regulation}`} style={{ marginBottom: 12 }}>
      <div className="item-meta">
        <Deadline
          due={acceptDecision.due}
          now={now}
          label={t('issue.petitionAccept')}
          ended={!!acceptDecision.decidedAt}
        />
      </div>
      {conclude ? (
        <div className="item-meta">
          <MovedDeadline
            due={conclude.due}
            original={conclude.original}
            now={now}
            label={t('issue.petitionConclude')}
            ended={!!conclude.concludedAt}
          />
        </div>
      ) : null}
    </Card>
  );
}

function Ladder({ detail }: { detail: IssueDetail }) {
  const { t } = useI18n();
  const roles = detail.live?.state.policy.policy.ladder.map((l) => l.role) ?? [...LEADER_ROLES];
  const level = detail.escalationLevel;
  return (
    <Card
      size="small"
      title={`${t('issue.ladder')} · ${level > 0 ? t('issue.ladderReached', { level }) : t('issue.ladderNone')}`}
      style={{ marginBottom: 12 }}
      data-testid="issue-ladder"
      data-level={level}
    >
      <Steps
        orientation="vertical"
        size="small"
        current={level - 1}
        status={level === 0 ? 'wait' : detail.status === 'open' && detail.stalled ? 'error' : 'process'}
        items={roles.map((role, index) => {
          const reached = detail.escalations
            .filter((e) => e.level === index + 1)
            .sort((a, b) => a.reachedAt.localeCompare(b.reachedAt));
          const first = reached[0];
          return {
            title: t('leader.levelRole', { level: index + 1, role: labelOf(t, 'role', role) }),
            status: index + 1 <= level ? (index + 1 === level ? undefined : 'finish') : 'wait',
            content: first ? (
              <span className="wrap-anywhere">
                {formatZoneTime(first.reachedAt)} · {labelOf(t, 'leader.cause', first.cause)}
                {first.recipients.length ? ` · ${first.recipients.map((r) => r.name ?? r.id).join('、')}` : ''}
                {reached.length > 1 ? ` ×${reached.length}` : ''}
              </span>
            ) : undefined,
          };
        })}
        className="ladder-steps"
      />
    </Card>
  );
}

/** The deadlines an event may name (`data.deadline`), each with its words (`deadline.<name>`). */
const DEADLINE_WORDS = [
  'accept',
  'handle',
  'escalation',
  'verification',
  'petition_accept_decision',
  'petition_conclude',
];

/** The events a change of the working calendar records on an issue. */
const CALENDAR_EVENTS = new Set(['deadline_moved', 'calendar_checked']);

function colourOf(event: IssueEvent): string {
  if (CALENDAR_EVENTS.has(event.name)) return 'cyan';
  if (event.name === 'escalated' || event.name === 'deadline_missed' || event.name.includes('missed')) return 'red';
  if (event.name === 'reminder_sent' || event.name.includes('warning')) return 'orange';
  if (event.name === 'issue_resolved' || event.name === 'resolution_confirmed') return 'green';
  if (event.name === 'instruction_issued') return 'purple';
  return 'blue';
}

/** The words of one event of the log, with what it was measured against. */
function TimelineEvent({
  event,
  detail,
  t,
  lang,
}: {
  event: IssueEvent;
  detail: IssueDetail;
  t: Translate;
  lang: Lang;
}) {
  const { departmentName } = useDirectory();
  const data = (event.data ?? {}) as Record<string, unknown>;
  const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  const when = (v: unknown) => (typeof v === 'number' || typeof v === 'string' ? formatZoneTime(v) : '');
  const dept = (v: unknown) => departmentName(text(v));
  const deadlineWord = (v: unknown) =>
    typeof v === 'string' && DEADLINE_WORDS.includes(v) ? t(`deadline.${v}` as MessageKey) : t('deadline.handle');
  const calendarEvent = CALENDAR_EVENTS.has(event.name);
  const values: Record<string, string | number> = {
    department: dept(data.department),
    role:
      data.role === 'lead' || data.role === 'supporting'
        ? t(`taskRole.${data.role}`)
        : labelOf(t, 'role', text(data.role)),
    note: text(data.note),
    from: calendarEvent ? when(data.from) : dept(data.from),
    to: calendarEvent ? when(data.to) : dept(data.to),
    revision: text(data.revision),
    lead: dept(data.lead),
    reason: text(data.reason),
    departments: Array.isArray(data.departments) ? data.departments.map(dept).join('、') : '',
    description: text(data.description),
    until: when(data.until),
    due: when(data.due),
    text: text(data.text),
    satisfaction: text(data.satisfaction),
    deadline: deadlineWord(data.deadline),
    level: text(data.level),
    name: event.name,
  };
  // a deadline of one department's task: say whose
  const task = detail.tasks.find((x) => x.taskId === event.taskId);
  const key = (
    event.name === 'deadline_moved' && task ? 'event.deadline_moved_task' : `event.${event.name}`
  ) as MessageKey;
  if (task) values.department = departmentName(task.department.id);
  let sentence = t(key, values) === key ? t('event.other', values) : t(key, values);
  if (event.name === 'calendar_checked') {
    const years = (v: unknown) => (Array.isArray(v) && v.length ? v.join('、') : undefined);
    const confirmed = years(data.confirmedYears);
    const unconfirmed = years(data.unconfirmedYears);
    // a year loaded since: what the check confirmed says more than "unchanged"
    if (confirmed) sentence = `${sentence}；${t('event.calendar_confirmed', { years: confirmed })}`;
    if (unconfirmed) sentence = `${sentence}；${t('event.calendar_unconfirmed', { years: unconfirmed })}`;
  }
  const who = event.actor
    ? `${event.actor.name ?? event.actor.id}${event.actor.role ? `（${labelOf(t, 'role', event.actor.role)}${event.actor.department ? ` · ${departmentName(event.actor.department)}` : ''}）` : ''}`
    : t('event.by.clock');
  // how late it was against its deadline
  let against: { deadline: string; due: string | number } | null = null;
  if (event.name === 'task_accepted' && task) against = { deadline: t('deadline.accept'), due: task.acceptDue };
  if ((event.name === 'issue_resolved' || event.name === 'assistance_completed') && task?.handleDue)
    against = { deadline: t('deadline.handle'), due: task.handleDue };
  if (event.name === 'deadline_missed' && typeof data.due === 'number')
    against = { deadline: deadlineWord(data.deadline), due: data.due };
  return (
    <div data-testid="timeline-event" data-event={event.name}>
      <div className="wrap-anywhere">{sentence}</div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {formatZoneTime(event.at)} · {who}
      </Typography.Text>
      {calendarEvent && typeof data.cause === 'string' ? (
        <div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} className="wrap-anywhere">
            {t('event.calendar_cause', { cause: data.cause })}
          </Typography.Text>
        </div>
      ) : null}
      {against ? (
        <div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('event.against', {
              deadline: against.deadline,
              due: formatZoneTime(against.due),
              late: formatLateness(event.at, against.due, lang),
            })}
          </Typography.Text>
        </div>
      ) : null}
    </div>
  );
}
