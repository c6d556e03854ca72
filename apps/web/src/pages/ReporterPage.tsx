// 我的问题: the issues I filed (GET /issues shows a reporter what they filed), the newest first; a resolved one asks
// for my verdict in place (confirm with a satisfaction 1–5, or reject with a reason). Test ids: `new-issue`,
// `reporter-row` (data-issue-id), `action-verify`, `action-withdraw`.
import { Button, Card, Empty, Spin, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { api } from '../api/endpoints';
import { IssueActions } from '../components/IssueActions';
import { CategoryTag, Deadline, LevelTag, RiskTag, StatusTag } from '../components/labels';
import { ProblemAlert } from '../components/problem';
import { useDirectory } from '../hooks/use-directory';
import { useIssueDetails } from '../hooks/use-issue-details';
import { useNow, useResource } from '../hooks/use-resource';
import { useI18n } from '../i18n/i18n';
import { useLiveRefresh } from '../live/live-events';
import { formatZoneTime } from '../logic/time';
import { URGENCY_COLOURS, urgencyOf } from '../logic/urgency';

export default function ReporterPage() {
  const { t } = useI18n();
  const now = useNow();
  const { departmentName } = useDirectory();
  const issues = useResource((signal) => api.issues({ sort: '-receivedAt', limit: 50 }, signal), []);
  const items = issues.data?.items ?? [];
  const details = useIssueDetails(items.filter((i) => i.status === 'resolved').map((i) => i.id));
  useLiveRefresh(() => {
    issues.reload();
    details.reload();
  });
  return (
    <div data-testid="reporter-page">
      <div className="page-title">
        <Typography.Title level={3}>{t('reporter.title')}</Typography.Title>
        <Link to="/report">
          <Button type="primary" size="large" icon={<PlusOutlined />} data-testid="new-issue">
            {t('reporter.new')}
          </Button>
        </Link>
      </div>
      <ProblemAlert error={issues.error} onRetry={issues.reload} />
      {issues.loading && !issues.data ? <Spin className="page-spin" /> : null}
      {issues.data && items.length === 0 ? <Empty description={t('reporter.empty')} /> : null}
      {items.map((i) => {
        const detail = details.data?.get(i.id);
        const colour =
          i.status === 'resolved'
            ? '#d48806'
            : URGENCY_COLOURS[urgencyOf(i.handleDue ? Date.parse(i.handleDue) - now : null, i.status !== 'open')];
        return (
          <Card
            key={i.id}
            className="item-card"
            style={{ borderLeftColor: colour }}
            data-testid="reporter-row"
            data-issue-id={i.id}
          >
            <Link to={`/issues/${encodeURIComponent(i.id)}`} className="item-card-title">
              {i.title}
            </Link>
            <div className="item-meta">
              <span>{i.projectName}</span>
              <StatusTag status={i.status} />
              <CategoryTag category={i.category} />
              <RiskTag risk={i.risk} />
              {i.escalationLevel > 0 ? <LevelTag level={i.escalationLevel} /> : null}
              {i.status === 'resolved' ? <Tag color="gold">{t('reporter.toVerify')}</Tag> : null}
            </div>
            <div className="item-meta">
              <span>
                {t('list.lead')}：{departmentName(i.leadDepartment)}
              </span>
              <span>
                {t('list.received')} {formatZoneTime(i.receivedAt)}
              </span>
              {i.status === 'open' ? <Deadline due={i.handleDue} now={now} label={t('deadline.handle')} /> : null}
            </div>
            {detail ? (
              <div style={{ marginTop: 10 }}>
                <IssueActions
                  detail={detail}
                  compact
                  only={['verify']}
                  onDone={() => (issues.reload(), details.reload())}
                />
              </div>
            ) : null}
          </Card>
        );
      })}
    </div>
  );
}
