// 督办/升级: what reached me on the escalation ladder (GET /inbox/escalations), one card per issue, the highest level
// first and the latest first, with how late it is; 批示 and the decision on a requested extension in place; and the
// counters of the open issues I see (open, overdue, escalated, by category and level) drawn with ECharts. Test ids:
// `escalation-row` (data-issue-id), `counter-open`, `counter-overdue`, `counter-escalated`, `chart-category`,
// `chart-level`.
import { useMemo } from 'react';
import { Card, Col, Row, Statistic, Typography } from 'antd';
import { api } from '../api/endpoints';
import type { InboxEscalation } from '../api/types';
import { Chart, type ChartOption } from '../components/Chart';
import { CardActions, IssueCard } from '../components/item-card';
import { CategoryTag, Deadline, LevelTag, RiskTag, StatusTag } from '../components/labels';
import { ListState, PageTitle } from '../components/page';
import { ProblemAlert } from '../components/problem';
import { useIssueDetails } from '../hooks/use-issue-details';
import { useNow, useResource } from '../hooks/use-resource';
import { labelOf, useI18n } from '../i18n/i18n';
import { useLiveRefresh } from '../live/live-events';
import { isActiveTask } from '../logic/issue-actions';
import { formatDuration, formatZoneTime } from '../logic/time';
import { escalationColour, URGENCY_COLOURS, urgencyOf } from '../logic/urgency';

export default function LeaderPage() {
  const { t, lang } = useI18n();
  const now = useNow();
  const escalations = useResource((signal) => api.escalations({ limit: 100 }, signal), []);
  const counts = useResource((signal) => api.issueSummary(signal), []);
  // one card per issue: its highest step that reached me
  const byIssue = useMemo(() => {
    const map = new Map<string, InboxEscalation>();
    for (const e of escalations.data?.items ?? []) {
      const seen = map.get(e.issueId);
      if (!seen || e.level > seen.level || (e.level === seen.level && e.reachedAt > seen.reachedAt))
        map.set(e.issueId, e);
    }
    return [...map.values()].sort(
      (a, b) => b.issueEscalationLevel - a.issueEscalationLevel || b.reachedAt.localeCompare(a.reachedAt),
    );
  }, [escalations.data]);
  const details = useIssueDetails(byIssue.filter((e) => e.issueStatus === 'open').map((e) => e.issueId));
  useLiveRefresh((changed) => {
    escalations.reload();
    counts.reload();
    details.reload(changed); // only the issues that changed
  });

  const summary = counts.data;
  const overdue = summary?.overdue ?? 0;
  const escalated = summary?.escalated ?? 0;
  // the counters: open, overdue (red when any) and escalated (orange when any)
  const counters: Array<{ id: string; title: string; value: number | string; colour?: string }> = [
    { id: 'open', title: t('leader.openCount'), value: summary?.open ?? 0 },
    { id: 'overdue', title: t('leader.overdueCount'), value: overdue, colour: overdue ? '#cf1322' : undefined },
    { id: 'escalated', title: t('leader.escalatedCount'), value: escalated, colour: escalated ? '#d46b08' : undefined },
  ];
  const categoryOption = useMemo<ChartOption>(() => {
    const rows = (summary?.byCategory ?? []).map((c) => ({
      name: labelOf(t, 'category', c.category),
      open: c.open,
      overdue: c.overdue,
    }));
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 8, bottom: 8, top: 32, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: rows.map((r) => r.name) },
      series: [
        { name: t('leader.openCount'), type: 'bar', data: rows.map((r) => r.open), itemStyle: { color: '#1677ff' } },
        {
          name: t('leader.overdueCount'),
          type: 'bar',
          data: rows.map((r) => r.overdue),
          itemStyle: { color: '#cf1322' },
        },
      ],
    } as ChartOption;
  }, [summary, t]);
  const levelOption = useMemo<ChartOption>(() => {
    const levels = [0, 1, 2, 3, 4];
    const colours = ['#bfbfbf', '#faad14', '#fa8c16', '#fa541c', '#cf1322'];
    return {
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['40%', '68%'],
          center: ['50%', '45%'],
          label: { formatter: '{c}' },
          data: levels
            .map((level) => ({
              name: level === 0 ? t('issue.ladderNone') : t('leader.level', { level }),
              // the top of the ladder with what lies beyond it
              value: (summary?.byLevel ?? [])
                .filter((row) => Math.min(row.level, 4) === level)
                .reduce((sum, row) => sum + row.open, 0),
              itemStyle: { color: colours[level] },
            }))
            .filter((d) => d.value > 0),
        },
      ],
    } as ChartOption;
  }, [summary, t]);

  return (
    <div data-testid="leader-page">
      <PageTitle title={t('leader.title')} />
      <ProblemAlert error={escalations.error ?? counts.error} onRetry={() => (escalations.reload(), counts.reload())} />
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        {counters.map((c) => (
          <Col xs={8} key={c.id}>
            <Card size="small" data-testid={`counter-${c.id}`}>
              <Statistic
                title={c.title}
                value={c.value}
                styles={{ content: { color: c.colour } }}
                loading={counts.loading && !counts.data}
              />
            </Card>
          </Col>
        ))}
      </Row>
      <Typography.Title level={5}>{t('leader.reached')}</Typography.Title>
      <ListState
        loading={escalations.loading && !escalations.data}
        empty={!!escalations.data && byIssue.length === 0}
        description={t('leader.empty')}
      />
      {byIssue.map((e) => {
        const detail = details.data?.get(e.issueId);
        const task = detail?.tasks.find((x) => x.taskId === e.taskId);
        const stalledDue =
          task && isActiveTask(task)
            ? e.cause === 'accept' && task.status === 'assigned'
              ? task.acceptDue
              : task.handleDue
            : null;
        const late = stalledDue ? now - Date.parse(stalledDue) : null;
        const pending = detail?.live?.state.tasks[e.taskId]?.extensionRequest;
        return (
          <IssueCard
            key={e.issueId}
            issueId={e.issueId}
            title={e.issueTitle}
            colour={e.issueStatus === 'open' ? URGENCY_COLOURS[urgencyOf(late === null ? null : -late)] : '#d9d9d9'}
            data-testid="escalation-row"
            data-issue-id={e.issueId}
            data-level={e.issueEscalationLevel}
          >
            <div className="item-meta">
              <span>{e.projectName}</span>
              <StatusTag status={e.issueStatus} />
              <LevelTag level={e.level} role={e.role} />
              {e.issueEscalationLevel > e.level ? (
                <Typography.Text type="secondary" style={{ color: escalationColour(e.issueEscalationLevel) }}>
                  {t('leader.nowLevel', { level: e.issueEscalationLevel })}
                </Typography.Text>
              ) : null}
              {detail ? (
                <>
                  <CategoryTag category={detail.category} />
                  <RiskTag risk={detail.risk} />
                </>
              ) : null}
            </div>
            <div className="item-meta">
              <span>
                {labelOf(t, 'leader.cause', e.cause)} · {labelOf(t, 'leader.kind', e.kind)} ·{' '}
                {formatZoneTime(e.reachedAt)}
              </span>
              {late !== null && late > 0 ? (
                <Typography.Text style={{ color: URGENCY_COLOURS.overdue, fontWeight: 500 }}>
                  {t('leader.lateBy', { late: formatDuration(late, lang) })}
                </Typography.Text>
              ) : stalledDue ? (
                <Deadline due={stalledDue} now={now} />
              ) : null}
              {pending ? <Typography.Text type="warning">{t('leader.extensionWaiting')}</Typography.Text> : null}
            </div>
            {detail ? (
              <CardActions
                detail={detail}
                only={['instruct', 'grantExtension', 'refuseExtension', 'extendStatutoryTerm']}
                onDone={() => {
                  escalations.reload();
                  details.reload();
                }}
              />
            ) : null}
          </IssueCard>
        );
      })}
      <Row gutter={[12, 12]} style={{ marginTop: 8 }}>
        <Col xs={24} md={14}>
          <Card size="small" title={t('leader.byCategory')}>
            <Chart option={categoryOption} testId="chart-category" />
          </Card>
        </Col>
        <Col xs={24} md={10}>
          <Card size="small" title={t('leader.byLevel')}>
            <Chart option={levelOption} testId="chart-level" />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
