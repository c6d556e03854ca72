// One key project with its open issues (the nearest handling deadline first; more pages through the issues list).
import { Button, Card, Descriptions, Empty, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { api } from '../api/endpoints';
import { IssueList } from '../components/IssueList';
import { ProjectTags } from '../components/labels';
import { Loaded, PageTitle } from '../components/page';
import { useDirectory } from '../hooks/use-directory';
import { useResource } from '../hooks/use-resource';
import { useI18n } from '../i18n/i18n';
import { useLiveRefresh } from '../live/live-events';

export default function ProjectPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const { departmentName } = useDirectory();
  const project = useResource((signal) => api.project(id, signal), [id]);
  useLiveRefresh(project.reload);
  return (
    <Loaded resource={project} notFound={<Empty description={t('app.notFound')} />}>
      {(p) => (
        <div data-testid="project-page" data-project-id={p.id}>
          <PageTitle title={p.name} wrap />
          <Card size="small" style={{ marginBottom: 12 }}>
            <div className="item-meta" style={{ marginTop: 0, marginBottom: 8 }}>
              <ProjectTags project={p} />
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
      )}
    </Loaded>
  );
}
