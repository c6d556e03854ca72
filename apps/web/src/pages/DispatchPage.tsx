// 调度: the issues that reached the dispatcher — those no routing rule gave an owner (the dispatch office holds the
// lead task) and the transfer disputes waiting for a decision — each with 派单 (route, final); then every open
// issue, with the list's filters. Test ids: `dispatch-row` (data-issue-id), `action-route`, `issue-row`.
import { Tag, Typography } from 'antd';
import { api } from '../api/endpoints';
import { CardActions, IssueCard, IssueMeta } from '../components/item-card';
import { Deadline } from '../components/labels';
import { ListState, PageTitle } from '../components/page';
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
      <PageTitle title={t('dispatch.title')} />
      <ProblemAlert error={inbox.error} onRetry={inbox.reload} />
      <Typography.Title level={5}>{t('dispatch.waiting')}</Typography.Title>
      <ListState
        loading={(inbox.loading || details.loading) && !details.data}
        empty={!!details.data && waiting.length === 0}
        description={t('dispatch.empty')}
      />
      {waiting.map(({ detail, facts }) => {
        const request = detail.live?.state.dispatchRequest;
        return (
          <IssueCard
            key={detail.id}
            issueId={detail.id}
            title={detail.title}
            colour="#722ed1"
            data-testid="dispatch-row"
            data-issue-id={detail.id}
          >
            <IssueMeta
              issue={detail}
              status={
                <Tag color="purple">{facts.awaitingDispatcher ? t('dispatch.dispute') : t('dispatch.noRoute')}</Tag>
              }
            />
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
            <CardActions
              detail={detail}
              only={['route', 'withdraw']}
              onDone={() => (inbox.reload(), details.reload())}
            />
          </IssueCard>
        );
      })}
      <div style={{ marginTop: 16 }}>
        <IssuesPage embedded title={t('dispatch.allOpen')} defaults={{ status: ['open'], sort: 'handleDue' }} />
      </div>
    </div>
  );
}
