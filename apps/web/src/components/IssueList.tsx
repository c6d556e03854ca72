// A list of issues: a table on wide screens, cards on phones (no horizontal scrolling). Test ids: `issue-row`
// (data-issue-id) on each row or card.
import { Empty, Grid, Table, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { IssueListItem } from '../api/types';
import { useDirectory } from '../hooks/use-directory';
import { useNow } from '../hooks/use-resource';
import { useI18n } from '../i18n/i18n';
import { formatZoneTimeShort } from '../logic/time';
import { URGENCY_COLOURS, urgencyOf } from '../logic/urgency';
import { IssueCard, IssueMeta, LeadDepartment } from './item-card';
import { CalendarUnconfirmedTag, CategoryTag, Deadline, LevelTag, RiskTag, StatusTag } from './labels';

export function IssueList({ items, loading }: { items: IssueListItem[]; loading?: boolean }) {
  const { t } = useI18n();
  const now = useNow();
  const screens = Grid.useBreakpoint();
  const { departmentName } = useDirectory();
  const ended = (i: IssueListItem) => i.status !== 'open';
  const urgency = (i: IssueListItem) => urgencyOf(i.handleDue ? Date.parse(i.handleDue) - now : null, ended(i));
  const link = (i: IssueListItem) => `/issues/${encodeURIComponent(i.id)}`;

  if (!screens.md) {
    if (!loading && items.length === 0) return <Empty description={t('app.empty')} />;
    return (
      <div>
        {items.map((i) => (
          <IssueCard
            key={i.id}
            issueId={i.id}
            title={i.title}
            colour={URGENCY_COLOURS[urgency(i)]}
            data-testid="issue-row"
            data-issue-id={i.id}
          >
            <IssueMeta issue={i} status={<StatusTag status={i.status} />}>
              <CalendarUnconfirmedTag unconfirmed={i.status === 'open' && i.calendarUnconfirmed} />
            </IssueMeta>
            <div className="item-meta">
              <LeadDepartment department={i.leadDepartment} />
              {i.status === 'open' ? <Deadline due={i.handleDue} now={now} label={t('list.due')} /> : null}
            </div>
          </IssueCard>
        ))}
      </div>
    );
  }
  return (
    <Table<IssueListItem>
      rowKey="id"
      dataSource={items}
      loading={loading}
      pagination={false}
      size="middle"
      locale={{ emptyText: t('app.empty') }}
      onRow={(i) => ({ 'data-testid': 'issue-row', 'data-issue-id': i.id }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        {
          title: t('list.issue'),
          key: 'title',
          render: (_, i) => (
            <div style={{ borderLeft: `3px solid ${URGENCY_COLOURS[urgency(i)]}`, paddingLeft: 8 }}>
              <Link to={link(i)} className="wrap-anywhere">
                {i.title}
              </Link>
              <div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {i.projectName} · {i.id}
                </Typography.Text>
              </div>
            </div>
          ),
        },
        {
          title: t('list.status'),
          key: 'status',
          width: 190,
          render: (_, i) => (
            <>
              <StatusTag status={i.status} />
              <CategoryTag category={i.category} />
              <RiskTag risk={i.risk} />
              <CalendarUnconfirmedTag unconfirmed={i.status === 'open' && i.calendarUnconfirmed} />
            </>
          ),
        },
        { title: t('list.lead'), key: 'lead', width: 150, render: (_, i) => departmentName(i.leadDepartment) },
        {
          title: t('list.escalation'),
          key: 'level',
          width: 100,
          render: (_, i) => (i.escalationLevel > 0 ? <LevelTag level={i.escalationLevel} /> : '—'),
        },
        {
          title: t('list.due'),
          key: 'due',
          width: 190,
          render: (_, i) => (i.status === 'open' ? <Deadline due={i.handleDue} now={now} /> : '—'),
        },
        {
          title: t('list.received'),
          key: 'received',
          width: 110,
          render: (_, i) => formatZoneTimeShort(i.receivedAt, now),
        },
      ]}
    />
  );
}
