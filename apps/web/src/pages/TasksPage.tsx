// 我的待办: the department's tasks (GET /inbox/tasks), open first and the most urgent first, each coloured by
// urgency with the time left to its next deadline, and the actions the person may take on it. Test ids:
// `task-row` (data-issue-id, data-task-id), `action-<name>`, `tasks-more`.
import { useState } from 'react';
import { Button, Segmented, Space, Spin, Tag, Typography } from 'antd';
import { api } from '../api/endpoints';
import type { InboxTask, Page } from '../api/types';
import { IssueActions } from '../components/IssueActions';
import { IssueCard } from '../components/item-card';
import { CategoryTag, Deadline, LevelTag, RiskTag, TaskStatusTag, UrgencyTag } from '../components/labels';
import { ListState, PageTitle } from '../components/page';
import { ProblemAlert } from '../components/problem';
import { useIssueDetails } from '../hooks/use-issue-details';
import { useNow, useResource } from '../hooks/use-resource';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/i18n';
import { useLiveRefresh } from '../live/live-events';
import { URGENCY_COLOURS, urgencyOf } from '../logic/urgency';

type TaskState = 'open' | 'ended';

export function TasksPage() {
  const { t } = useI18n();
  const now = useNow();
  const [state, setState] = useState<TaskState>('open');
  const [pages, setPages] = useState<string[]>([]);
  const { user } = useSession();
  // the department's own counts (every open task, not only the pages loaded), read again with each refresh
  const counts = useResource(
    async (signal) => (await api.departments(signal)).items.find((d) => d.id === user?.departmentId) ?? null,
    [user?.departmentId],
  );
  const tasks = useResource(
    async (signal) => {
      // the first page and every page loaded since, so that a live refresh keeps what is shown
      const first = await api.tasks({ state, limit: 50 }, signal);
      const all: Page<InboxTask> = { items: [...first.items], nextCursor: first.nextCursor };
      for (let i = 0; i < pages.length && all.nextCursor; i++) {
        const next = await api.tasks({ state, limit: 50, cursor: all.nextCursor }, signal);
        all.items.push(...next.items);
        all.nextCursor = next.nextCursor;
      }
      return all;
    },
    [state, pages.length],
  );
  const items = tasks.data?.items ?? [];
  const openIds = items.filter((x) => x.open).map((x) => x.issueId);
  const details = useIssueDetails(openIds);
  useLiveRefresh((changed) => {
    tasks.reload();
    counts.reload();
    details.reload(changed); // only the issues that changed
  });
  const open = counts.data?.openTasks ?? items.length;
  const overdue = counts.data?.overdueTasks ?? items.filter((x) => x.open && x.overdue).length;

  return (
    <div data-testid="tasks-page">
      <PageTitle title={t('tasks.title')}>
        <Segmented<TaskState>
          value={state}
          onChange={(value) => {
            setPages([]);
            setState(value);
          }}
          options={[
            { value: 'open', label: t('tasks.open') },
            { value: 'ended', label: t('tasks.ended') },
          ]}
          data-testid="tasks-state"
        />
      </PageTitle>
      <ProblemAlert error={tasks.error} onRetry={tasks.reload} />
      {state === 'open' && tasks.data ? (
        <Typography.Paragraph type="secondary" data-testid="tasks-count">
          {t('tasks.count', { open, overdue })}
        </Typography.Paragraph>
      ) : null}
      <ListState
        loading={tasks.loading && !tasks.data}
        empty={!!tasks.data && items.length === 0}
        description={t('tasks.empty')}
      />
      {items.map((task) => {
        const left = task.nextDue ? Date.parse(task.nextDue) - now : null;
        const urgency = urgencyOf(left, !task.open);
        const detail = details.data?.get(task.issueId);
        const waiting = detail?.instructions.some((i) => i.taskId === task.taskId && !i.acknowledgedAt);
        return (
          <IssueCard
            key={`${task.issueId}:${task.taskId}`}
            issueId={task.issueId}
            title={task.title}
            colour={URGENCY_COLOURS[urgency]}
            data-testid="task-row"
            data-issue-id={task.issueId}
            data-task-id={task.taskId}
            data-urgency={urgency}
          >
            <div className="item-meta">
              <span>{task.projectName}</span>
              <CategoryTag category={task.category} />
              <RiskTag risk={task.risk} />
              <Tag>{t(`taskRole.${task.role}`)}</Tag>
              <TaskStatusTag status={task.status} />
              {task.escalationLevel > 0 ? <LevelTag level={task.escalationLevel} /> : null}
              {waiting ? <Tag color="magenta">{t('tasks.instructionWaiting')}</Tag> : null}
            </div>
            <div className="item-meta">
              {task.open ? (
                <>
                  <UrgencyTag timeLeftMs={left} />
                  <Deadline
                    due={task.nextDue}
                    now={now}
                    label={task.nextDeadline === 'accept' ? t('deadline.accept') : t('deadline.handle')}
                    testId="task-deadline"
                  />
                  {task.handleDueOriginal && task.handleDue && task.handleDueOriginal !== task.handleDue ? (
                    <Typography.Text type="secondary">
                      ({t('deadline.original')} <Deadline due={task.handleDueOriginal} now={now} ended />)
                    </Typography.Text>
                  ) : null}
                </>
              ) : (
                <Typography.Text type="secondary">
                  <Deadline due={task.endedAt} now={now} ended />
                </Typography.Text>
              )}
            </div>
            {task.open ? (
              <div style={{ marginTop: 10 }}>
                {detail ? (
                  <IssueActions
                    detail={detail}
                    onDone={() => {
                      tasks.reload();
                      details.reload([task.issueId]);
                    }}
                    compact
                    only={['accept', 'acknowledge', 'progress', 'transfer', 'assist', 'requestExtension', 'resolve']}
                  />
                ) : details.loading ? (
                  <Spin size="small" />
                ) : null}
              </div>
            ) : null}
          </IssueCard>
        );
      })}
      {tasks.data?.nextCursor ? (
        <Space style={{ width: '100%', justifyContent: 'center' }}>
          <Button onClick={() => setPages((p) => [...p, 'more'])} loading={tasks.loading} data-testid="tasks-more">
            {t('app.more')}
          </Button>
        </Space>
      ) : null}
    </div>
  );
}
