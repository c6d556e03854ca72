// 重点项目: the zone's key projects with their open (and escalated) issues, the most troubled first. Test ids:
// `project-row` (data-project-id).
import { Card, Col, Empty, Row, Spin, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { api } from '../api/endpoints';
import { ProblemAlert } from '../components/problem';
import { useResource } from '../hooks/use-resource';
import { labelOf, useI18n } from '../i18n/i18n';
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
      <div className="page-title">
        <Typography.Title level={3}>{t('projects.title')}</Typography.Title>
      </div>
      <ProblemAlert error={projects.error} onRetry={projects.reload} />
      {projects.loading && !projects.data ? <Spin className="page-spin" /> : null}
      {projects.data && items.length === 0 ? <Empty /> : null}
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
                  <span>{p.id}</span>
                  <Tag>{labelOf(t, 'projects.kind', p.kind)}</Tag>
                  {p.publiclyCommitted ? <Tag color="blue">{t('projects.committed')}</Tag> : null}
                  {p.majorIndustrial ? <Tag color="purple">{t('projects.major')}</Tag> : null}
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
