// 调度: the issues that reached the dispatcher — those no routing rule gave an owner (the dispatch office holds the
// lead task) and the transfer disputes waiting for a decision — each with 派单 (route, final); then every open
// issue, with the list's filters. Test ids: `dispatch-row` (data-issue-id), `action-route`, `issue-row`.
import { Card, Empty, Spin, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { api } from '../api/endpoints';
import { IssueActions } from '../components/IssueActions';
import { CategoryTag, Deadline, LevelTag, RiskTag } from '../components/labels';
import { ProblemAlert } from '../components/problem';
import { useDirectory } from '../hooks/use-directory';
import { useIssueDetails } from '../hooks/use-issue-details';
import { useNow, useResource } from '../hooks/use-resource';
import { useI18n } from '../i18n/i18n';
import { useLiveRefresh } from '../live/live-events';
import { issueFacts } from '../logic/issue-actions';
import IssuesPage from './IssuesPage';

export default function DispatchPage() {
  const { t } = useI18n();
  const now = useNow();
  const { departmentName } = useDirectory();
  const inbox = useResource(async (signal) => {
    const [tasks, notices] = await Promise.all([
      api.tasks({ state: 'open', limit: 100 }, signal),
      api.notifications({ limit: 100 }, signal),
    ]);
    return [
      ...tasks.items.map((x) => x.issueId),
      ...notices.items.filter((n) => n.topic === 'dispatch_needed').map((n) => n.issueId),
    ];
  }, []);
  const details = useIssueDetails(inbox.data ?? []);
  useLiveRefresh(() => {
    inbox.reload();
    details.reload();
  });
  const waiting = [...(details.data?.values() ?? [])]
    .map((detail) => ({ detail, facts: issueFacts(detail, undefined) }))
    .filter(({ detail, facts }) => {
      if (detail.status !== 'open') return false;
      const lead = facts.tasks.find((x) => x.id === facts.leadTaskId);
      return facts.awaitingDispatcher || lead?.department === facts.dispatcher;
    })
    .sort((a, b) => a.detail.receivedAt.localeCompare(b.detail.receivedAt));

  return (
    <div data-testid="dispatch-page">
      <div className="page-title">
        <Typography.Title level={3}>{t('dispatch.title')}</Typography.Title>
      </div>
      <ProblemAlert error={inbox.error} onRetry={inbox.reload} />
      <Typography.Title level={5}>{t('dispatch.waiting')}</Typography.Title>
      {(inbox.loading || details.loading) && !details.data ? <Spin className="page-spin" /> : null}
      {details.data && waiting.length === 0 ? <Empty description={t('dispatch.empty')} /> : null}
      {waiting.map(({ detail, facts }) => {
        const request = detail.live?.state.dispatchRequest;
        return (
          <Card
            key={detail.id}
            className="item-card"
            style={{ borderLeftColor: '#722ed1' }}
            data-testid="dispatch-row"
            data-issue-id={detail.id}
          >
            <Link to={`/issues/${encodeURIComponent(detail.id)}`} className="item-card-title">
              {detail.title}
            </Link>
            <div className="item-meta">
              <span>{detail.projectName}</span>
              <Tag color="purple">{facts.awaitingDispatcher ? t('dispatch.dispute') : t('dispatch.noRoute')}</Tag>
              <CategoryTag category={detail.category} />
              <RiskTag risk={detail.risk} />
              {detail.escalationLevel > 0 ? <LevelTag level={detail.escalationLevel} /> : null}
            </div>
            {request ? (
              <Typography.Paragraph className="wrap-anywhere" style={{ margin: '6px 0 0' }}>
                {t('dispatch.proposed', {
                  from: departmentName(request.from),
                  to: departmentName(request.proposedTo),
                  reason: request.reason,
                })}
              </Typography.Paragraph>
            ) : null}
            <div className="item-meta">
              <Deadline due={detail.deadlines.handleDue} now={now} label={t('deadline.handle')} />
            </div>
            <div style={{ marginTop: 10 }}>
              <IssueActions
                detail={detail}
                compact
                only={['route', 'withdraw']}
                onDone={() => (inbox.reload(), details.reload())}
              />
            </div>
          </Card>
        );
      })}
      <div style={{ marginTop: 16 }}>
        <IssuesPage embedded title={t('dispatch.allOpen')} defaults={{ status: ['open'], sort: 'handleDue' }} />
      </div>
    </div>
  );
}
