// The bell: the count of unread notices, the list in a drawer, and a short notice (antd `notification`) when the
// live stream brings a new task, an escalation or another notice for me.
import { useEffect, useRef, useState } from 'react';
import { App, Badge, Button, Drawer, List, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { api } from '../api/endpoints';
import type { InboxNotification } from '../api/types';
import { useResource } from '../hooks/use-resource';
import { labelOf, useI18n } from '../i18n/i18n';
import { useLiveRefresh } from '../live/live-events';
import { formatZoneTime } from '../logic/time';

export function NotificationBell() {
  const { t } = useI18n();
  const { notification } = App.useApp();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const notices = useResource((signal) => api.notifications({ limit: 50 }, signal), []);
  const seen = useRef<Set<string> | null>(null);
  useLiveRefresh(notices.reload, (change) => change.changes.includes('notification') || change.changes.length === 0);

  // a notice not seen before (after the first load) pops up once
  useEffect(() => {
    const items = notices.data?.items;
    if (!items) return;
    if (seen.current === null) {
      seen.current = new Set(items.map((n) => n.id));
      return;
    }
    for (const item of items) {
      if (seen.current.has(item.id)) continue;
      seen.current.add(item.id);
      if (item.readAt) continue;
      const title =
        item.topic === 'task_assigned' || item.topic === 'assist_requested'
          ? t('live.newTask')
          : item.topic === 'escalated'
            ? t('live.escalation')
            : labelOf(t, 'topic', item.topic);
      notification.info({
        key: item.id,
        title,
        description: item.issueTitle ?? item.issueId,
        placement: 'topRight',
        onClick: () => navigate(`/issues/${encodeURIComponent(item.issueId)}`),
      });
    }
  }, [notices.data, notification, navigate, t]);

  const items = notices.data?.items ?? [];
  const unread = items.filter((n) => !n.readAt).length;
  return (
    <>
      <Badge count={unread} size="small" overflowCount={99}>
        <Button
          type="text"
          shape="circle"
          size="large"
          icon={<BellOutlined style={{ fontSize: 20, color: '#fff' }} />}
          aria-label={t('notifications.title')}
          data-testid="notification-bell"
          data-unread={unread}
          onClick={() => setOpen(true)}
        />
      </Badge>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        title={`${t('notifications.title')} · ${t('notifications.unread', { n: unread })}`}
        size="default"
        styles={{ body: { padding: 0 } }}
        rootClassName="notification-drawer"
      >
        <List<InboxNotification>
          dataSource={items}
          locale={{ emptyText: t('notifications.empty') }}
          renderItem={(item) => (
            <List.Item
              data-testid="notification-item"
              data-issue-id={item.issueId}
              style={{ padding: '12px 16px', cursor: 'pointer', background: item.readAt ? undefined : '#f0f7ff' }}
              onClick={() => {
                setOpen(false);
                navigate(`/issues/${encodeURIComponent(item.issueId)}`);
              }}
            >
              <List.Item.Meta
                title={
                  <span>
                    {labelOf(t, 'topic', item.topic)} · {item.issueTitle ?? item.issueId}
                  </span>
                }
                description={
                  <>
                    {item.detail ? <div className="wrap-anywhere">{item.detail}</div> : null}
                    <Typography.Text type="secondary">{formatZoneTime(item.createdAt)}</Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
        />
      </Drawer>
    </>
  );
}
