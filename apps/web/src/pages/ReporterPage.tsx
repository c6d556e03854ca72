// 我的问题: the issues I filed (GET /issues shows a reporter what they filed), the newest first; a resolved one asks
// for my verdict in place (confirm with a satisfaction 1–5, or reject with a reason). Test ids: `new-issue`,
// `reporter-row` (data-issue-id), `action-verify`, `action-withdraw`.
import { Button, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { api } from '../api/endpoints';
import { CardActions, IssueCard, IssueMeta, LeadDepartment } from '../components/item-card';
import { Deadline, StatusTag } from '../components/labels';
import { ListState, PageTitle } from '../components/page';
import { ProblemAlert } from '../components/problem';
import { useIssueDetails } from '../hooks/use-issue-details';
import { useNow, useResource } from '../hooks/use-resource';
import { useI18n } from '../i18n/i18n';
import { useLiveRefresh } from '../live/live-events';
import { formatZoneTime } from '../logic/time';
import { URGENCY_COLOURS, urgencyOf } from '../logic/urgency';

export default function ReporterPage() {
  const { t } = useI18n();
  const now = useNow();
  const issues = useResource((signal) => api.issues({ sort: '-receivedAt', limit: 50 }, signal), []);
  const items = issues.data?.items ?? [];
  const details = useIssueDetails(items.filter((i) => i.status === 'resolved').map((i) => i.id));
  useLiveRefresh((changed) => {
    issues.reload();
    details.reload(changed); // only the issues that changed
  });
  return (
    <div data-testid="reporter-page">
      <PageTitle title={t('reporter.title')}>
        <Link to="/report">
          <Button type="primary" size="large" icon={<PlusOutlined />} data-testid="new-issue">
            {t('reporter.new')}
          </Button>
        </Link>
      </PageTitle>
      <ProblemAlert error={issues.error} onRetry={issues.reload} />
      <ListState
        loading={issues.loading && !issues.data}
        empty={!!issues.data && items.length === 0}
        description={t('reporter.empty')}
      />
      {items.map((i) => {
        const detail = details.data?.get(i.id);
        const colour =
          i.status === 'resolved'
            ? '#d48806'
            : URGENCY_COLOURS[urgencyOf(i.handleDue ? Date.parse(i.handleDue) - now : null, i.status !== 'open')];
        return (
          <IssueCard
            key={i.id}
            issueId={i.id}
            title={i.title}
            colour={colour}
            data-testid="reporter-row"
            data-issue-id={i.id}
          >
            <IssueMeta issue={i} status={<StatusTag status={i.status} />}>
              {i.status === 'resolved' ? <Tag color="gold">{t('reporter.toVerify')}</Tag> : null}
            </IssueMeta>
            <div className="item-meta">
              <LeadDepartment department={i.leadDepartment} />
              <span>
                {t('list.received')} {formatZoneTime(i.receivedAt)}
              </span>
              {i.status === 'open' ? <Deadline due={i.handleDue} now={now} label={t('deadline.handle')} /> : null}
            </div>
            {detail ? (
              <CardActions detail={detail} only={['verify']} onDone={() => (issues.reload(), details.reload())} />
            ) : null}
          </IssueCard>
        );
      })}
    </div>
  );
}
