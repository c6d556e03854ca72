// 重点项目: the zone's key projects with their open (and escalated) issues, the most troubled first. Test ids:
// `project-row` (data-project-id).
import { Card, Col, Row, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { api } from '../api/endpoints';
import { ProjectTags } from '../components/labels';
import { ListState, PageTitle } from '../components/page';
import { ProblemAlert } from '../components/problem';
import { useResource } from '../hooks/use-resource';
import { useI18n } from '../i18n/i18n';
import { useLiveRefresh } from '../live/live-events';

export default function ProjectsPage() {
  const { t } = useI18n();
  const projects = useResource((signal) => api.projects(signal), []);
  useLiveRefresh(projects.reload);
  const items = [...(projects.data?.items ?? [])].sort(
    (a, b) => b.escalatedOpenIssues - a.escalatedOpenIssues || b.openIssues - a.openIssues || a.id.localeCompare(b.id),
  );
  return (
    <div data-testid="projects-page">
      <PageTitle title={t('projects.title')} />
      <ProblemAlert error={projects.error} onRetry={projects.reload} />
      <ListState loading={projects.loading && !projects.data} empty={!!projects.data && items.length === 0} />
      <Row gutter={[12, 12]}>
        {items.map((p) => (
          <Col key={p.id} xs={24} md={12} xl={8}>
            <Link to={`/projects/${encodeURIComponent(p.id)}`}>
              <Card
                size="small"
                hoverable
                className="item-card"
                style={{
                  borderLeftColor: p.escalatedOpenIssues ? '#cf1322' : p.openIssues ? '#d48806' : '#52c41a',
                  margin: 0,
                }}
                data-testid="project-row"
                data-project-id={p.id}
              >
                <div className="item-card-title">{p.name}</div>
                <div className="item-meta">
                  <ProjectTags project={p} />
                </div>
                <div className="item-meta">
                  <Tag color={p.openIssues ? 'orange' : 'default'}>{t('projects.openIssues', { n: p.openIssues })}</Tag>
                  {p.escalatedOpenIssues ? (
                    <Tag color="red">{t('projects.escalated', { n: p.escalatedOpenIssues })}</Tag>
                  ) : null}
                  {p.responsibleLeader ? (
                    <span>
                      {t('projects.leader')}：{p.responsibleLeader.name ?? p.responsibleLeader.id}
                    </span>
                  ) : null}
                  {p.plannedCompletion ? (
                    <span>
                      {t('projects.completion')}：{p.plannedCompletion}
                    </span>
                  ) : null}
                </div>
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
    </div>
  );
}
