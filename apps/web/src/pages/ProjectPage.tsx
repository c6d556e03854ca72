// One key project with its open issues (the nearest handling deadline first; more pages through the issues list).
import { Button, Card, Descriptions, Empty, Spin, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { api } from '../api/endpoints';
import { IssueList } from '../components/IssueList';
import { ProblemAlert } from '../components/problem';
import { useDirectory } from '../hooks/use-directory';
import { useResource } from '../hooks/use-resource';
import { labelOf, useI18n } from '../i18n/i18n';
import { useLiveRefresh } from '../live/live-events';

export default function ProjectPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const { departmentName } = useDirectory();
  const project = useResource((signal) => api.project(id, signal), [id]);
  useLiveRefresh(project.reload);
  if (project.error?.status === 404) return <Empty description={t('app.notFound')} />;
  const p = project.data;
  if (!p)
    return project.error ? (
      <ProblemAlert error={project.error} onRetry={project.reload} />
    ) : (
      <Spin className="page-spin" />
    );
  return (
    <div data-testid="project-page" data-project-id={p.id}>
      <div className="page-title">
        <Typography.Title level={3} className="wrap-anywhere">
          {p.name}
        </Typography.Title>
      </div>
      <Card size="small" style={{ marginBottom: 12 }}>
        <div className="item-meta" style={{ marginTop: 0, marginBottom: 8 }}>
          <span>{p.id}</span>
          <Tag>{labelOf(t, 'projects.kind', p.kind)}</Tag>
          {p.publiclyCommitted ? <Tag color="blue">{t('projects.committed')}</Tag> : null}
          {p.majorIndustrial ? <Tag color="purple">{t('projects.major')}</Tag> : null}
        </div>
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('projects.leader')}>
            {p.responsibleLeader?.name ?? t('app.none')}
          </Descriptions.Item>
          <Descriptions.Item label={t('projects.leadDepartment')}>
            {p.leadDepartment ? departmentName(p.leadDepartment.id) : t('app.none')}
          </Descriptions.Item>
          <Descriptions.Item label={t('projects.completion')}>{p.plannedCompletion ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('issue.location')}>{p.location ?? '—'}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Typography.Title level={5}>
        {t('projects.openIssues', { n: p.openIssues })}
        {p.escalatedOpenIssues ? ` · ${t('projects.escalated', { n: p.escalatedOpenIssues })}` : ''}
      </Typography.Title>
      {p.openIssuesPage.items.length === 0 ? (
        <Empty description={t('projects.noOpen')} />
      ) : (
        <IssueList items={p.openIssuesPage.items} />
      )}
      {p.openIssuesPage.nextCursor ? (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Link to={`/issues?projectId=${encodeURIComponent(p.id)}&status=open&sort=handleDue`}>
            <Button>{t('app.more')}</Button>
          </Link>
        </div>
      ) : null}
    </div>
  );
}
