// 投递记录 (the dispatcher and administrators): each notice on each channel and how sending it went, newest first —
// time, channel and its kind, the issue, the notice's topic, the status (待发送, 发送中, 已发送, 失败, 已取消), the
// attempts, the last result, and 可能重复 when the last attempt had no answer — filtered by status and kind (in the
// URL), with cursor pages (加载更多). A table on wide screens, a card per delivery on phones.
// Test ids: `deliveries-page`, `filter-status`, `filter-kind`, `delivery-row` (data-delivery-id, data-status,
// data-channel-id), `delivery-ambiguous`, `deliveries-more`.
import { useState, type HTMLAttributes } from 'react';
import { Button, Card, Grid, Select, Table, Tag, Tooltip, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../api/endpoints';
import { CHANNEL_KINDS, DELIVERY_STATUSES, type ChannelKind, type Delivery, type DeliveryStatus } from '../api/types';
import { ChannelKindTag, DeliveryStatusTag } from '../components/notice-labels';
import { ListState, PageTitle } from '../components/page';
import { ProblemAlert } from '../components/problem';
import { useResource } from '../hooks/use-resource';
import { choicesOf, labelOf, useI18n, type Translate } from '../i18n/i18n';
import { useLiveRefresh } from '../live/live-events';
import { deliveryResult, isSettled } from '../logic/deliveries';
import { formatZoneTime } from '../logic/time';

const PAGE_SIZE = 20;

export default function DeliveriesPage() {
  const { t } = useI18n();
  const screens = Grid.useBreakpoint();
  const wide = screens.lg === true;
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') as DeliveryStatus | null) ?? undefined;
  const kind = (params.get('kind') as ChannelKind | null) ?? undefined;
  const [pages, setPages] = useState(1);
  const deliveries = useResource(
    async (signal) => {
      const items: Delivery[] = [];
      let cursor: string | null | undefined;
      for (let page = 0; page < pages; page++) {
        const answer = await api.deliveries({ status, kind, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) }, signal);
        items.push(...answer.items);
        cursor = answer.nextCursor;
        if (!cursor) break;
      }
      return { items, nextCursor: cursor ?? null };
    },
    [status, kind, pages],
  );
  // a new notice may have gone out on a channel
  useLiveRefresh(deliveries.reload, (change) => change.changes.includes('notification'), 1_500);

  const setFilter = (name: 'status' | 'kind', value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setPages(1);
    setParams(next, { replace: true });
  };
  const items = deliveries.data?.items ?? [];
  const rowAttributes = (d: Delivery) =>
    ({
      'data-testid': 'delivery-row',
      'data-delivery-id': d.id,
      'data-status': d.status,
      'data-channel-id': d.channel.id,
    }) as HTMLAttributes<HTMLElement>;

  const columns = [
    {
      title: t('deliveries.time'),
      key: 'time',
      width: 150,
      render: (_: unknown, d: Delivery) => <span style={{ whiteSpace: 'nowrap' }}>{formatZoneTime(d.createdAt)}</span>,
    },
    {
      title: t('deliveries.channel'),
      key: 'channel',
      render: (_: unknown, d: Delivery) => <Channel delivery={d} />,
    },
    {
      title: t('deliveries.issue'),
      key: 'issue',
      render: (_: unknown, d: Delivery) => <IssueOf delivery={d} />,
    },
    {
      title: t('deliveries.topic'),
      key: 'topic',
      render: (_: unknown, d: Delivery) => labelOf(t, 'topic', d.topic),
    },
    {
      title: t('deliveries.status'),
      key: 'status',
      render: (_: unknown, d: Delivery) => <StatusOf delivery={d} t={t} />,
    },
    { title: t('deliveries.attempts'), key: 'attempts', width: 90, align: 'right' as const, dataIndex: 'attempts' },
    {
      title: t('deliveries.result'),
      key: 'result',
      width: 260,
      render: (_: unknown, d: Delivery) => <Result delivery={d} t={t} />,
    },
  ];

  return (
    <div data-testid="deliveries-page">
      <PageTitle title={t('deliveries.title')} />
      <Typography.Paragraph type="secondary">{t('deliveries.intro')}</Typography.Paragraph>
      <div className="filters">
        <Select
          allowClear
          placeholder={t('deliveries.filterStatus')}
          value={status}
          onChange={(v?: string) => setFilter('status', v)}
          options={choicesOf(t, 'deliveryStatus', DELIVERY_STATUSES)}
          style={{ width: 150 }}
          data-testid="filter-status"
        />
        <Select
          allowClear
          placeholder={t('deliveries.filterKind')}
          value={kind}
          onChange={(v?: string) => setFilter('kind', v)}
          options={choicesOf(t, 'channelKind', CHANNEL_KINDS)}
          style={{ width: 150 }}
          data-testid="filter-kind"
        />
      </div>
      <ProblemAlert error={deliveries.error} onRetry={deliveries.reload} />
      {wide ? (
        <Table<Delivery>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={items}
          loading={deliveries.loading && !deliveries.data}
          pagination={false}
          locale={{ emptyText: t('deliveries.empty') }}
          onRow={rowAttributes}
        />
      ) : (
        <>
          <ListState
            loading={deliveries.loading && !deliveries.data}
            empty={!!deliveries.data && items.length === 0}
            description={t('deliveries.empty')}
          />
          {items.map((d) => (
            <Card
              key={d.id}
              size="small"
              className="item-card"
              style={{
                borderLeftColor: d.status === 'failed' ? '#ff4d4f' : d.status === 'sent' ? '#52c41a' : '#d9d9d9',
              }}
              {...(rowAttributes(d) as Record<string, string>)}
            >
              <div className="channel-card-head">
                <Channel delivery={d} />
                <StatusOf delivery={d} t={t} />
              </div>
              <div className="item-meta">
                <span>{formatZoneTime(d.createdAt)}</span>
                <span>{labelOf(t, 'topic', d.topic)}</span>
                {d.issueId ? <IssueOf delivery={d} /> : null}
              </div>
              <div className="item-meta delivery-attempts">
                <span>
                  {t('deliveries.attempts')} {d.attempts}
                </span>
                <Result delivery={d} t={t} />
              </div>
            </Card>
          ))}
        </>
      )}
      {deliveries.data?.nextCursor ? (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button loading={deliveries.loading} onClick={() => setPages((n) => n + 1)} data-testid="deliveries-more">
            {t('app.more')}
          </Button>
        </div>
      ) : null}
    </div>
  );
}

function Channel({ delivery }: { delivery: Delivery }) {
  return (
    <span className="delivery-channel">
      <ChannelKindTag kind={delivery.channel.kind} />
      <span className="wrap-anywhere">{delivery.channel.name}</span>
    </span>
  );
}

/** The issue a notice was about; a test message has none (its topic says so). */
function IssueOf({ delivery }: { delivery: Delivery }) {
  if (!delivery.issueId) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Link to={`/issues/${encodeURIComponent(delivery.issueId)}`} className="wrap-anywhere">
      {delivery.issueId}
    </Link>
  );
}

function StatusOf({ delivery, t }: { delivery: Delivery; t: Translate }) {
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      <DeliveryStatusTag status={delivery.status} />
      {delivery.ambiguous ? (
        <Tooltip title={t('deliveries.ambiguousHint')}>
          <Tag color="orange" data-testid="delivery-ambiguous">
            {t('deliveries.ambiguous')}
          </Tag>
        </Tooltip>
      ) : null}
    </span>
  );
}

function Result({ delivery, t }: { delivery: Delivery; t: Translate }) {
  const { lang } = useI18n();
  const result = deliveryResult(delivery.lastStatus, delivery.lastError, lang);
  const when = delivery.sentAt
    ? t('deliveries.sentAt', { at: formatZoneTime(delivery.sentAt) })
    : delivery.holdUntil && Date.parse(delivery.holdUntil) > Date.now()
      ? t('deliveries.heldUntil', { at: formatZoneTime(delivery.holdUntil) })
      : !isSettled(delivery.status)
        ? t('deliveries.nextAttempt', { at: formatZoneTime(delivery.nextAttemptAt) })
        : null;
  return (
    <span className="delivery-result">
      {result.status ? (
        <Tooltip title={result.detail}>
          <span className={result.detail ? 'has-detail' : undefined}>{result.status}</span>
        </Tooltip>
      ) : null}
      {result.error ? (
        <Typography.Text type="danger" className="wrap-anywhere" style={{ display: 'block', fontSize: 12 }}>
          {result.error}
        </Typography.Text>
      ) : !result.status && result.detail ? (
        <Typography.Text type="secondary" className="wrap-anywhere" style={{ display: 'block', fontSize: 12 }}>
          {result.detail}
        </Typography.Text>
      ) : null}
      {when ? (
        <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
          {when}
        </Typography.Text>
      ) : null}
    </span>
  );
}
