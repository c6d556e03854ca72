// The bell: the count of unread notices (GET /inbox/notifications/unread-count, not the length of a page), the list
// in a drawer with 标为已读 per notice and 全部标为已读, and a short notice (antd `notification`) when the live stream
// brings a new task, an escalation or another notice for me. The count follows the live stream: new notices
// (`issue` events naming a notification), and read marks made in any of my tabs (`inbox` events).
// Test ids: `notification-bell` (data-unread), `notification-item` (data-issue-id, data-read), `notification-read`,
// `notification-read-all`.
import { useEffect, useRef, useState } from 'react';
import { App, Badge, Button, Drawer, List, Typography } from 'antd';
import { BellOutlined, CheckOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { api } from '../api/endpoints';
import type { InboxNotification } from '../api/types';
import { useResource } from '../hooks/use-resource';
import { labelOf, useI18n } from '../i18n/i18n';
import { useLive, useLiveRefresh } from '../live/live-events';
import { applyReadMark, readAllBefore } from '../logic/notices';
import { formatZoneTime } from '../logic/time';

export function NotificationBell() {
  const { t } = useI18n();
  const { notification, message } = App.useApp();
  const navigate = useNavigate();
  const { subscribe } = useLive();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const notices = useResource((signal) => api.notifications({ limit: 50 }, signal), []);
  const count = useResource((signal) => api.unreadCount(signal), []);
  /** the list as shown: the last read, with the read marks made since applied */
  const [items, setItems] = useState<InboxNotification[]>([]);
  const [unread, setUnread] = useState(0);
  const seen = useRef<Set<string> | null>(null);
  const openRef = useRef(open);
  openRef.current = open;

  useEffect(() => {
    if (notices.data) setItems(notices.data.items);
  }, [notices.data]);
  useEffect(() => {
    if (count.data) setUnread(count.data.unread);
  }, [count.data]);

  // a new notice for me, or a gap: read both again
  useLiveRefresh(
    () => {
      notices.reload();
      count.reload();
    },
    (change) => change.changes.includes('notification') || change.changes.length === 0,
  );
  // a read mark made here or in another tab: mark the list at once, and ask for the count again
  const reloadCount = count.reload;
  useEffect(
    () =>
      subscribe((signal) => {
        if (signal.kind !== 'inbox') return;
        setItems((current) => applyReadMark(current, signal.read));
        reloadCount();
      }),
    [subscribe, reloadCount],
  );

  // a notice not seen before (after the first load) pops up once
  useEffect(() => {
    const list = notices.data?.items;
    if (!list) return;
    if (seen.current === null) {
      seen.current = new Set(list.map((n) => n.id));
      return;
    }
    for (const item of list) {
      if (seen.current.has(item.id)) continue;
      seen.current.add(item.id);
      // the open list shows it already: a pop-up would only cover the list
      if (item.readAt || openRef.current) continue;
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

  /** Marks one notice read: at once on the page, then on the API (the count is read again either way). */
  const markRead = (item: InboxNotification) => {
    if (item.readAt) return;
    const at = new Date().toISOString();
    setItems((current) => applyReadMark(current, { notificationId: item.id, marked: 1, at }));
    setUnread((n) => Math.max(0, n - 1));
    api
      .markRead(item.id)
      .catch(() => message.error(t('notifications.markFailed')))
      .finally(() => count.reload());
  };

  const markAll = async () => {
    const before = readAllBefore(items);
    setBusy(true);
    try {
      const { marked } = await api.markAllRead(before);
      setItems((current) =>
        applyReadMark(current, { marked, at: new Date().toISOString(), ...(before ? { before } : {}) }),
      );
      setUnread((n) => Math.max(0, n - marked));
    } catch {
      message.error(t('notifications.markFailed'));
    } finally {
      setBusy(false);
      count.reload();
    }
  };

  return (
    <>
      <Badge count={unread} size="small" overflowCount={99}>
        <Button
          type="text"
          shape="circle"
          size="large"
          icon={<BellOutlined style={{ fontSize: 20, color: '#fff' }} />}
          aria-label={`${t('notifications.title')} · ${t('notifications.unread', { n: unread })}`}
          data-testid="notification-bell"
          data-unread={unread}
          onClick={() => {
            // the pop-ups are in the list now, and would cover its first notices
            notification.destroy();
            setOpen(true);
          }}
        />
      </Badge>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        title={
          <span>
            {t('notifications.title')}
            <Typography.Text type="secondary" className="notification-count">
              {t('notifications.unread', { n: unread })}
            </Typography.Text>
          </span>
        }
        extra={
          <Button
            size="small"
            icon={<CheckOutlined />}
            disabled={unread === 0}
            loading={busy}
            onClick={() => void markAll()}
            data-testid="notification-read-all"
          >
            {t('notifications.readAll')}
          </Button>
        }
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
              data-read={item.readAt ? 'true' : 'false'}
              className={`notification-item ${item.readAt ? 'is-read' : 'is-unread'}`}
              onClick={() => {
                markRead(item);
                setOpen(false);
                navigate(`/issues/${encodeURIComponent(item.issueId)}`);
              }}
              extra={
                item.readAt ? null : (
                  <Button
                    type="link"
                    size="small"
                    data-testid="notification-read"
                    onClick={(event) => {
                      event.stopPropagation();
                      markRead(item);
                    }}
                  >
                    {t('notifications.markRead')}
                  </Button>
                )
              }
            >
              <List.Item.Meta
                avatar={<span className="unread-dot" aria-label={item.readAt ? undefined : t('notifications.new')} />}
                title={
                  <span className="wrap-anywhere">
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
